"""Passport (TD3) extraction: the MRZ is read, repaired with its check digits, then cross-checked
against the visual zone, which also gives the fields the MRZ lacks (Korean name, issue date)."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re

import numpy as np
from mrz.base.countries_ops import is_code

from ocr_integration.checksums import mrz_td3_line2_errors
from ocr_integration.formats import normalise_yymmdd
from ocr_integration.local.extraction import Draft, is_subsequence, known_surname, leading_hangul_name, value_conf
from ocr_integration.local.korean import jamo_difference, plausible_korean_name
from ocr_integration.local.reading import TextLine, rows

MONTHS = {
    m: i + 1 for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
}
VIZ_DATE_RE = re.compile(r"(\d{1,2})\s*([A-Z]{3})\s*/?\s*(?:[A-Z가-힣]{0,3}\s*)?((?:19|20)\d{2})")
_TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "B": "8",
    "G": "6",
    "T": "7",
    "A": "4",
}
_TO_ALPHA = {v: k for k, v in _TO_DIGIT.items() if k not in "ADLT"} | {"0": "O", "1": "I", "8": "B", "5": "S", "2": "Z"}
COUNTRY_NAMES = {"KOR": "REPUBLIC OF KOREA"}


def _clean_mrz(text: str) -> str:
    t = text.upper().replace(" ", "")
    # Filler look-alikes from both recognisers (RapidOCR reads long '<' runs as 'Λ' or '∧').
    t = re.sub(r"[«‹<〈＜(\[{Λ∧^くㄑ]", "<", t).replace("×", "X")
    t = t.replace("K<", "<<") if t.count("<") > 5 else t
    return re.sub(r"[^A-Z0-9<]", "", t)


# The first 28 characters of TD3 line 2 (number, check, nationality, birth, check, sex, expiry,
# check), with the digit look-alikes RapidOCR produces: a line 2 whose box ended before the filler run.
LINE2_HEAD_RE = re.compile(r"^[A-Z0-9<]{9}[0-9OIDBSZ][A-Z0-9]{3}[0-9OIDBSZ]{7}[MF<HN][0-9OIDBSZ]{7}")


def find_mrz(lines: list[TextLine]) -> list[tuple[str, list[TextLine]]]:
    """Candidate MRZ rows (text with '<' fillers), bottom-most last, boxes of one row merged.
    A line 1 that RapidOCR read too short to tell ("POKORKHMENJ", its filler run dropped; holdout
    passport 9603, clean) is still a candidate when a Tesseract model read the row as one: the
    choice between the readings is ``_best_line1``'s."""
    out = []
    for row in rows(lines):
        text = _clean_mrz("".join(ln.latin for ln in row))
        if (
            (len(text) >= 30 and (text.count("<") >= 2 or re.fullmatch(r"[A-Z0-9<]{40,46}", text)))
            or (len(text) >= 12 and text.startswith("P") and "<<" in text)
            or (28 <= len(text) <= 44 and LINE2_HEAD_RE.match(text))
            or any(re.match(r"^P[A-Z<][A-Z]{3}[A-Z]+<<", alt) for alt in _tesseract_readings(row))
        ):
            out.append((text, row))
    return out


def _line1_without_fillers(lines: list[TextLine], line2_row: list[TextLine]) -> tuple[str, list[TextLine]] | None:
    """MRZ line 1 read without its '<' fillers ("PMKORKIMWONWON", "PSKORYUYOUNGEONG": docgen
    passports 9900 and 9902, degraded), too short for ``find_mrz`` to tell from other print: the
    row just above line 2 when it reads as a passport's type, issuing state and name letters."""
    above = [row for row in rows(lines) if row[0].cy < line2_row[0].cy]
    if not above:
        return None
    row = above[-1]
    text = _clean_mrz("".join(ln.latin for ln in row))
    if line2_row[0].cy - row[0].cy > 2.5 * line2_row[0].height or not re.fullmatch(r"P[A-Z<][A-Z]{3}[A-Z<]{4,}", text):
        return None
    return text, row


def _fix_digits(s: str) -> str:
    return "".join(_TO_DIGIT.get(c, c) for c in s)


def _fix_alpha(s: str) -> str:
    return "".join(_TO_ALPHA.get(c, c) for c in s)


def _fit44(text: str) -> str:
    if len(text) != 44 and "<<<" in text:
        # A filler run read one '<' too long or too short: fix its length, keep both ends aligned.
        runs = list(re.finditer(r"<{3,}", text))
        run = max(runs, key=lambda m: len(m.group(0)))
        size = len(run.group(0)) + 44 - len(text)
        if size >= 1:
            return text[: run.start()] + "<" * size + text[run.end() :]
    if len(text) > 44:
        # Extra characters are usually spurious fillers at the end.
        stripped = text.rstrip("<")
        text = stripped + "<" * max(0, 44 - len(stripped)) if len(stripped) <= 44 else text[:44]
    return text.ljust(44, "<")


