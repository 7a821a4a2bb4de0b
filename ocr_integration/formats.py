"""Value normalisation to the formats of ../shared/fields.md ("Value formats").

Each ``normalise_*`` returns the canonical string or ``None`` when the input cannot be read as
that format; callers keep the raw text (with low confidence) rather than invent a value.
"""

from __future__ import annotations

import datetime as dt
import re

from ocr_integration.checksums import LICENSE_REGION_CODES, digits_only

_DATE_RE = re.compile(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def normalise_date(text: str) -> str | None:
    """'2024.06.02', '2024-6-2', '2024년 06월 02일', '20240602' -> '2024-06-02'."""
    text = text.strip()
    m = _DATE_RE.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        digits = digits_only(text)
        if len(digits) != 8:
            return None
        y, mo, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def normalise_yymmdd(text: str, *, pivot_year: int | None = None, future: bool = False) -> str | None:
    """MRZ-style YYMMDD with a century guess: birth dates in the past, expiry dates may be future."""
    digits = digits_only(text)
    if len(digits) != 6:
        return None
    yy, mm, dd = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    this_year = pivot_year or dt.date.today().year
    century = 2000 if 2000 + yy <= this_year + (20 if future else 0) else 1900
    try:
        return dt.date(century + yy, mm, dd).isoformat()
    except ValueError:
        return None


def normalise_resident_number(text: str) -> str | None:
    digits = digits_only(text)
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 13 else None


def normalise_license_number(text: str) -> str | None:
    """12 digits as NN-NN-NNNNNN-NN; an old card's region name becomes its code."""
    text = text.strip()
    for name in sorted(LICENSE_REGION_CODES, key=len, reverse=True):
        if text.startswith(name):
            text = LICENSE_REGION_CODES[name] + text[len(name) :]
            break
    digits = digits_only(text)
    if len(digits) != 12:
        return None
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:10]}-{digits[10:]}"


def normalise_business_number(text: str) -> str | None:
    digits = digits_only(text)
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else None


def normalise_corporate_number(text: str) -> str | None:
    digits = digits_only(text)
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 13 else None


def normalise_card_number(text: str) -> str | None:
    digits = digits_only(text)
    return digits if 14 <= len(digits) <= 19 else None


def normalise_valid_thru(text: str) -> str | None:
    m = re.search(r"(\d{2})\s*/\s*(\d{2,4})", text)
    if m:
        mm, yy = m.group(1), m.group(2)[-2:]
    else:
        digits = digits_only(text)
        if len(digits) != 4:
            return None
        mm, yy = digits[:2], digits[2:]
    return f"{mm}/{yy}" if 1 <= int(mm) <= 12 else None


def normalise_sex(text: str) -> str | None:
    t = text.strip().upper()
    if t in {"M", "남", "MALE", "남자"}:
        return "M"
    if t in {"F", "여", "FEMALE", "여자"}:
        return "F"
    if t in {"X", "<"}:
        return "X"
    return None


def normalise_mrz_line(text: str) -> str | None:
    line = re.sub(r"\s+", "", text).upper()
    return line if len(line) == 44 and re.fullmatch(r"[A-Z0-9<]+", line) else None


def normalise_text(text: str) -> str | None:
    value = collapse_spaces(text)
    return value or None


NORMALISERS = {
    "date": normalise_date,
    "resident_number": normalise_resident_number,
    "license_number": normalise_license_number,
    "business_number": normalise_business_number,
    "corporate_number": normalise_corporate_number,
    "card_number": normalise_card_number,
    "valid_thru": normalise_valid_thru,
    "sex": normalise_sex,
    "mrz": normalise_mrz_line,
    "text": normalise_text,
}


def normalise(fmt: str, text: str) -> str | None:
    """Normalise ``text`` to format ``fmt`` (a ``FieldSpec.format``); unknown formats are text."""
    return NORMALISERS.get(fmt, normalise_text)(text)
