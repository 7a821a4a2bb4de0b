"""Certificates as PDFs with a text layer, like those Hometax issues online.

The generators' canvases record every string they draw (``Drawn``). A page rendered again inside
``text_left_out()`` has everything but that text (rules, shading, seal, SPECIMEN mark); ``text_pdf``
puts it in a PDF and writes each recorded string on it as PDF text, in the same font, size, colour
and place. ``text_pdf(..., hide=...)`` hides the text from the eye over a full page instead.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageFont

# pdfium embeds TrueType data, not font collections: a string drawn with a .ttc face is written
# with this font instead (same metrics class; the text, not the look, is what is tested).
FALLBACK_FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"


_TEXT_LEFT_OUT = contextvars.ContextVar("text_left_out", default=False)


@contextlib.contextmanager
def text_left_out() -> Iterator[None]:
    """Canvases record their strings but do not draw them (the picture under a PDF's text)."""
    token = _TEXT_LEFT_OUT.set(True)
    try:
        yield
    finally:
        _TEXT_LEFT_OUT.reset(token)


def drawing_text() -> bool:
    return not _TEXT_LEFT_OUT.get()


@dataclass(frozen=True)
class Drawn:
    """A PIL ``draw.text(xy, text, font=font, fill=fill, anchor=anchor)`` call, as a canvas made it."""

    xy: tuple[float, float]
    text: str
    font: ImageFont.FreeTypeFont
    fill: tuple[int, ...]
    anchor: str = "la"

    def origin(self) -> tuple[float, float]:
        """The baseline origin of the text (where PDF text is placed), in pixels."""
        at = self.font.getbbox(self.text, anchor=self.anchor)
        base = self.font.getbbox(self.text, anchor="ls")
        return self.xy[0] + at[0] - base[0], self.xy[1] + at[1] - base[1]

    def font_file(self) -> str:
        path = str(self.font.path)
        return path if path.endswith(".ttf") else FALLBACK_FONT


def text_pdf(image: Image.Image, texts: list[Drawn], dpi: float, *, hide: str = "") -> bytes:
    """A one-page PDF of ``image`` at ``dpi`` with ``texts`` written over it as PDF text.

    ``hide``: "invisible" writes the text in render mode 3 (a scanner's OCR layer), "under" puts it
    under the picture, where the picture covers it."""
    pt = 72.0 / dpi
    width, height = image.width * pt, image.height * pt
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(width, height)
    picture = pdfium.PdfImage.new(pdf)
    jpeg = io.BytesIO()
    image.convert("RGB").save(jpeg, format="JPEG", quality=90)
    jpeg.seek(0)
    picture.load_jpeg(jpeg, inline=True)
    picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
    if hide != "under":
        page.insert_obj(picture)
    fonts: dict[str, ctypes.c_void_p] = {}
    keep: list[object] = []  # the font data must outlive the document
    for t in texts:
        if not t.text.strip() or "\n" in t.text:
            continue  # multi-line strings (a card's "VALID\nTHRU") are not on certificates
        path = t.font_file()
        if path not in fonts:
            data = Path(path).read_bytes()
            buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
            keep.append(buf)
            fonts[path] = pdfium_c.FPDFText_LoadFont(pdf.raw, buf, len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
        x, y = t.origin()
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, fonts[path], t.font.size * pt)
        wide = (t.text + "\0").encode("utf-16-le")
        wbuf = ctypes.create_string_buffer(wide)
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wbuf, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FPDFPageObj_SetFillColor(obj, *t.fill[:3], 255)
        if hide == "invisible":
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x * pt, height - y * pt)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    if hide == "under":
        page.insert_obj(picture)
    page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    page.close()
    pdf.close()
    return out.getvalue()
