"""Reading a PDF certificate from its own text layer instead of its picture.

Hometax issues certificates online as PDFs whose text is text: read from the text layer, every
value is exact and the page needs no recognition. The layer is used only when it holds the
certificate (a business number whose check digit holds, and Korean text), and when the page's
picture shows what it says: the key values are recognised once in their boxes on the rendered
page and must agree. Text a person cannot see (white on white, under a picture) would otherwise
put values on the case that the page does not show; then, as without a text layer, the picture is
read.
"""

from __future__ import annotations

import re

import numpy as np

from ocr_integration.checksums import business_number_valid
from ocr_integration.local import engines
from ocr_integration.local.business import BUSINESS_RE
from ocr_integration.local.extraction import Draft, find_all, substring_distance
from ocr_integration.local.imaging import WorkingImage, crop_quad, map_points
from ocr_integration.local.korean import hangul_only
from ocr_integration.local.reading import PAD, TextLine
from ocr_integration.types import TextRun

_MARGIN = 0.2


def lines_of(work: WorkingImage, runs: tuple[TextRun, ...]) -> list[TextLine]:
    """A PDF's own text as the lines a capture's reading gives, in working pixels, the text as both
    first readings at full confidence (there is no second reading).

    pdfium splits a wide-spaced label into one run per syllable ("사 업 자 등 록 증" into six): a
    lone syllable closer than 0.6 of a line height to its neighbour is joined to it (a label and
    its value, or a value and the next label, may be as close, and stay apart). A run of marks
    alone (the colon of "상호  :  하람건설") is dropped, and each box gets the margin above and
    below its glyphs that the detector's boxes have (a fifth of its height), which the
    extractors' row tests expect."""
    groups: list[list[TextRun]] = []
    for run in sorted((r for r in runs if re.search(r"\w", r.text)), key=lambda r: r.box[0]):
        for group in groups:
            last = group[-1].box
            height = max(last[3] - last[1], run.box[3] - run.box[1])
            overlap = min(last[3], run.box[3]) - max(last[1], run.box[1])
            glyph = len(run.text) == 1 or len(group[-1].text) == 1
            if glyph and overlap > 0.5 * height and 0 <= run.box[0] - last[2] <= 0.6 * height:
                group.append(run)
                break
        else:
            groups.append([run])
    to_work = np.linalg.inv(work.to_input)
    lines = []
    for group in groups:
        x0, y0 = min(r.box[0] for r in group), min(r.box[1] for r in group)
        x1, y1 = max(r.box[2] for r in group), max(r.box[3] for r in group)
        y0, y1 = y0 - _MARGIN * (y1 - y0), y1 + _MARGIN * (y1 - y0)
        quad = map_points(to_work, np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])).astype(np.float32)
        text = " ".join(r.text for r in group)
        words = tuple((w, 1.0) for w in text.split(" "))
        lines.append(TextLine(quad, text, 1.0, text, 1.0, 1.0, 0, words))
    lines.sort(key=lambda ln: (round(ln.cy / max(ln.height, 1) / 1.2), ln.x0))
    return lines


def holds_certificate(lines: list[TextLine]) -> bool:
    """The layer holds a business number whose check digit holds, and Korean text."""
    numbers = ("".join(m.match.groups()) for m in find_all(lines, BUSINESS_RE, fix_digits=False))
    return any(ln.has_hangul for ln in lines) and any(business_number_valid(n) for n in numbers)


# RapidOCR reads digits and Latin letters exactly on a rendered page; Korean names Tesseract
# reads, now and then with one syllable wrong (으뜸 as 으폼) or a syllable read twice over
# ("진숲솔프푸드" for 진솔푸드): a Korean name may differ from the layer's by one syllable, or be
# read with syllables added.
_NUMBERS = ("business_number", "corporate_number")
_NAMES = ("company_name", "representative_name")


def _plain(text: str) -> str:
    """Digits and Latin letters, upper case: what RapidOCR is compared on."""
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def shown_on_page(work: WorkingImage, drafts: list[Draft]) -> bool:
    """The rendered page shows the key values the text layer gave, where the layer puts them."""
    by_key = {d.key: d for d in drafts if d.quads}
    if "business_number" not in by_key:
        return False
    names = [by_key[k] for k in _NAMES if k in by_key]
    korean = [d for d in names if hangul_only(d.value)]
    # Numbers, and names in Latin letters ("ABC Trading"), by RapidOCR.
    latin = [by_key[k] for k in _NUMBERS if k in by_key] + [d for d in names if not hangul_only(d.value)]
    read = engines.recognise([crop_quad(work.bgr, d.quads[0]) for d in latin])
    if any(_plain(d.value) not in _plain(text) for d, (text, _) in zip(latin, read, strict=True)):
        return False
    seen = engines.read_lines_tesseract([crop_quad(work.bgr, d.quads[0], pad=PAD) for d in korean], pad=PAD)
    return all(_agrees(hangul_only(d.value), hangul_only(t.text)) for d, t in zip(korean, seen, strict=True))


def _agrees(value: str, reading: str) -> bool:
    rest = iter(reading)
    return substring_distance(value, reading) <= 1 or all(ch in rest for ch in value)