def repair_line2(raw: str, *, right_aligned: bool = False) -> tuple[str, list[str]]:
    """Force digit positions to digits, then try single ambiguous swaps in the document number.
    ``right_aligned``: ``raw`` is 44 characters whose start was lost and is padded with fillers."""
    # The document number starts the line: a filler read in front of it is a speck.
    raw = raw if right_aligned else raw.lstrip("<")
    tail = re.fullmatch(r"([0-9A-Z]*?)(<*)(\d{1,2})", raw[28:]) if 29 <= len(raw) < 44 else None
    if tail and len(tail.group(1)) + len(tail.group(3)) <= 16:
        # The faint filler run after the expiry date or the personal number was read short or not at
        # all ("...2607229<0", "...2453186<58"): the digits at the end are the check digits that
        # close the line (all checked below).
        pad = 16 - len(tail.group(1)) - len(tail.group(3))
        raw = raw[:28] + tail.group(1) + "<" * pad + tail.group(3)
    line = _fit44(raw)
    chars = list(line)
    for i in [*range(13, 20), *range(21, 28), 42, 43, 9]:
        chars[i] = _fix_digits(chars[i])
    chars[10:13] = list(_fix_alpha("".join(chars[10:13])))
    if chars[20] not in "MF<":
        chars[20] = {"H": "M", "N": "M", "E": "F", "P": "F"}.get(chars[20], "<")
    line = "".join(chars)
    errors = mrz_td3_line2_errors(line)
    # A speck in the filler run of the optional data read as a letter ("<<<C<<<"); kept only when
    # the check digits agree that it was one.
    despeckled = line[:28] + re.sub(r"(?<=<)[A-Z](?=<)", "<", line[28:42]) + line[42:]
    if despeckled != line and len(mrz_td3_line2_errors(despeckled)) < len(errors):
        line, errors = despeckled, mrz_td3_line2_errors(despeckled)
    if errors and set(errors) <= {"optional_data", "composite"}:
        aligned = _empty_optional_tail(line)
        if aligned:
            line, errors = aligned, []
    if "document_number" in errors:
        doc = line[:9]
        for pos in itertools.chain(range(1, 9), [0]):
            c = doc[pos]
            alt = _TO_DIGIT.get(c) or _TO_ALPHA.get(c)
            if not alt:
                continue
            candidate = doc[:pos] + alt + doc[pos + 1 :]
            trial = candidate + line[9:]
            if "document_number" not in mrz_td3_line2_errors(trial):
                line = trial
                break
        errors = mrz_td3_line2_errors(line)
    return line, errors


# The check digits that guard the fields a KYC decision rests on (number, birth date, expiry).
_KEY_CHECKS = frozenset(("document_number", "birth_date", "expiry_date"))


def best_line2(readings: list[str], raw: str = "") -> tuple[str, list[str]]:
    """The best-checked line 2 from several readings of it (the first is RapidOCR's): each one
    repaired, and each reading's first 28 characters (number, birth date, sex, expiry date, with
    their check digits) joined to another's last 16 (optional data and the closing check digits).
    One recogniser often reads the head right and garbles the faint filler run, while another
    loses a letter of the head but reads the run (holdout passport 8107, clean: RapidOCR
    "S567W5890K0R…<<<8" lost a 0, Tesseract's Hangul model read the head right and the run as
    "K<KEKIIII"). Fewest failing key check digits wins, then fewest failing in all; ties go to the
    earlier reading, so a part is only taken when the check digits say it is better. ``raw``: the
    first reading as read, before ``repair_line2`` made it 44 characters long."""
    cleaned = [r.lstrip("<") for r in readings if r]
    candidates = list(cleaned)
    heads = [r[:28] for r in cleaned if len(r) >= 28 and LINE2_HEAD_RE.match(r)]
    tails = [r[-16:] for r in cleaned if len(r) >= 40]
    candidates += [h + t for h, t in itertools.product(heads, tails)]
    repaired = [repair_line2(c) for c in candidates]
    # A line whose start a thumb covered ("544927K0R5703306F…<82" for R95054492 7 KOR…, holdout
    # passport 2003 in bench/capture_check.py, finger) still ends where the line ends: aligned on
    # its closing check digit, its birth and expiry dates and their check digits are in place,
    # and only the number is lost (the visual zone's printed number can then pass its check
    # digit). Last in the list, so it wins only where the check digits say it is better, and only
    # for a reading whose start holds no nationality where line 2 has it: one that does lost no
    # start, and a digit lost inside it shifts only what follows (holdout passport 10408, clean).
    repaired += [
        repair_line2(r.rjust(44, "<"), right_aligned=True)
        for r in [raw.lstrip("<"), *cleaned[1:]]
        if 28 <= len(r) < 44 and r[-1].isdigit() and not is_code(_fix_alpha(r[10:13]))
    ]
    return min(repaired, key=lambda le: (len(_KEY_CHECKS.intersection(le[1])), len(le[1])))


