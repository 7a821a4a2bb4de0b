"""The provider interface every OCR backend implements (local engine, NHN, CLOVA)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from ocr_integration.types import DocumentResult, TextRun


@runtime_checkable
class OcrProvider(Protocol):
    """Reads one document image into a ``DocumentResult`` or raises an ``OcrError``.

    ``kind`` is one of ``types.KINDS``; ``data`` is the image (JPEG/PNG) or single-page PDF bytes.
    ``subtype`` is a hint (the provider may detect it itself). ``text_layer``: the visible text of
    the PDF the picture was rendered from (intake keeps it; no PDF is stored), in the picture's
    pixels; a provider that reads only pictures ignores it. Providers never return ``None``.
    """

    name: str

    def analyze(
        self,
        kind: str,
        data: bytes,
        *,
        filename: str = "",
        subtype: str | None = None,
        text_layer: tuple[TextRun, ...] = (),
    ) -> DocumentResult: ...

    def check_ready(self) -> None:
        """Raise ``OcrConfigurationError`` when the provider cannot work (for /healthz)."""
        ...


def provider_options(options: dict[str, Any] | None) -> dict[str, Any]:
    return dict(options or {})
