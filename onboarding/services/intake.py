"""Upload intake: decide by content whether a file is a picture we accept, then normalise it.

Nothing here touches storage or the database: a file is either fully validated and re-encoded in
memory, or rejected with a message saying what was wrong and what to do. Re-encoding from pixels
drops EXIF/XMP/ICC metadata and anything smuggled after the image data.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from ocr_integration.types import TextRun
from onboarding.errors import ApplicationError

# The providers' own limit (seed 000: "Maximum size: 5 MB"); the browser downscales to fit it.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Pixel-flood limits (ASVS 5.0 5.2.6, security checklist §2.4): far below Pillow's default bomb limit.
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
MIN_SIDE = 100
# A business certificate PDF is rendered to this long side (≥ the recommended 1280 px, A4 at ~200 dpi).
PDF_RENDER_LONG_SIDE = 2339
PDF_MAX_POINTS = 2000  # a page larger than ~70 cm is not a certificate

JPEG_QUALITY = 92

_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


class UploadRejected(ApplicationError):
    """The file cannot be used. The message says what was wrong and what to do instead."""

    code = "upload_rejected"
    http_status = 400


@dataclass(frozen=True)
class NormalisedImage:
    """An accepted upload, re-encoded: upright, RGB or greyscale, no metadata."""

    data: bytes
    image: Image.Image
    stored_format: str  # "jpeg" or "png"
    source_format: str  # "jpeg", "png" or "pdf"
    # A PDF's visible text, in the stored picture's pixels: the local engine reads it instead of
    # recognising the picture (the PDF itself is not kept).
    text: tuple[TextRun, ...] = ()

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height


def sniff_format(head: bytes) -> str | None:
    """The format of a file that starts with ``head`` (its first 1,024 bytes), by its content."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    # PDF readers accept the header anywhere in the first 1,024 bytes (ISO 32000-1, annex H), as
    # the local engine does (ocr_integration.local.imaging._is_pdf).
    return "pdf" if b"%PDF-" in head[:1024] else None


def _reject(code: str, message: object) -> UploadRejected:
    return UploadRejected(message, code=code)


def _check_size(size: int) -> None:
    if size == 0:
        raise _reject("empty", _("The file is empty. Choose the photo again, or take a new one."))
    if size > MAX_UPLOAD_BYTES:
        raise _reject(
            "too_large",
            _("The file is larger than 5 MB. Take the photo at a lower resolution, or choose a smaller file."),
        )


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _reject(
            "too_many_pixels",
            _(
                "The picture has too many pixels (at most 40 megapixels, 12,000 pixels a side). "
                "Take the photo at a lower resolution and try again."
            ),
        )
    if min(width, height) < MIN_SIDE:
        raise _reject(
            "too_few_pixels",
            _("The picture is too small to read. Take a photo where the document fills the frame."),
        )


def _damaged() -> UploadRejected:
    return _reject(
        "damaged",
        _("The file is damaged or incomplete. Take the photo again, or export it again from your gallery."),
    )


def _open_image(data: bytes, fmt: str) -> Image.Image:
    pil_format = {"jpeg": "JPEG", "png": "PNG"}[fmt]
    with warnings.catch_warnings():
        # A decompression bomb is refused, never decoded "with a warning".
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[pil_format])
            _check_pixels(*image.size)
            if getattr(image, "n_frames", 1) > 1:
                raise _reject(
                    "animated",
                    _("Animated pictures are not accepted. Upload a single still photo (JPEG or PNG)."),
                )
            image.load()
        except UploadRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _reject(
                "too_many_pixels",
                _("The picture has too many pixels. Take the photo at a lower resolution and try again."),
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _damaged() from None
    return image


def _normalise_pixels(image: Image.Image) -> Image.Image:
    # Phones store the picture sideways with an orientation tag; apply it so what we keep is upright.
    upright = ImageOps.exif_transpose(image) or image
    if upright.mode in {"RGB", "L"}:
        return upright.copy()
    # Transparency on white, 16-bit greyscale scaled, CMYK, YCbCr, palette: plain RGB for every
    # reader downstream.
    from ocr_integration.local.imaging import plain_rgb

    return plain_rgb(upright)


def _encode(image: Image.Image, fmt: str) -> bytes:
    # A fresh image built from the pixels alone: no EXIF, XMP, ICC or comments can survive.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buf = io.BytesIO()
    if fmt == "jpeg":
        clean.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _render_pdf(data: bytes) -> tuple[Image.Image, tuple[TextRun, ...]]:
    import pypdfium2 as pdfium

    from ocr_integration.local.imaging import page_text

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise _damaged() from None
    try:
        if len(pdf) != 1:
            raise _reject(
                "multi_page_pdf",
                _(
                    "The PDF has more than one page. Upload only the page of the business registration "
                    "certificate (a single-page PDF), or a photo of it."
                ),
            )
        page = pdf[0]
        width_pt, height_pt = page.get_size()
        if max(width_pt, height_pt) > PDF_MAX_POINTS or min(width_pt, height_pt) < 50:
            raise _reject("pdf_page_size", _("The PDF page has an unusual size. Upload a photo of the certificate."))
        scale = PDF_RENDER_LONG_SIDE / max(width_pt, height_pt)
        image = page.render(scale=scale).to_pil().convert("RGB")
        text = page_text(page, scale)
        page.close()
        return image, text
    finally:
        pdf.close()


def upload_normalise(*, data: bytes, kind: str) -> NormalisedImage:
    """Validate ``data`` by content for a document of ``kind`` and return it re-encoded and upright.

    Accepts JPEG and PNG, and a single-page PDF for business registration certificates (rendered to
    PNG, so no PDF is ever stored). Raises ``UploadRejected`` with an actionable message otherwise.
    """
    _check_size(len(data))
    fmt = sniff_format(data[:1024])
    if fmt == "gif":
        raise _reject("gif", _("GIF pictures (and animations) are not accepted. Upload a JPEG or PNG photo."))
    if fmt == "pdf":
        if kind != "business_registration":
            raise _reject(
                "pdf_not_allowed",
                _("A PDF is accepted only for the business registration certificate. Upload a JPEG or PNG photo."),
            )
        image, text = _render_pdf(data)
        _check_pixels(*image.size)
        return NormalisedImage(_encode(image, "png"), image, "png", "pdf", text)
    if fmt not in {"jpeg", "png"}:
        allowed = (
            _("JPEG or PNG photo, or a single-page PDF") if kind == "business_registration" else _("JPEG or PNG photo")
        )
        raise _reject(
            "not_an_image",
            _("This file is not a picture we can read, whatever its name says. Choose a %(allowed)s of the document.")
            % {"allowed": allowed},
        )
    image = _normalise_pixels(_open_image(data, fmt))
    return NormalisedImage(_encode(image, fmt), image, fmt, fmt)
