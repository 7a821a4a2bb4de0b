"""Provider registry: which provider classes exist (``OCR_PROVIDERS``) and, per document kind,
the ordered list to try (``OCR_PROVIDER_ORDER``). Behaviour is chosen by dotted path in settings.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from ocr_integration.errors import OcrConfigurationError
from ocr_integration.providers.base import OcrProvider


def _provider_config(name: str) -> dict[str, Any]:
    try:
        return dict(settings.OCR_PROVIDERS[name])
    except KeyError:
        raise OcrConfigurationError(f"unknown OCR provider {name!r}", provider=name, code="unknown") from None


@cache
def _build(name: str) -> OcrProvider:
    config = _provider_config(name)
    cls = import_string(config["class"])
    provider: OcrProvider = cls(**config.get("options", {}))
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
