"""Synthetic SPECIMEN document generator for the local OCR engine's tests and benchmark.

``generate(kind, subtype, seed, degraded=...)`` returns the bytes an upload would carry (PNG, JPEG
or a single-page PDF for business certificates) together with the values printed on it.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from tests.docgen import render
from tests.docgen.degrade import degrade
from tests.docgen.textpdf import text_left_out, text_pdf

DOC_TYPES: tuple[tuple[str, str | None], ...] = (
    ("id_card", "resident"),
    ("id_card", "driver"),
    ("id_card", "passport"),
    ("id_card", "alien"),
    ("credit_card", None),
    ("business_registration", "individual"),
    ("business_registration", "corporate"),
)


@dataclass(frozen=True)
class Document:
    """An encoded test document and its ground truth."""

    kind: str
    subtype: str | None
    data: bytes
    filename: str
    truth: dict[str, str]
    boxes: dict[str, tuple[int, int, int, int]]
    degradation: str = ""


def specimen(kind: str, subtype: str | None, seed: int) -> render.Specimen:
    rng = random.Random(f"{kind}/{subtype}/{seed}")
    if kind == "credit_card":
        return render.credit_card(rng)
    if kind == "business_registration":
        return render.business_registration(rng, subtype or "individual")
    return {"resident": render.resident, "driver": render.driver, "passport": render.passport, "alien": render.alien}[
        subtype or "resident"
    ](rng)


def generate(
    kind: str, subtype: str | None, seed: int, *, degraded: bool = False, text_layer: bool = False
) -> Document:
    """``text_layer``: a certificate as a PDF with its text in a text layer (textpdf.py), the way
    Hometax issues it online, instead of a scan or a photo."""
    spec = specimen(kind, subtype, seed)
    rng = random.Random(f"degrade/{kind}/{subtype}/{seed}")
    if degraded:
        data, how = degrade(spec.image, rng, card=kind != "business_registration")
        return Document(kind, subtype, data, "capture.jpg", spec.truth, {}, how)
    if text_layer and spec.drawn:
        with text_left_out():
            bare = specimen(kind, subtype, seed).image
        data = text_pdf(bare, spec.drawn, spec.image.width / 8.27)
        return Document(kind, subtype, data, "certificate.pdf", spec.truth, spec.boxes, "text pdf")
    buf = io.BytesIO()
    if spec.is_pdf:
        dpi = spec.image.width / 8.27
        spec.image.save(buf, format="PDF", resolution=dpi)
        return Document(kind, subtype, buf.getvalue(), "certificate.pdf", spec.truth, spec.boxes, "pdf")
    if rng.random() < 0.5:
        spec.image.save(buf, format="PNG")
        return Document(kind, subtype, buf.getvalue(), "scan.png", spec.truth, spec.boxes)
    spec.image.save(buf, format="JPEG", quality=92)
    return Document(kind, subtype, buf.getvalue(), "scan.jpg", spec.truth, spec.boxes)