def _empty_optional_tail(line: str) -> str | None:
    """An empty optional-data field whose filler run was read a '<' short or long, so that the
    closing check digits slid ("...<<<<0<" for "...<<<<<0"), or with a speck after them
    ("...<<<8Y"): the last one or two digits read are the check digits, right-aligned. Taken only
    when every check digit then passes (None otherwise; a tail with no digit read is left alone)."""
    m = re.fullmatch(r"(\d{1,2})[A-Z]?", line[28:].replace("<", ""))
    if not m:
        return None
    digits = m.group(1)
    tails = ["<" * 14 + digits] if len(digits) == 2 else ["<" * 15 + digits, "<" * 14 + "0" + digits]
    return next((line[:28] + t for t in tails if not mrz_td3_line2_errors(line[:28] + t)), None)


# Korean passports print "22 7월/JUL 2019": RapidOCR drops 월 and the spaces ("227/JUL2019"), and
# now and then the slash too ("0111NOV2019" for 01 11월/NOV 2019, holdout passport 10002); the
# digits before the month are the day followed by the month's number, which must match the name.
VIZ_KO_DATE_RE = re.compile(r"(?<!\d)(\d{1,2}\s?\d{1,2})\s*월?\s*/?\s*([A-Z]{3})\s*((?:19|20)\d{2})")


def _state_code(read: str, lines: list[TextLine]) -> tuple[str, bool]:
    """An MRZ issuing state or nationality, and whether it is an ICAO code.

    No check digit covers these three letters. A reading that is no code ("KOZ") is repaired when
    exactly one code a letter away is printed on its own in the visual zone (KOR under "Country
    code"); otherwise it stays, and the caller lowers its confidence.
    """
    if is_code(read.replace("<", "")):
        return read, True
    printed = {re.sub(r"[^A-Z]", "", ln.latin.upper()) for ln in lines}
    close = [
        c for c in printed if len(c) == 3 and is_code(c) and sum(a != b for a, b in zip(c, read, strict=True)) == 1
    ]
    return (close[0], True) if len(close) == 1 else (read, False)


def _viz_dates(lines: list[TextLine]) -> list[tuple[str, TextLine]]:
    out = []
    for ln in lines:
        korean = []  # where a date with the month's number was read (the day is not the digits before it)
        for m in VIZ_KO_DATE_RE.finditer(ln.latin.upper()):
            mon = MONTHS.get(m.group(2))
            digits = m.group(1).replace(" ", "")
            if "/" not in m.group(0) and len(digits) < 3:
                continue  # "11JAN1954": without the slash, two digits are the day alone
            if mon and not digits.endswith(str(mon)) and digits[:-1].endswith(str(mon)):
                digits = digits[:-1]  # 월 read as a digit ("01 6월/JUN" -> "0162/JUN")
            if not mon or not digits.endswith(str(mon)) or not 1 <= len(digits) - len(str(mon)) <= 2:
                continue
            try:
                out.append((dt.date(int(m.group(3)), mon, int(digits[: -len(str(mon))])).isoformat(), ln))
            except ValueError:
                continue
            korean.append(m.span())
        for m in VIZ_DATE_RE.finditer(ln.latin.upper()):
            mon = MONTHS.get(m.group(2))
            if not mon or any(a <= m.start() < b for a, b in korean):
                continue
            try:
                out.append((dt.date(int(m.group(3)), mon, int(m.group(1))).isoformat(), ln))
            except ValueError:
                continue
    return out


