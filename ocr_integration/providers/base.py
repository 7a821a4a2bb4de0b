"""The provider interface every OCR backend implements (local engine, NHN, CLOVA)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from ocr_integration.types import DocumentResult


@runtime_checkable
class OcrProvider(Protocol):
    """Reads one document image into a ``DocumentResult`` or raises an ``OcrError``.

    ``kind`` is one of ``types.KINDS``; ``data`` is the image (JPEG/PNG) or single-page PDF bytes.
    ``subtype`` is a hint (the provider may detect it itself). Providers never return ``None``.
    """

    name: str

    def analyze(self, kind: str, data: bytes, *, filename: str = "", subtype: str | None = None) -> DocumentResult: ...

    def check_ready(self) -> None:
        """Raise ``OcrConfigurationError`` when the provider cannot work (for /healthz)."""
        ...


def provider_options(options: dict[str, Any] | None) -> dict[str, Any]:
    return dict(options or {})
