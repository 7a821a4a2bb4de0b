"""Shared building blocks for the per-document extractors: drafts, value patterns, OCR fix-ups.

Extractors anchor on value patterns (numbers, dates, check digits) and on the page layout around
them; printed labels are only a hint because Tesseract garbles wide-spaced Korean labels.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass, field

import numpy as np

from ocr_integration.local.korean import COMMON_SURNAMES, hangul_only, jamo_difference
from ocr_integration.local.reading import TextLine, letters

# Characters the recognisers confuse with digits inside numeric fields.
_DIGIT_FIXES = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1"}
    | {"Z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6", "T": "7", "g": "9"}
)
_CONFUSABLE = frozenset(chr(c) for c in _DIGIT_FIXES)
_LETTER_RUN = re.compile(r"[A-Za-z|]+")
DASHES = "-‐‑‒–—―~_=－～〜"  # the Chinese model writes full-width forms ("2024.1.1.～2024.12.31.")


@dataclass
class Draft:
    """A field value found on the working image, before mapping to result coordinates."""

    key: str
    value: str
    confidence: float
    quads: list[np.ndarray] = field(default_factory=list)
    mask_quads: list[np.ndarray] = field(default_factory=list)


def _digit_fix(m: re.Match[str]) -> str:
    run = m.group(0)
    # A word ("SPECIMEN" run into "13-95-457387-52SPECIMEN" where the stamp touches a licence
    # number) is not digits: its letters that look like none stay letters, and so does it.
    if len(run) >= 3 and sum(c not in _CONFUSABLE for c in run) >= 2:
        return run
    return run.translate(_DIGIT_FIXES)


def numeric(text: str) -> str:
    """Read a numeric field: confusable letters become digits, dash look-alikes become '-'."""
    # A bar closing a Korean word is a rule or a separator, not a 1 ("2005년| 3월 3일").
    out = _LETTER_RUN.sub(_digit_fix, re.sub(r"(?<=[가-힣])\|(?=\s|$)", "", text))
    for d in DASHES:
        out = out.replace(d, "-")
    return out


def line_text(ln: TextLine) -> str:
    """Best human-readable reading of a line: Tesseract for Hangul lines, RapidOCR otherwise."""
    return ln.hangul if ln.has_hangul else (ln.latin or ln.hangul)


def hangul_conf(ln: TextLine) -> float:
    return 0.5 * ln.hangul_conf + 0.5 * ln.hangul_min_conf


def value_conf(ln: TextLine, value: str) -> float:
    """Tesseract's confidence in the words that carry ``value`` (a name at the start of a line
    followed by Hanja or a label): the words after the value do not lower it."""
    need = hangul_only(value)
    if not need or not ln.hangul_words:
        return hangul_conf(ln)
    confs: list[float] = []
    got = ""
    for text, conf in ln.hangul_words:
        letters = hangul_only(text)
        if not letters:
            continue
        if not confs and not need.startswith(letters[:1]):
            continue  # a label or a stray word before the value
        confs.append(conf)
        got += letters
        if len(got) >= len(need):
            break
    if not confs or not got.startswith(need):
        return hangul_conf(ln)
    return 0.5 * sum(confs) / len(confs) + 0.5 * min(confs)


def text_conf(ln: TextLine) -> float:
    """Confidence of free Korean text (addresses, business text), where the spaces are part of
    the value: Tesseract's word confidences, lowered for each doubtful space decision."""
    return hangul_conf(ln) * 0.8 ** min(ln.hangul_spacing_doubts, 3)


def span_quad(ln: TextLine, text: str, start: int, end: int) -> np.ndarray:
    """Approximate quad of characters ``start:end`` of ``text`` read from ``ln``."""
    n = max(len(text), 1)
    return ln.sub_quad(start / n, end / n)


RRN_RE = re.compile(r"(?<!\d)(\d{2})\s*(\d{2})\s*(\d{2})\s*-\s*(\d)\s*(\d{6})(?!\d)")
# A zero before the year is a letter the digit fixes turned into one ("D2019.10.26": the D of "Date",
# holdout alien 9708). A dot read as a comma or a colon ("2024.02:11", docgen driver 9901, degraded)
# still parts a date.
DATE_DOT_RE = re.compile(r"(?<![1-9])((?:19|20)\d{2})\s*[.,:]\s*(\d{1,2})\s*[.,:]\s*(\d{1,2})(?!\d)")
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
    second_reader: bool = False  # found only in the Hangul script model's reading
    raw: str = ""  # the reading as the recogniser returned it

    @property
    def quad(self) -> np.ndarray:
        return span_quad(self.line, self.text, self.match.start(), self.match.end())

    @property
    def digits_from_letters(self) -> int:
        """Digits of the match the recogniser read as letters ("Z2" for 72), which ``numeric``
        turned into the digit they look like: a guess, not a reading."""
        if len(self.raw) != len(self.text):
            return 0  # a bar was dropped; the two no longer align (not in numbers)
        span = slice(self.match.start(), self.match.end())
        return sum(a.isalpha() and a != b for a, b in zip(self.raw[span], self.text[span], strict=True))


def find_all(lines: list[TextLine], pattern: re.Pattern[str], *, fix_digits: bool = True) -> list[Match]:
    """Matches of ``pattern`` in each line's RapidOCR reading, falling back to Tesseract's Korean
    model and then to its Hangul script model (which reads a date's 년/월/일 more often)."""
    found: list[Match] = []
    for ln in lines:
        for i, raw in enumerate((ln.latin, ln.hangul, ln.hangul_second)):
            if not raw:
                continue
            text = numeric(raw) if fix_digits else raw
            ms = list(pattern.finditer(text))
            if ms:
                found.extend(Match(ln, text, m, second_reader=i == 2, raw=raw) for m in ms)
                break
    return found