def extract_passport(lines: list[TextLine], size: tuple[int, int]) -> list[Draft]:
    drafts: list[Draft] = []
    mrz = find_mrz(lines)
    line1_row = line2_row = None
    line1 = line2 = ""
    if len(mrz) >= 2:
        (line1, line1_row), (line2, line2_row) = mrz[-2], mrz[-1]
    elif len(mrz) == 1:
        text, row = mrz[0]
        if text.startswith("P"):
            line1, line1_row = text, row
        else:
            line2, line2_row = text, row
            found = _line1_without_fillers(lines, row)
            if found:
                line1, line1_row = found
    errors = ["length"]
    if line2:
        read2 = line2
        line2, errors = repair_line2(line2)
        if errors:
            # RapidOCR drops narrow letters from a long MRZ line; where its reading fails the check
            # digits, Tesseract's readings of the same line are candidates, whole or in parts.
            line2, errors = best_line2([line2, *_tesseract_readings(line2_row or [])], raw=read2)
    mrz_ok = not errors
    nat_ok = True
    if len(line2) >= 13:
        nat, nat_ok = _state_code(line2[10:13], lines)
        line2 = line2[:10] + nat + line2[13:]
    # Each date the visual zone prints, with the first line it is printed on.
    viz_values: dict[str, TextLine] = {}
    for date, ln in _viz_dates(lines):
        viz_values.setdefault(date, ln)

    def quads(row: list[TextLine] | None) -> list[np.ndarray]:
        if not row:
            return []
        xs = np.concatenate([ln.quad for ln in row])
        x0, y0, x1, y1 = xs[:, 0].min(), xs[:, 1].min(), xs[:, 0].max(), xs[:, 1].max()
        return [np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)]

    if line1:
        line1 = _best_line1(line1, _tesseract_readings(line1_row or []), line2[10:13] if mrz_ok else "")
        # After the choice: a Tesseract reading with its filler and names is better than a repair.
        line1 = _filler_read_as_letter(line1)
        line1 = _fit44(line1)
        # Line 1 holds no digits: any digit there is a misread letter (0/O, 1/I, 5/S, 8/B).
        line1 = "P" + _fix_alpha(line1[1:])
        state, state_ok = _state_code(line1[2:5], lines)
        line1 = line1[:2] + state + line1[5:]
        head = line1[:5]
        ptype = head[:2].replace("<", "")
        country = _fix_alpha(head[2:5])
        name_part = _names_of(line1).rstrip("<")
        if "<<" not in name_part and name_part.count("<") == 1:
            # "KIM<SEONGON": one filler of the "<<" between the names lost. The visual zone
            # printing the first part alone as a name says where the surname ends.
            first = name_part.partition("<")[0]
            if any(_letters(ln.latin.upper()) == first for ln in _outside(lines, line1_row)):
                name_part = name_part.replace("<", "<<")
        split_by_viz = False
        if "<" not in name_part:
            # Line 1 read without its fillers ("PMKORKIMWONWON", docgen passport 9900, degraded):
            # the visual zone prints the surname on a line of its own, so one of its lines that
            # begins the name part says where the surname ends.
            viz = sorted({_letters(ln.latin.upper()) for ln in _outside(lines, line1_row)}, key=len, reverse=True)
            first = next(
                (v for v in viz if len(v) >= 2 and name_part.startswith(v) and len(name_part) > len(v) + 1), ""
            )
            if first:
                name_part, split_by_viz = f"{first}<<{name_part[len(first) :]}", True
        line1 = (head + name_part).ljust(44, "<")
        surname, _, given = name_part.partition("<<")
        l1conf = min(ln.latin_score for ln in line1_row or [])
        conf1 = ((0.6 + 0.39 * l1conf) if "<<" in name_part else 0.4) * (1.0 if state_ok else 0.5)
        if split_by_viz:
            conf1 *= 0.8  # the line as printed was not read: its fillers were rebuilt
        # The type is printed in the visual zone too ("PM" under "Type"): the same letters confirm it.
        type_seen = any(ln.latin.strip().upper() == ptype for ln in _outside(lines, line1_row))
        drafts.append(Draft("passport_type", ptype, max(conf1, 0.92) if type_seen else conf1, quads(line1_row)))
        # Line 1 is misaligned when its issuing state is not the MRZ nationality of line 2 (the
        # same for Korean passports): its names cannot be trusted, the labelled visual zone is.
        # A line 2 whose nationality is no ICAO code has slid itself and says nothing of line 1.
        aligned = not line2 or country == line2[10:13] or not line2[10:13].isalpha() or not nat_ok
        if aligned:
            # The issuing state of a Korean passport is its holder's nationality, which line 2
            # carries under its check digits.
            conf_c = max(conf1, 0.92) if (mrz_ok and country == line2[10:13]) else conf1
            drafts.append(Draft("country_code", country, conf_c if country.isalpha() else 0.3, quads(line1_row)))
        else:
            head = head[:2] + line2[10:13]
            drafts.append(Draft("country_code", line2[10:13], 0.5, quads(line1_row)))
        names = []
        tesseract_names = _tesseract_line1_names(line1_row or [])
        for key, part in (("surname", surname), ("given_names", given)):
            labelled = None if (aligned and part) else _viz_value(lines, key)
            if labelled is not None:
                ln, text = labelled
                drafts.append(Draft(key, text, _labelled_conf(key, text, tesseract_names), [ln.quad]))
                names.append(text.replace(" ", "<"))
            elif part:
                mrz_value = part.replace("<", " ").strip()
                d = _cross_checked(lines, key, mrz_value, conf1, quads(line1_row), tesseract_names)
                drafts.append(d)
                names.append(
                    d.value.replace(" ", "<") if d.value.replace(" ", "") != mrz_value.replace(" ", "") else part
                )
            else:
                names.append("")
        # A line 1 that lost one or two letters ("KM<SENGHOON") while every letter it kept stands in
        # the visual zone's names in the same order: the two readings agree, the names are sure.
        mrz_letters = re.sub(r"[^A-Z]", "", name_part)
        viz_letters = re.sub(r"[^A-Z]", "", "".join(names))
        name_drafts = [d for d in drafts if d.key in ("surname", "given_names")]
        from_viz = bool(name_drafts) and all(d.confidence > 0.45 for d in name_drafts)  # none unconfirmed
        if (
            from_viz
            and len(mrz_letters) >= 4
            and 1 <= len(viz_letters) - len(mrz_letters) <= 2
            and is_subsequence(mrz_letters, viz_letters)
        ):
            for d in name_drafts:
                d.confidence = max(d.confidence, 0.9)
        rebuilt = (head + "<<".join(names)).ljust(44, "<")[:44]
        # Line 1 is only as sure as the names it holds (an unconfirmed name lowers both).
        name_confs = [d.confidence for d in drafts if d.key in ("surname", "given_names")]
        if rebuilt != line1:
            # The visual zone restored a letter the MRZ reading lost; the line is no longer as read.
            line1, conf1 = rebuilt, min([0.6 + 0.35 * l1conf, *name_confs]) if name_confs else 0.6
        elif name_confs:
            conf1 = min(conf1, *name_confs)
        drafts.append(Draft("mrz_line1", line1, conf1, quads(line1_row)))
    if line2:
        l2conf = min(ln.latin_score for ln in line2_row or [])
        base = (0.97 + 0.02 * l2conf if mrz_ok else 0.35) * (1.0 if nat_ok else 0.5)
        q = quads(line2_row)
        mask = [line2_row[0].sub_quad(0, 1)] if line2_row else []
        number = line2[:9].replace("<", "")
        ok_doc = "document_number" not in errors
        conf_doc = 0.97 if ok_doc else 0.3
        printed = _viz_numbers(lines, line2_row or [])
        confirmed = [p for p in printed if not mrz_td3_line2_errors(p + line2[9:])]
        if printed and number not in printed and confirmed and nat_ok:
            # The visual zone prints a number that passes the check digits of the line as read,
            # without a letter changed: the MRZ reading lost a letter and a repair passed the
            # check digit by chance (holdout passport 10003, degraded: "S2472629B" for the
            # printed S247N6298). The two readings disagreed, so a little below the agreed 0.97.
            number, line2, conf_doc, base = confirmed[0], confirmed[0] + line2[9:], 0.9, 0.9
            errors, mrz_ok = [], True
        elif printed and number not in printed:
            # The visual zone prints another number. A check digit passes one reading in ten by
            # chance (docgen passport 8217, degraded: a Tesseract reading "8645066182OBB…" passed
            # every check digit, S645G6182 was printed above): the value and the line holding it go
            # to review, and a line 2 whose nationality is no ICAO code gives way to the printed
            # number.
            number, conf_doc = (number if nat_ok else printed[0]), min(conf_doc, 0.5)
            base = min(base, 0.5)
        drafts.append(Draft("mrz_line2", line2, base, q, mask))
        drafts.append(Draft("passport_number", number, conf_doc, q, q))
        birth = normalise_yymmdd(line2[13:19])
        if birth:
            ok = "birth_date" not in errors
            drafts.append(Draft("birth_date", birth, (0.98 if birth in viz_values else 0.9) if ok else 0.3, q))
        expiry = normalise_yymmdd(line2[21:27], future=True)
        if expiry:
            ok = "expiry_date" not in errors
            drafts.append(Draft("expiry_date", expiry, (0.98 if expiry in viz_values else 0.9) if ok else 0.3, q))
        if line2[20] in "MF":
            drafts.append(Draft("sex", line2[20], 0.97 if mrz_ok else 0.5, q))
        drafts += _printed_instead(lines, viz_values, birth, expiry, line2[20] in "MF", line2_row or [])
        nat = line2[10:13]
        optional = line2[28:42].replace("<", "")
        if re.fullmatch(r"\d{7}", optional) and birth:
            personal = f"{line2[13:19]}-{optional}"
            ok = "optional_data" not in errors
            drafts.append(Draft("personal_number", personal, 0.97 if ok else 0.3, q, q))
        nat_name = COUNTRY_NAMES.get(nat)
        if nat_name and any(nat_name.replace(" ", "") in ln.latin.upper().replace(" ", "") for ln in lines):
            drafts.append(Draft("nationality", nat_name, 0.95 if mrz_ok else 0.6, q))
        # Issued after birth and before expiry: a misread birth date ("21 FEB 1950" for 1959) is not
        # the issue date.
        issue = sorted(d for d in viz_values if d not in {birth, expiry} and (birth or d) <= d and d <= (expiry or d))
        if not mrz_ok or not birth:
            # Without a checked line 2 its dates cannot tell which printed date is the issue date;
            # the order of the three printed dates can (born, then issued, then expiring).
            issue = sorted(viz_values)[1:2] if len(viz_values) == 3 else []
        if issue:
            ln = viz_values[issue[0]]
            conf = (0.5 + 0.45 * ln.latin_score) * (1.0 if mrz_ok and birth else 0.85)
            drafts.append(Draft("issue_date", issue[0], conf, [ln.quad]))
    if not line1 and not line2:
        drafts += _visual_zone_only(lines, viz_values)
    authority = _authority(lines)
    if authority:
        drafts.append(authority)
    for ln in sorted(lines, key=lambda ln: ln.cy):
        if not ln.has_hangul or ln.cy < size[1] * 0.15:
            continue
        text = ln.hangul.replace(" ", "")
        # A label or the 견본 stamp in either reading (holdout passport 9109: the stamp read 권본 by
        # the first model, 견본 by the second, beside the name).
        both = text + " " + ln.hangul_second.replace(" ", "")
        if any(
            k in both
            for k in ("여권", "대한민국", "성명", "생년", "발급", "만료", "국적", "성별", "종류", "이름", "견본")
        ):
            continue
        if len(text) == 4 and sum(jamo_difference(a, b) for a, b in zip(text, "한글성명", strict=True)) <= 2:
            continue  # the label 한글성명 with a letter misread ("한글정명")
        name = leading_hangul_name(text)
        if name and 2 <= len(name) <= 4 and name == text:
            name = known_surname(name, [ln])
            conf = value_conf(ln, name) * (1.0 if plausible_korean_name(name) else 0.6)
            drafts.append(Draft("korean_name", name, conf, [ln.quad]))
            break
    return drafts


