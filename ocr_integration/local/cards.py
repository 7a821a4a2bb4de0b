"""Credit-card extraction: the PAN is found by Luhn over digit groups of one printed row."""

from __future__ import annotations

import itertools
import re

import numpy as np

from ocr_integration.checksums import luhn_valid
from ocr_integration.local.extraction import Draft, numeric, spaced_latin
from ocr_integration.local.reading import TextLine, rows

VALID_RE = re.compile(r"(?<!\d)(0[1-9]|1[0-2])\s*/\s*(\d{2})(?!\d)")
_NOT_NAMES = re.compile(
    r"\b(VALID|THRU|GOOD|MEMBER|SINCE|VISA|MASTERCARD|CARD|BANK|DEBIT|CREDIT|SPECIMEN|PLATINUM|GOLD|CHECK|EXPIRES|UNION|JCB)\b"
)


def _bbox(lines: list[TextLine]) -> np.ndarray:
    xs = np.concatenate([ln.quad for ln in lines])
    x0, y0, x1, y1 = xs[:, 0].min(), xs[:, 1].min(), xs[:, 0].max(), xs[:, 1].max()
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def _drop_extra_digit(parts: list[str]) -> str | None:
    """A 4-4-4-4 number read with one group of five: the one deletion in that group that passes
    Luhn, if exactly one does (a spurious digit from a scratch or an embossing edge)."""
    if len(parts) != 4 or sorted(len(p) for p in parts) != [4, 4, 4, 5]:
        return None
    i = next(k for k, p in enumerate(parts) if len(p) == 5)
    candidates = {"".join(parts[:i]) + parts[i][:j] + parts[i][j + 1 :] + "".join(parts[i + 1 :]) for j in range(5)}
    valid = [c for c in candidates if luhn_valid(c)]
    return valid[0] if len(valid) == 1 else None


def _tesseract_group(groups: list[TextLine], parts: list[str]) -> str | None:
    """A number Luhn rejects with a box's digits as Tesseract read them instead of RapidOCR's, as
    many of them, if exactly one such number passes: a box RapidOCR was unsure of is read by
    Tesseract too (docgen credit card 10702: the group under the SPECIMEN stamp read "94864917"
    by RapidOCR, "7486 4917" by Tesseract, for 7486 4917)."""
    found = set()
    for i, ln in enumerate(groups):
        for raw in (ln.hangul, ln.hangul_second):
            read = numeric(raw)
            digits = re.sub(r"\D", "", read)
            if re.fullmatch(r"[\d .]+", read) and len(digits) == len(parts[i]) and digits != parts[i]:
                number = "".join(parts[:i]) + digits + "".join(parts[i + 1 :])
                if luhn_valid(number):
                    found.add(number)
    return found.pop() if len(found) == 1 else None


def _seamless(groups: list[TextLine]) -> str:
    """The digits of boxes of one printed row, where a box that starts inside the one before it
    and begins with that box's last digit loses that digit: one glyph read twice at the seam
    (docgen credit card 1008: "5131 0495" and "58912 7826", the second box starting 28 px
    inside the first)."""
    out, prev = "", None
    for ln in groups:
        d = re.sub(r"\D", "", _digits_of(ln))
        seam = prev is not None and abs(ln.cy - prev.cy) < 0.5 * ln.height and ln.x0 < prev.x1
        if seam and d and out and d[0] == out[-1]:
            d = d[1:]
        out, prev = out + d, ln
    return out


def _digits_of(ln: TextLine) -> str:
    """A box's reading as digits (``numeric``), without up to three letters boxed with a digit
    group at either end that are no digit's look-alikes: the SPECIMEN stamp crosses the number on
    some cards, and the detector boxes a letter or two of it with the group ("ME7987", "MF7987"
    and "P7446" for 7987 and 7446, docgen credit card 10205). Luhn checks the number they make."""
    digits = numeric(ln.latin)
    m = re.fullmatch(r"[A-Z]{1,3}\s?(\d[\d .]*)|(\d[\d .]*?)\s?[A-Z]{1,3}", digits)
    if m:
        return m.group(1) or m.group(2)
    # ... and a letter of it read between two groups, where the space is ("0036c1595" for 0036
    # 1595, docgen credit card 14001, clean, the stamp's C over the gap on a dark card).
    between = re.fullmatch(r"(\d[\d .]*\d{4})\s?[A-Za-z]\s?(\d{4}[\d .]*)", digits)
    return f"{between.group(1)} {between.group(2)}" if between else digits


