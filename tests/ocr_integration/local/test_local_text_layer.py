"""Certificates issued as PDFs with a text layer: read from the layer, checked against the page."""

from __future__ import annotations

import io
import logging
from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from ocr_integration.local import imaging
from ocr_integration.local.provider import LocalOcrProvider
from ocr_integration.types import DocumentResult
from tests.docgen import generate, specimen
from tests.docgen.holdout import generate_holdout
from tests.docgen.textpdf import Drawn, text_left_out, text_pdf

KEYS = ("business_number", "company_name", "representative_name", "open_date")


@pytest.fixture(scope="module")
def provider() -> LocalOcrProvider:
    return LocalOcrProvider()


def _read(provider: LocalOcrProvider, data: bytes, caplog: pytest.LogCaptureFixture) -> tuple[DocumentResult, str]:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="ocr_integration.local.provider"):
        result = provider.analyze("business_registration", data, filename="certificate.pdf")
    return result, caplog.text


def _a4(seed: int) -> tuple:
    """A docgen certificate's page, the strings drawn on it and its resolution."""
    spec = specimen("business_registration", "individual", seed)
    return spec, spec.image.width / 8.27


@pytest.mark.slow
@pytest.mark.parametrize("make", [generate, generate_holdout], ids=["docgen", "holdout"])
@pytest.mark.parametrize("subtype", ["individual", "corporate"])
def test_reads_every_field_of_a_text_pdf_exactly(
    provider: LocalOcrProvider, caplog: pytest.LogCaptureFixture, make, subtype: str
) -> None:
    doc = make("business_registration", subtype, 3, text_layer=True)

    result, log = _read(provider, doc.data, caplog)

    assert "from the text layer" in log
    assert result.subtype == subtype
    assert {f.key: f.value for f in result.fields} == doc.truth
    assert not [f.key for f in result.fields if f.needs_review]
    w, h = result.image.width, result.image.height
    assert result.image.unit == "point" and abs(w - 595) <= 1 and abs(h - 842) <= 1  # A4
    for f in result.fields:
        assert f.polygons and all(0 <= x <= w and 0 <= y <= h for p in f.polygons for x, y in p), f.key


@pytest.mark.slow
@pytest.mark.parametrize("hide", ["invisible", "under"])
def test_text_the_page_does_not_show_is_not_read(
    provider: LocalOcrProvider, caplog: pytest.LogCaptureFixture, hide: str
) -> None:
    # Another certificate's text hidden in the PDF of this one (render mode 3, as a scanner's OCR
    # layer; or under the page's picture): the case gets what the page shows.
    shown, dpi = _a4(21)
    hidden, _ = _a4(22)

    result, log = _read(provider, text_pdf(shown.image, hidden.drawn, dpi, hide=hide), caplog)

    assert "from the image" in log
    assert result.value("business_number") == shown.truth["business_number"]
    for key in ("company_name", "representative_name", "open_date"):
        assert result.value(key) != hidden.truth[key], key


@pytest.mark.slow
def test_a_company_name_in_latin_letters_is_checked_against_the_page(
    provider: LocalOcrProvider, caplog: pytest.LogCaptureFixture
) -> None:
    spec, dpi = _a4(24)
    with text_left_out():
        bare = specimen("business_registration", "individual", 24).image
    latin = [replace(d, text="ABC TRADING") if d.text == spec.truth["company_name"] else d for d in spec.drawn]
    assert latin != spec.drawn

    result, log = _read(provider, text_pdf(bare, latin, dpi), caplog)
    assert "from the text layer" in log and result.value("company_name") == "ABC TRADING"

    # The same name written white on white: the page shows no name there.
    white = [replace(d, fill=(255, 255, 255)) if d.text == "ABC TRADING" else d for d in latin]
    result, log = _read(provider, text_pdf(bare, white, dpi), caplog)
    assert "from the image" in log and result.value("company_name") != "ABC TRADING"


@pytest.mark.slow
def test_a_text_layer_without_the_certificate_is_not_used(
    provider: LocalOcrProvider, caplog: pytest.LogCaptureFixture
) -> None:
    # A scanned certificate with a line of PDF text added under it (a footer, a stamp's words).
    shown, dpi = _a4(23)
    footer = next(d for d in shown.drawn if d.text.strip())
    note = Drawn(
        (footer.xy[0], shown.image.height - 40),
        "국세청 홈택스에서 발급 사실을 확인할 수 있습니다.",
        footer.font,
        (0, 0, 0),
    )

    result, log = _read(provider, text_pdf(shown.image, [note], dpi), caplog)

    assert "from the image" in log
    assert result.value("business_number") == shown.truth["business_number"]


def test_the_text_layer_keeps_only_text_on_an_upright_page() -> None:
    doc = generate("business_registration", "individual", 3, text_layer=True)
    runs = imaging.load_input(doc.data).text
    assert any(doc.truth["company_name"] in r.text for r in runs)
    assert all(0 <= r.box[0] < r.box[2] <= 1654 and 0 <= r.box[1] < r.box[3] <= 2340 for r in runs)

    pdf = pdfium.PdfDocument(doc.data)
    pdf[0].set_rotation(90)
    rotated = _saved(pdf)
    assert imaging.load_input(rotated).text == ()

    shown, dpi = _a4(3)
    scanned = text_pdf(shown.image, shown.drawn, dpi, hide="invisible")
    assert imaging.load_input(scanned).text == ()


def _saved(pdf: pdfium.PdfDocument) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()