# The visual zone read alone has no check digit behind it: every value goes to review.
_VIZ_ONLY_CONF = 0.5


def _visual_zone_only(lines: list[TextLine], viz_values: dict[str, TextLine]) -> list[Draft]:
    """A passport whose MRZ was not found (covered, cut off, bent out of the detector's reach):
    what its visual zone prints under its labels, to review. The three printed dates in order
    are birth, issue and expiry; the number is the one printed on its own."""
    drafts = []
    for key in ("surname", "given_names"):
        labelled = _viz_value(lines, key)
        if labelled is not None:
            ln, text = labelled
            drafts.append(Draft(key, text, _VIZ_ONLY_CONF, [ln.quad]))
    if len(viz_values) == 3:
        for key, date in zip(("birth_date", "issue_date", "expiry_date"), sorted(viz_values), strict=True):
            ln = viz_values[date]
            drafts.append(Draft(key, date, _VIZ_ONLY_CONF, [ln.quad]))
    numbers = sorted(set(_viz_numbers(lines, [])))
    if len(numbers) == 1:
        ln = next(ln for ln in lines if ln.latin.replace(" ", "").upper() == numbers[0])
        drafts.append(Draft("passport_number", numbers[0], _VIZ_ONLY_CONF, [ln.quad], [ln.quad]))
    sexes = [ln for ln in lines if ln.latin.strip().upper() in {"M", "F"}]
    if len(sexes) == 1:
        drafts.append(Draft("sex", sexes[0].latin.strip().upper(), _VIZ_ONLY_CONF, [sexes[0].quad]))
    return drafts