def extract_credit_card(lines: list[TextLine], size: tuple[int, int]) -> list[Draft]:
    drafts: list[Draft] = []
    best = None
    digit_rows = []
    for row in rows(lines):
        # A speck read between digits ("5.2967") does not make a box no digit group.
        groups = [ln for ln in row if re.fullmatch(r"[\d .]{2,}", _digits_of(ln).replace("-", " "))]
        if groups:
            digit_rows.append(groups)
    candidates = list(digit_rows)
    # Portrait cards print the number over two rows: consecutive digit rows that start at the
    # same x and sit one line apart are tried as one number too (Luhn decides).
    for upper, lower in itertools.pairwise(digit_rows):
        h = max(upper[0].height, lower[0].height)
        if abs(upper[0].x0 - lower[0].x0) < h and 0 < lower[0].cy - upper[0].cy < 2.2 * h:
            candidates.append(upper + lower)
    for groups in candidates:
        parts = [re.sub(r"\D", "", _digits_of(ln)) for ln in groups]
        digits = "".join(parts)
        if not 14 <= len(digits) <= 20:
            continue
        valid = luhn_valid(digits)
        if not valid and luhn_valid(seamless := _seamless(groups)):
            digits, valid = seamless, True
        score = min(ln.latin_score for ln in groups)
        conf = (0.55 + 0.44 * score) if valid else 0.2
        if not valid:
            repaired = _drop_extra_digit(parts) or _tesseract_group(groups, parts)
            if repaired:
                digits, conf = repaired, 0.6
        if best is None or conf > best[0]:
            best = (conf, digits, groups)
    number_y = 0.0
    if best:
        conf, digits, groups = best
        quad = _bbox(groups)
        # PCI: everything but the last four digits must be maskable.
        last = groups[-1]
        keep = min(1.0, 4 / max(len(re.sub(r"\D", "", last.latin)), 1))
        mask_last = last.sub_quad(0, 1 - keep)
        mask_quads = [ln.quad for ln in groups[:-1]] + [mask_last]
        drafts.append(Draft("card_number", digits, conf, [quad], mask_quads))
        for ln in groups:
            ln.used = True
        number_y = float(quad[:, 1].max())
    valids = []
    for ln in lines:
        for m in VALID_RE.finditer(numeric(ln.latin)):
            valids.append((ln, f"{m.group(1)}/{m.group(2)}"))
    if valids:
        # "MEMBER SINCE" dates are earlier than the expiry: the latest date is the expiry.
        ln, value = max(valids, key=lambda v: (v[1][3:], v[1][:2]))
        drafts.append(Draft("valid_thru", value, 0.5 + 0.45 * ln.latin_score, [ln.quad]))
        ln.used = True
    names = []
    for group in _name_boxes(lines):
        t = " ".join(re.sub(r"\s+", " ", spaced_latin(ln).strip().upper()) for ln in group)
        if group[0].cy < number_y or not re.fullmatch(r"[A-Z][A-Z.\-]*(?: [A-Z][A-Z.\-]*){1,3}", t):
            continue
        if _NOT_NAMES.search(t):
            continue
        names.append((group, t))
    if names:
        group, t = min(names, key=lambda n: n[0][0].cy) if number_y else max(names, key=lambda n: n[0][0].cy)
        score = min(ln.latin_score for ln in group)
        drafts.append(Draft("cardholder_name", t, 0.35 + 0.6 * score, [_bbox(group)]))
    return drafts


def _name_boxes(lines: list[TextLine]) -> list[list[TextLine]]:
    """Each unused line on its own, and the words of one row the detector boxed one by one
    ("CHANHEE" and "KIM" of CHANHEE KIM, docgen credit card 8101) joined left to right where the
    gap between two is under twice their height."""
    unused = [ln for ln in lines if not ln.used]
    out = [[ln] for ln in unused]
    for row in rows(unused):
        runs = [row[:1]]
        for ln in row[1:]:
            if ln.x0 - runs[-1][-1].x1 < 2 * max(ln.height, runs[-1][-1].height):
                runs[-1].append(ln)
            else:
                runs.append([ln])
        out += [run for run in runs if len(run) > 1]
    return out
