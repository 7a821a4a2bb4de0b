"""Provider registry: which provider classes exist (``OCR_PROVIDERS``) and, per document kind,
the ordered list to try (``OCR_PROVIDER_ORDER``). Behaviour is chosen by dotted path in settings.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from ocr_integration.errors import OcrConfigurationError, OcrError, OcrRejectedInput
from ocr_integration.providers.base import OcrProvider
from ocr_integration.types import DocumentResult, TextRun

logger = logging.getLogger(__name__)


def _provider_config(name: str) -> dict[str, Any]:
    try:
        return dict(settings.OCR_PROVIDERS[name])
    except KeyError:
        raise OcrConfigurationError(f"unknown OCR provider {name!r}", provider=name, code="unknown") from None


@cache
def _build(name: str) -> OcrProvider:
    config = _provider_config(name)
    try:
        cls = import_string(config["class"])
        provider: OcrProvider = cls(**config.get("options", {}))
    except (ImportError, TypeError) as exc:
        # A missing engine or a wrong option is a configuration problem, reported as such to
        # /healthz and letting analyze_document fall back to the next provider.
        raise OcrConfigurationError(
            f"OCR provider {name!r} cannot be built: {type(exc).__name__}", provider=name, code="unavailable"
        ) from exc
    return provider


def get_provider(name: str) -> OcrProvider:
    """The (cached) provider instance configured under ``name``."""
    return _build(name)


def reset_providers() -> None:
    """Forget built providers (tests that change settings call this)."""
    _build.cache_clear()


def provider_names_for(kind: str) -> list[str]:
    names = list(settings.OCR_PROVIDER_ORDER.get(kind, []))
    if not names:
        raise OcrConfigurationError(f"no OCR provider configured for {kind!r}", code="no_provider")
    return names


def configured_provider_names() -> list[str]:
    seen: list[str] = []
    for names in settings.OCR_PROVIDER_ORDER.values():
        seen.extend(n for n in names if n not in seen)
    return seen


# Errors after which the next provider in the list may still succeed: the provider itself is down,
# busy, misconfigured or its envelope failed. A rejected input (unreadable photo, wrong document)
# would be rejected by the next provider too, and trying it would only send personal data to one
# more processor.
def _may_fall_back(exc: OcrError) -> bool:
    return not isinstance(exc, OcrRejectedInput)


def analyze_document(
    kind: str,
    data: bytes,
    *,
    filename: str = "",
    subtype: str | None = None,
    text_layer: tuple[TextRun, ...] = (),
) -> DocumentResult:
    """Read ``data`` with the providers configured for ``kind``, in order, falling back on failure.

    Falls back to the next provider only on retryable/unavailable, rate-limit, configuration and
    envelope errors; an ``OcrRejectedInput`` is raised at once. When every provider fails, the last
    error is raised.
    """
    last: OcrError | None = None
    for name in provider_names_for(kind):
        try:
            provider = get_provider(name)
            return provider.analyze(kind, data, filename=filename, subtype=subtype, text_layer=text_layer)
        except OcrError as exc:
            if not _may_fall_back(exc):
                raise
            logger.warning(
                "OCR provider %s failed for %s (%s %s); trying the next", name, kind, type(exc).__name__, exc.code
            )
            last = exc
    assert last is not None  # provider_names_for never returns an empty list
    raise last