def _printed_instead(
    lines: list[TextLine],
    viz_values: dict[str, TextLine],
    birth: str | None,
    expiry: str | None,
    sex: bool,
    row: list[TextLine],
) -> list[Draft]:
    """The birth date, expiry date and sex a line 2 too garbled to give them left out, taken from
    the visual zone, to review: of three printed dates the first is the birth and the last the
    expiry; the sex is the one line that is a lone M or F."""
    out = []
    dates = sorted(viz_values)
    if len(dates) == 3:
        for key, have, date in (("birth_date", birth, dates[0]), ("expiry_date", expiry, dates[-1])):
            if not have:
                out.append(Draft(key, date, 0.5, [viz_values[date].quad]))
    lone = [ln for ln in _outside(lines, row) if ln.latin.strip() in ("M", "F")]
    if not sex and len(lone) == 1:
        out.append(Draft("sex", lone[0].latin.strip(), 0.5, [lone[0].quad]))
    return out


# Korean passports name one of very few authorities; RapidOCR drops the spaces between the words.
AUTHORITIES = ("MINISTRY OF FOREIGN AFFAIRS", "MINISTRY OF FOREIGN AFFAIRS AND TRADE")


def _authority(lines: list[TextLine]) -> Draft | None:
    for ln in lines:
        squashed = re.sub(r"[^A-Z]", "", ln.latin.upper())
        if "MINISTRY" not in squashed and "AFFAIRS" not in squashed:
            continue
        best = max(AUTHORITIES, key=lambda a: difflib.SequenceMatcher(None, a.replace(" ", ""), squashed).ratio())
        ratio = difflib.SequenceMatcher(None, best.replace(" ", ""), squashed).ratio()
        return Draft("authority", best, (0.4 + 0.55 * ln.latin_score) * (1.0 if ratio > 0.9 else ratio), [ln.quad])
    return None