def is_subsequence(short: str, long: str) -> bool:
    """Every character of ``short`` occurs in ``long`` in the same order."""
    it = iter(long)
    return all(c in it for c in short)


def leading_hangul_name(text: str) -> str | None:
    """A Korean personal name: the first run of 2-5 Hangul syllables (Hanja in brackets dropped)."""
    m = re.search(r"[가-힣](?:\s?[가-힣]){1,4}", text)
    if not m:
        return None
    return re.sub(r"\s", "", m.group(0))


def known_surname(name: str, lines: list[TextLine]) -> str:
    """``name`` with the second reader's first syllable when only that one is a Korean surname
    ("번예윤" read by the Korean model, "변에윤" by the Hangul model: 변예윤), and the two differ in
    one letter of it. The rest stays the Korean model's: the second reader votes only on the
    surname, which comes from a closed list."""
    if not name or name[0] in COMMON_SURNAMES:
        return name
    for ln in lines:
        other = leading_hangul_name(ln.hangul_second) or ""
        if len(other) == len(name) and other[0] in COMMON_SURNAMES and jamo_difference(other[0], name[0]) == 1:
            return other[0] + name[1:]
    return name


def clean_text(text: str) -> str:
    # A table rule read as a bar, with the one letter its edge was read as in front of it, starts
    # no value ("때|미래솔루션": holdout individual 7400).
    text = re.sub(r"^\s*[^\s|]\s?\|+\s*(?=\S)", "", text)
    text = re.sub(r"[|_\[\]{}`'\"‘’“”]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .:;")


# What Tesseract's English model reads for a capital letter (a mark or a digit).
_LATIN_LOOKALIKES = str.maketrans({"!": "I", "|": "I", "1": "I", "l": "I", "0": "O", "5": "S", "$": "S", "8": "B"})


def _respaced(ln: TextLine) -> str | None:
    """RapidOCR's letters with the spaces of Tesseract's reading, or None when Tesseract read none
    or other letters. One letter more or less is tolerated ("IVANOV SERGE" for IVANOVSERGEI):
    the spaces are carried over along the letters both read."""
    spaced = re.sub(r"\s+", " ", ln.latin_spaced.strip()).upper()
    letters = re.sub(r"\s", "", ln.latin).upper()
    if not spaced or not letters:
        return None
    a = spaced.replace(" ", "").translate(_LATIN_LOOKALIKES)
    b = letters.translate(_LATIN_LOOKALIKES)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal") > (1 if len(b) >= 6 else 0):
        return None
    cuts, at = set(), 0
    for word in spaced.split(" ")[:-1]:
        at += len(word)
        # The cut after ``at`` letters of Tesseract's reading, at the same place in RapidOCR's.
        if any(tag != "equal" and i1 <= at <= i2 for tag, i1, i2, _, _ in ops):
            return None  # the letter in doubt is at the break: which word holds it is not known
        i1, j1 = next((i1, j1) for tag, i1, i2, j1, _ in ops if i1 <= at <= i2)
        cuts.add(j1 + at - i1)
    cuts -= {0, len(b)}
    bounds = [0, *sorted(cuts), len(b)]
    return " ".join(letters[x:y] for x, y in itertools.pairwise(bounds))


def spaced_latin(ln: TextLine) -> str:
    """RapidOCR drops the spaces between Latin words; Tesseract keeps them. Use Tesseract's spacing
    with RapidOCR's letters when both read the same letters (a letter Tesseract read as a look-alike
    mark or digit, "CHEN WE!", still counts as read), or one letter apart away from a break."""
    respaced = _respaced(ln)
    return ln.latin if respaced is None else respaced


def latin_spacing_confirmed(ln: TextLine) -> bool:
    """A second reading (Tesseract's) read the line's letters and so set its word breaks."""
    return _respaced(ln) is not None


def substring_distance(needle: str, hay: str) -> int:
    """The fewest edits that turn ``needle`` into some substring of ``hay`` (Sellers' algorithm)."""
    prev = [0] * (len(hay) + 1)
    for i, a in enumerate(needle, 1):
        cur = [i] + [0] * len(hay)
        for j, b in enumerate(hay, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b))
        prev = cur
    return min(prev)


def _overlaps(line_quad: np.ndarray, quad: np.ndarray) -> bool:
    def inside(pt: np.ndarray, q: np.ndarray) -> bool:
        return bool(q[:, 0].min() <= pt[0] <= q[:, 0].max() and q[:, 1].min() <= pt[1] <= q[:, 1].max())

    return inside(line_quad.mean(axis=0), quad) or inside(quad.mean(axis=0), line_quad)


def second_reading_disagreement(value: str, quads: list[np.ndarray], lines: list[TextLine]) -> int | None:
    """How many Hangul syllables or digits of ``value`` the second Tesseract model read otherwise
    on the lines the value came from; None when those lines were not read twice."""
    own = letters(value)
    if not own:
        return None
    sources = sorted(
        (ln for ln in lines if ln.hangul_second and any(_overlaps(ln.quad, q) for q in quads)),
        key=lambda ln: (ln.cy, ln.x0),
    )
    if not sources:
        return None
    return substring_distance(own, "".join(letters(ln.hangul_second) for ln in sources))
