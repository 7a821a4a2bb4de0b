"""Shared building blocks for the per-document extractors: drafts, value patterns, OCR fix-ups.

Extractors anchor on value patterns (numbers, dates, check digits) and on the page layout around
them; printed labels are only a hint because Tesseract garbles wide-spaced Korean labels.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from ocr_integration.local.reading import TextLine

# Characters the recognisers confuse with digits inside numeric fields.
_DIGIT_FIXES = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1"}
    | {"Z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6", "T": "7", "g": "9"}
)
DASHES = "-‐‑‒–—―~_=－"


@dataclass
class Draft:
    """A field value found on the working image, before mapping to result coordinates."""

    key: str
    value: str
    confidence: float
    quads: list[np.ndarray] = field(default_factory=list)
    mask_quads: list[np.ndarray] = field(default_factory=list)


def numeric(text: str) -> str:
    """Read a numeric field: confusable letters become digits, dash look-alikes become '-'."""
    out = text.translate(_DIGIT_FIXES)
    for d in DASHES:
        out = out.replace(d, "-")
    return out


def line_text(ln: TextLine) -> str:
    """Best human-readable reading of a line: Tesseract for Hangul lines, RapidOCR otherwise."""
    return ln.hangul if ln.has_hangul else (ln.latin or ln.hangul)


def hangul_conf(ln: TextLine) -> float:
    return 0.5 * ln.hangul_conf + 0.5 * ln.hangul_min_conf


def text_conf(ln: TextLine) -> float:
    """Confidence of free Korean text (addresses, business text), where the spaces are part of
    the value: Tesseract's word confidences, lowered for each doubtful space decision."""
    return hangul_conf(ln) * 0.8 ** min(ln.hangul_spacing_doubts, 3)


def span_quad(ln: TextLine, text: str, start: int, end: int) -> np.ndarray:
    """Approximate quad of characters ``start:end`` of ``text`` read from ``ln``."""
    n = max(len(text), 1)
    return ln.sub_quad(start / n, end / n)


RRN_RE = re.compile(r"(?<!\d)(\d{2})\s*(\d{2})\s*(\d{2})\s*-\s*(\d)\s*(\d{6})(?!\d)")
DATE_DOT_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[.,]\s*(\d{1,2})\s*[.,]\s*(\d{1,2})(?!\d)")
DATE_ANY_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\D{1,4}?(\d{1,2})\D{1,4}?(\d{1,2})(?!\d)")


def make_date(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


@dataclass
class Match:
    line: TextLine
    text: str  # the (fixed-up) text the match was found in
    match: re.Match[str]

    @property
    def quad(self) -> np.ndarray:
        return span_quad(self.line, self.text, self.match.start(), self.match.end())


def find_all(lines: list[TextLine], pattern: re.Pattern[str], *, fix_digits: bool = True) -> list[Match]:
    """Matches of ``pattern`` in each line's RapidOCR reading, falling back to the Tesseract one."""
    found: list[Match] = []
    for ln in lines:
        for raw in (ln.latin, ln.hangul):
            if not raw:
                continue
            text = numeric(raw) if fix_digits else raw
            ms = list(pattern.finditer(text))
            if ms:
                found.extend(Match(ln, text, m) for m in ms)
                break
    return found


def hangul_only(text: str) -> str:
    return re.sub(r"[^가-힣]", "", text)


def leading_hangul_name(text: str) -> str | None:
    """A Korean personal name: the first run of 2-5 Hangul syllables (Hanja in brackets dropped)."""
    m = re.search(r"[가-힣](?:\s?[가-힣]){1,4}", text)
    if not m:
        return None
    return re.sub(r"\s", "", m.group(0))


def clean_text(text: str) -> str:
    text = re.sub(r"[|_\[\]{}`'\"‘’“”]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .:;")


def spaced_latin(ln: TextLine) -> str:
    """RapidOCR drops the spaces between Latin words; Tesseract keeps them. Use Tesseract's spacing
    when both read the same letters."""
    if ln.latin_spaced and re.sub(r"\s", "", ln.latin_spaced).upper() == re.sub(r"\s", "", ln.latin).upper():
        return ln.latin_spaced.upper()
    return ln.latin