def _filler_read_as_letter(line1: str) -> str:
    """Line 1 as read from a harsh black-and-white copy, where RapidOCR reads every '<' as one
    letter (a blotted chevron is its 'Λ'-like 'A': "PSKORKIMAAJINONAAAA..."; holdout passports on a
    fax-like copy). A reading with no '<' that ends in six or more of one letter has that letter for
    its filler: the run at the end, and a run of two or more inside the names (the "<<" between
    surname and given names), are '<' again."""
    m = re.search(r"([A-Z])\1{5,}$", line1)
    if "<" in line1 or len(line1) < 30 or not m:
        return line1
    names = re.sub(f"{m.group(1)}{{2,}}", lambda run: "<" * len(run.group(0)), line1[5 : m.start()])
    return line1[:5] + names + "<" * (len(line1) - m.start())


def _names_of(line1: str) -> str:
    """The name field of a line 1 reading: after the five-character head, up to the filler run
    (specks in the run are read as letters: after a long filler run the name has ended)."""
    return re.sub(r"<{3,}.*$", "", line1[5:])


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text)


def _tesseract_readings(row: list[TextLine]) -> list[str]:
    """The MRZ row as Tesseract's two models read it (when RapidOCR was unsure of the line)."""
    out = []
    for reading in ("hangul_second", "hangul"):
        text = _clean_mrz("".join(getattr(ln, reading) for ln in row))
        if len(text) >= 30:
            out.append(text)
    return out


def _line1_shape(text: str, nationality: str) -> tuple[bool, bool, int]:
    """How well a line 1 reading holds together: its issuing state is the holder's nationality
    from the checked line 2, the names are split by "<<", and how many name letters it kept."""
    line = "P" + _fix_alpha(_fit44(text)[1:])
    name_part = _names_of(line).rstrip("<")
    return (bool(nationality) and line[2:5] == nationality, "<<" in name_part, len(_letters(name_part)))


def _best_line1(rapid: str, alternatives: list[str], nationality: str) -> str:
    """RapidOCR's line 1 unless a Tesseract reading is better formed: it names the issuing state
    line 2 confirms, or separates surname from given names where RapidOCR did not, or keeps every
    name letter RapidOCR kept and more (RapidOCR loses narrow letters, it rarely invents them)."""
    best, best_shape = rapid, _line1_shape(rapid, nationality)
    rapid_letters = _letters(_names_of(rapid))
    for alt in alternatives:
        # Tesseract reads filler runs as K or C ("KIMKKCHANHEEKKKK"): a name part with a letter
        # three times over, or without the "<<" between the names, is no better reading.
        name_part = _names_of(_fit44(alt))
        if "<<" not in name_part or re.search(r"([A-Z])\1\1", name_part):
            continue
        # Line 1 holds no digits: a reading with digits in its head or names is not line 1.
        if not re.match(r"^P[A-Z<][A-Z]{3}", alt) or re.search(r"\d", name_part):
            continue
        shape = _line1_shape(alt, nationality)
        alt_letters = _letters(_names_of(alt))
        if shape[:2] > best_shape[:2] or (
            shape[:2] == best_shape[:2] and shape[2] > best_shape[2] and is_subsequence(rapid_letters, alt_letters)
        ):
            best, best_shape = alt, shape
    return best


def _tesseract_line1_names(row: list[TextLine]) -> dict[str, str]:
    """Surname and given names from Tesseract's readings of MRZ line 1 (both models), for when
    RapidOCR's reading lost its letters or its "<<" separator: a second, independent reading."""
    found: dict[str, str] = {}
    for reading in ("hangul", "hangul_second"):
        text = _clean_mrz("".join(getattr(ln, reading) for ln in row))
        if not re.match(r"^P[A-Z<][A-Z]{3}", text):
            continue
        surname, sep, given = _names_of(text).partition("<<")
        if sep and surname.isalpha():
            found.setdefault("surname", surname)
            if re.fullmatch(r"[A-Z]+(?:<[A-Z]+)*", given):
                found.setdefault("given_names", given.replace("<", " "))
    return found


def _labelled_conf(key: str, text: str, tesseract_names: dict[str, str]) -> float:
    """A name read under its visual-zone label is likely; the same name in Tesseract's reading of
    MRZ line 1 (another recogniser, another part of the page) makes it sure."""
    return 0.9 if tesseract_names.get(key, "").replace(" ", "") == text.replace(" ", "") else 0.55


def _cross_checked(
    lines: list[TextLine],
    key: str,
    mrz_value: str,
    conf: float,
    quads: list[np.ndarray],
    tesseract_names: dict[str, str] | None = None,
) -> Draft:
    """Compare a name from MRZ line 1 (no check digit covers it) with the visual zone.

    Agreement makes it near certain; a visual-zone reading that is one letter longer means the
    MRZ lost a narrow letter (I, L) and the visual zone wins, with a lower confidence; one that
    differs in one letter wins where Tesseract's reading of line 1 agrees with it.
    """
    target = mrz_value.replace(" ", "")
    # The value printed under the other name's label confirms nothing of this one: a line 1 whose
    # start a thumb covered ("RSN<<HYUKBN<<<" for PMKORSON<<HYUKBIN) holds the given names where
    # the surname belongs, and the printed given names "confirmed" them as the surname at 0.99.
    other = _viz_value(lines, "given_names" if key == "surname" else "surname")
    best: tuple[float, TextLine, str] | None = None
    for ln in lines:
        if other is not None and ln is other[0]:
            continue
        text = re.sub(r"\s+", " ", ln.latin.upper()).strip()
        if "<" in text or not re.fullmatch(r"[A-Z][A-Z \-]+", text):
            continue  # a single letter is the sex field, not a name that confirms the MRZ
        ratio = difflib.SequenceMatcher(None, text.replace(" ", ""), target).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, ln, text)
    if best and best[2].replace(" ", "") == target:
        return Draft(key, best[2] if " " in best[2] else mrz_value, min(0.995, conf + 0.05), [best[1].quad])
    if best and best[0] >= 0.8 and len(best[2].replace(" ", "")) == len(target) + 1 and best[1].latin_score > 0.9:
        # The visual zone has one letter more. A narrow letter (I, J, L) lost from the MRZ is the
        # recogniser's known failure there; both readings then agree on every other letter.
        narrow = _lost_narrow_letter(best[2].replace(" ", ""), target)
        return Draft(key, best[2], 0.92 if narrow else 0.6, [best[1].quad])
    viz = best[2].replace(" ", "") if best else ""
    if (
        best
        and len(viz) == len(target)
        and sum(a != b for a, b in zip(viz, target, strict=True)) == 1
        and (tesseract_names or {}).get(key, "").replace(" ", "") == viz
    ):
        # One letter differs ("SOZG" in line 1, SONG printed; holdout passport 9707, degraded), and
        # Tesseract's reading of line 1 has the visual zone's: two readers against one.
        return Draft(key, best[2], 0.9, [best[1].quad])
    labelled = _viz_value(lines, key)
    if labelled is not None:
        # The MRZ name could not be confirmed; the value under the printed label is more likely.
        ln, text = labelled
        return Draft(key, text, _labelled_conf(key, text, tesseract_names or {}), [ln.quad])
    # Unconfirmed by the visual zone: a person checks it (a one-letter name is a line that lost its
    # start, "KIM" read as "M").
    return Draft(key, mrz_value, min(conf * 0.8, 0.45) if len(target) > 1 else 0.3, quads)


def _lost_narrow_letter(longer: str, shorter: str) -> bool:
    """``shorter`` is ``longer`` without one narrow letter."""
    return any(longer[:i] + longer[i + 1 :] == shorter for i, c in enumerate(longer) if c in "IJL")


def _outside(lines: list[TextLine], row: list[TextLine] | None) -> list[TextLine]:
    """The lines not in ``row`` (an MRZ row): what the visual zone printed."""
    in_row = {id(ln) for ln in row or []}
    return [ln for ln in lines if id(ln) not in in_row]


_VIZ_LABELS = {"surname": "SURNAME", "given_names": "GIVENNAME"}
# A passport number in the visual zone: a letter and eight letters or digits, five digits at least
# (M12345678, M123A4567).
_VIZ_NUMBER_RE = re.compile(r"[A-Z](?=(?:[A-Z]*\d){5})[A-Z0-9]{8}")


def _viz_numbers(lines: list[TextLine], mrz_row: list[TextLine]) -> list[str]:
    """Passport numbers printed on their own in the visual zone (lines outside the MRZ row)."""
    found = (ln.latin.replace(" ", "").upper() for ln in _outside(lines, mrz_row))
    return [t for t in found if _VIZ_NUMBER_RE.fullmatch(t)]


def _viz_value(lines: list[TextLine], key: str) -> tuple[TextLine, str] | None:
    """The Latin value printed just below the "Surname" / "Given names" label of the visual zone."""
    # RapidOCR reads the label's "m" as "n" now and then ("Surnane", "Given nanes"), and loses a
    # letter of it ("Gvennames": holdout passport 9803, degraded).
    target = _VIZ_LABELS[key].replace("M", "N")
    short = {target[:i] + target[i + 1 :] for i in range(len(target))}

    def is_label(ln: TextLine) -> bool:
        letters = re.sub(r"[^A-Z]", "", ln.latin.upper()).replace("M", "N")
        return target in letters or any(s in letters for s in short)

    label = next((ln for ln in lines if is_label(ln)), None)
    if label is None:
        return None
    below = [
        ln
        for ln in lines
        if 0 < ln.cy - label.cy < 2.5 * label.height
        and abs(ln.x0 - label.x0) < 2 * label.height
        and re.fullmatch(r"[A-Z][A-Z \-]*", ln.latin.strip().upper())
    ]
    if not below:
        return None
    ln = min(below, key=lambda o: o.cy)
    return ln, re.sub(r"\s+", " ", ln.latin.strip().upper())
