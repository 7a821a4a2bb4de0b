"""Business registration certificate (사업자등록증) extraction for individual and corporate forms.

Labels are printed wide-spaced and Tesseract garbles them, so a label is recognised by the
syllables it contains; numbers and dates are read from RapidOCR and validated by pattern and
check digit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ocr_integration.checksums import business_number_valid
from ocr_integration.local.extraction import (
    DATE_ANY_RE,
    Draft,
    clean_text,
    find_all,
    hangul_conf,
    known_surname,
    leading_hangul_name,
    make_date,
    numeric,
    text_conf,
)
from ocr_integration.local.korean import (
    brand_part,
    hangul_only,
    jamo_difference,
    join_brand_words,
    known_business_type,
    light_not_debt,
    normalise_address,
    parsed_road_address,
    plausible_korean_name,
    repair_legal_form,
    space_legal_form,
    split_business_type,
    strip_watermark,
)
from ocr_integration.local.reading import TextLine
from ocr_integration.local.reading import rows as rows_of

BUSINESS_RE = re.compile(r"(?<!\d)(\d{3})\s*-\s*(\d{2})\s*-\s*(\d{5})(?!\d)")
CORP_RE = re.compile(r"(?<!\d)(\d{6})\s*-\s*(\d{7})(?!\d)")
# A date read only with 년, 월 or 일 read as digits is a guess: its confidence is this share of
# the reader's, so the value goes to review.
_UNITS_READ_AS_DIGITS = 0.6
# The share of a date's confidence it keeps when another reader printed another date on its line.
_DATE_DISPUTED = 0.6
TAX_TYPES = ("일반과세자", "간이과세자", "면세사업자", "법인사업자")
LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("corporate_number", ("법인등록번호", "등록번호법인")),
    ("co_representative_name", ("공동사업자", "공동대표")),
    ("representative_birth_date", ("생년월일",)),
    ("open_date", ("개업연월일", "개업", "연월일")),
    ("head_office_address", ("본점소재지", "본점")),
    ("business_address", ("사업장소재지", "사업장", "소재지")),
    ("company_name", ("법인명", "단체명", "상호")),
    ("representative_name", ("대표자", "성명")),
    ("business_type", ("업태",)),
    ("business_item", ("종목",)),
    ("_reason", ("발급사유",)),
    ("_kind", ("사업의종류",)),
)


@dataclass
class Label:
    key: str
    line: TextLine
    rest: str  # text after the label on the same line, when the recogniser merged label and value


def _label_of(ln: TextLine) -> Label | None:
    """The label a line starts with (or is), from the Korean model's reading or, when that one
    garbled it, from the second reader's: a label read by either is the same label."""
    if not ln.has_hangul:
        return None
    found = _label_in(ln, ln.hangul)
    if found is None and ln.hangul_second:
        # The second reading stands in only for a label at the start of the line ("법인명(단체명)"
        # where the Korean model read "빔인병(단체병)"), so that a value is not taken for a label.
        found = _label_in(ln, ln.hangul_second, at_start=True)
    return found


def _label_in(ln: TextLine, raw: str, *, at_start: bool = False) -> Label | None:
    colon = re.search(r"[:：;]", raw)
    head, tail = (raw[: colon.start()], raw[colon.end() :]) if colon else (raw, "")
    squashed = hangul_only(head)
    for key, tokens in LABELS:
        for tok in tokens:
            if tok in squashed and (not at_start or squashed.index(tok) <= 1):
                if not colon:
                    # "업태 도매업": label and value in one box without a colon.
                    idx = _token_end(raw, tok)
                    tail = raw[idx:] if idx is not None else ""
                return Label(key, ln, clean_text(tail))
    return None


# The labels a split row prints second, right of the first label's value (성명 … 생년월일 …,
# 업태 … 종목 …, 법인명 … 법인등록번호 …).
_SECOND_IN_ROW = frozenset({"representative_birth_date", "business_item", "corporate_number"})
_LABEL_KEYS = frozenset(key for key, _ in LABELS)


def _near_label(ln: TextLine, found: list[Label], lines: Sequence[TextLine] = ()) -> Label | None:
    """A label with one misread syllable ("정명" for "성명"), accepted only in the label column,
    or, for a label a split row prints second (``_SECOND_IN_ROW``), on a row that starts in it.

    The line must be nothing but the label (before any colon) and start where the labels that
    were read exactly start (or, for a second label, be level with and right of a line of
    ``lines`` that does: holdout individual 1006, "생년월얼" and "종폭" beside a garbled 업태); the
    label must not have been found already. The second reader's reading is tried when the Korean
    model's is not close to a label ("대가" and "때포가" for 대표자).
    """
    if not ln.has_hangul or not found:
        return None

    def in_column(o: TextLine) -> bool:
        return any(abs(o.x0 - lab.line.x0) < 1.5 * o.height for lab in found)

    keys = _LABEL_KEYS
    if not in_column(ln):
        keys = _SECOND_IN_ROW
        if not any(o is not ln and o.x1 < ln.x0 and _level(o, ln) and in_column(o) for o in lines):
            return None
    have = {lab.key for lab in found}
    for raw in (ln.hangul, ln.hangul_second):
        colon = re.search(r"[:：;]", raw)
        head, tail = (raw[: colon.start()], raw[colon.end() :]) if colon else (raw, "")
        squashed = hangul_only(head)
        if len(squashed) < 2:
            continue
        close = {
            key
            for key, tokens in LABELS
            for tok in tokens
            if key in keys and key not in have and len(tok) == len(squashed) and _near_token(tok, squashed)
        }
        if len(close) == 1:
            return Label(close.pop(), ln, clean_text(tail))
    return None


def _near_token(token: str, read: str) -> bool:
    """One syllable misread, or blurred letters spread over several: at most two of a syllable's
    three letters wrong and on average one per syllable ("데께자" for "대표자", "입티" for "업태")."""
    diffs = [jamo_difference(a, b) for a, b in zip(token, read, strict=True)]
    return sum(d > 0 for d in diffs) == 1 or (max(diffs) <= 2 and sum(diffs) <= len(token))


def _label_remnant(rest: str) -> bool:
    """The rest of "법인명(단체명)" read out of order or with a syllable misread ("(제명)단"): two or
    three syllables of the bracketed label and nothing else is no company name; nor is one of the
    label's syllables alone (")명" after "법인(단체명)", holdout corporate 9502)."""
    syllables = hangul_only(rest)
    if len(syllables) == 1 and syllables in "법인명단체상호" and not re.search(r"[A-Za-z0-9]", rest):
        return True
    return (
        2 <= len(syllables) <= 3
        and "(" in rest
        and not re.search(r"[A-Za-z0-9]", rest)
        and sum(jamo_difference(a, b) <= 1 for a in syllables for b in "단체명") >= len(syllables)
    )


def join_single_syllables(text: str) -> str:
    """Tesseract splits syllables off Korean words ("가 온건설"); a name or trade word is almost
    never a lone syllable, so a one-syllable Hangul word is joined to the word after it."""
    words = text.split(" ")
    out: list[str] = []
    glue = False
    for w in words:
        if glue and out:
            out[-1] += w
        else:
            out.append(w)
        glue = bool(re.fullmatch(r"[가-힣]", w))
    return " ".join(out)


def _token_end(raw: str, token: str) -> int | None:
    pattern = r"\s*".join(re.escape(c) for c in token)
    m = re.search(pattern, raw)
    return m.end() if m else None


def _level(a: TextLine, b: TextLine) -> bool:
    """The two lines are on one row: their centres closer than 0.6 of the taller one's height."""
    return abs(a.cy - b.cy) < 0.6 * max(a.height, b.height)


# A box this many times as tall as a label's line is no value beside it (``_right_of``).
_STAMP_HEIGHT = 1.6


def _right_of(lines: list[TextLine], ln: TextLine) -> list[TextLine]:
    """The lines on the label's row, left to right; a value wrapped inside a tall table cell
    (lines starting at the same x, one above the other) is read top to bottom. A box over
    ``_STAMP_HEIGHT`` times as tall as the label's line is no value: what is left of a seal or
    stamp once red is faded ("52후(" after a company name, docgen corporate 9705, clean)."""
    band = [
        o
        for o in lines
        if o is not ln and _level(ln, o) and o.x0 >= ln.x1 - 5 and o.height <= _STAMP_HEIGHT * ln.height
    ]
    # The second line of a value wrapped in a cell two lines tall, beside a label centred on the
    # cell ("전문, 과학 및 기술" over "서비스업"): right under a value line, at its x. The detector's
    # boxes of two close lines may overlap by a few pixels (holdout corporate 1001: by 1.4 px).
    for o in lines:
        if o is ln or any(o is v for v in band) or o.x0 < ln.x1 - 5 or abs(o.cy - ln.cy) >= max(ln.height, o.height):
            continue
        if any(abs(o.x0 - v.x0) < o.height and -0.2 * o.height <= o.y0 - v.y1 < 0.5 * o.height for v in band):
            band.append(o)
    found = sorted(band, key=lambda o: o.x0)
    columns: list[list[TextLine]] = []
    for o in found:
        if columns and o.x0 - columns[-1][0].x0 < o.height:
            columns[-1].append(o)
        else:
            columns.append([o])
    return [o for col in columns for o in sorted(col, key=lambda o: o.cy)]


# RapidOCR reads the 7 of some fonts as a slash ("2004-04-1/" for 2004-04-17 on holdout corporate
# 1033, "134511-9/16026"): a certificate prints no slash in its numbers, nor in its dates unless it
# prints a slash date ("2004/04/17"), so a slash touching a digit is a 7. The value is then a guess.
_SLASH_SEVEN = re.compile(r"(?<=\d)/|/(?=\d)")
_SLASH_DATE = re.compile(r"\d/\d{1,2}/\d")
_SEVEN_FROM_SLASH = 0.7


def _figures(raw: str) -> tuple[str, bool]:
    """``numeric(raw)`` with a slash touching a digit read as a 7, and whether one was."""
    if _SLASH_DATE.search(raw) or not _SLASH_SEVEN.search(raw):
        return numeric(raw), False
    return numeric(_SLASH_SEVEN.sub("7", raw)), True


def _corporate_number(raw: str) -> tuple[str, float] | None:
    """The corporate registration number a reading holds and the share of the reader's confidence
    it keeps (less when a slash was read as 7)."""
    text, sevens = _figures(raw)
    m = CORP_RE.search(text)
    return ("-".join(m.groups()), _SEVEN_FROM_SLASH if sevens else 1.0) if m else None


# A mark and a number of one or two digits right after a date's day: the date went on, and the
# match stopped short.
_DATE_GOES_ON = re.compile(r"\s?[-./]\s?\d{1,2}(?!\d)")


def _printed_date(text: str) -> str | None:
    """The date a reading holds as printed: year, month and day parted by marks or spaces, or
    eight digits unbroken. A reading that parted a month's or day's two digits with a space
    ("2004-1 1-29" for 2004-11-29, Tesseract on holdout individual 10802, clean) matched as
    2004-1-1 with "-29" left over, and two such readings outvoted RapidOCR's date: it is read with
    the space closed, and is no date when it still goes on."""
    m = DATE_ANY_RE.search(text)
    if m and _DATE_GOES_ON.match(text, m.end()):
        text = re.sub(r"(?<=\d) (?=\d)", "", text)
        m = DATE_ANY_RE.search(text)
        if m and _DATE_GOES_ON.match(text, m.end()):
            return None
    value = make_date(*m.groups()) if m else None
    if not value:
        m8 = re.search(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", re.sub(r"\s", "", text))
        value = make_date(*m8.groups()) if m8 else None
    return value


# After the year, 년, 월 and 일 each read as marks or as one digit followed by marks: the month
# and the day between them.
_UNIT = (r"\D+", r"\d\D*")
_UNIT_PARSES = tuple(
    re.compile(rf"({u1})(\d{{{m}}})({u2})(\d{{{d}}})({u3})")
    for u1 in _UNIT
    for u2 in _UNIT
    for u3 in (*_UNIT, "")
    for m in (1, 2)
    for d in (1, 2)
)


def _unit_digit_date(text: str) -> str | None:
    """The date a reading holds whose 년, 월 or 일 were read as digits ("2001号121102" or
    "2001변128 10결" for 2001년 12월 10일): of the ways to part the digits after the year into
    month and day, the one that takes the fewest units for digits; None when no way, or two
    ways of as few, give a date."""
    squashed = re.sub(r"[\s|]", "", text)
    found: dict[str, int] = {}
    for year in re.finditer(r"(?<!\d)(?:19|20)\d{2}", squashed):
        tail = squashed[year.end() :]
        for pattern in _UNIT_PARSES:
            m = pattern.fullmatch(tail)
            value = make_date(year.group(), m.group(2), m.group(4)) if m else None
            if m and value:
                digits = sum(bool(u) and u[0].isdigit() for u in (m.group(1), m.group(3), m.group(5)))
                found[value] = min(digits, found.get(value, digits))
    if not found:
        return None
    fewest = min(found.values())
    best = [v for v, n in found.items() if n == fewest]
    return best[0] if len(best) == 1 else None


def _readings(ln: TextLine) -> list[tuple[str, bool]]:
    """The line's three readings as ``_figures`` gives them."""
    return [_figures(raw) for raw in (ln.latin, ln.hangul, ln.hangul_second)]


def _prints_date(ln: TextLine) -> bool:
    """Whether a reading of the line holds a date as printed (``_printed_date``)."""
    return any(_printed_date(text) for text, _ in _readings(ln))


def _date_of(lines: list[TextLine]) -> tuple[str, TextLine, float] | None:
    """The first date the lines hold and its confidence. A line's three readings vote: a date
    printed as a date counts once for each Tesseract model and twice for RapidOCR, the reader of
    digits; a reading with no such date counts once for the date it holds with 년, 월 or 일 read
    as digits (``_unit_digit_date``). Ties go to the date more readers printed, then to a printed
    date, RapidOCR's before the Korean model's before the Hangul model's (holdout corporate 1000:
    "2001号121102", "2001변128 10결" and "2001넌12 :1면" for 2001년 12월 10일): both Korean models
    printing one date outvote RapidOCR printing another (holdout individual 10216: a serif 7
    read as 1 by RapidOCR alone), and a date that one reader alone printed while another printed
    another goes to review. A line whose readings hold no printed date is tried only when no
    line does, and its date is a guess that goes to review."""
    guesses = []
    for ln in lines:
        read = _readings(ln)
        printed = [_printed_date(text) for text, _ in read]
        units = [None if p else _unit_digit_date(text) for p, (text, _) in zip(printed, read, strict=True)]
        votes: dict[str, list[int]] = {}
        for k, value in [*enumerate(printed), *((3 + k, u) for k, u in enumerate(units))]:
            if value:
                votes.setdefault(value, []).append(k)
        if not votes:
            continue
        if not any(printed):
            guesses.append((ln, votes, read))
            continue
        value, ways = max(votes.items(), key=lambda v: (len(v[1]) + (0 in v[1]), sum(k < 3 for k in v[1]), -min(v[1])))
        conf = 0.5 + 0.45 * max(ln.latin_score, hangul_conf(ln))
        first = min(ways)
        digits = re.sub(r"\D", "", read[0][0])
        if first != 0 and len(digits) == 8 and digits != value.replace("-", ""):
            # RapidOCR read eight other digits and no date ("20240010"); a Tesseract date is the
            # only reading, and digits are what it misreads.
            conf *= 0.7
        if first == 2:
            conf *= 0.8  # neither first reader found the date
        if first >= 3:
            conf *= _UNITS_READ_AS_DIGITS  # a guess against a printed date
        if read[first % 3][1]:
            conf *= _SEVEN_FROM_SLASH
        if sum(k < 3 for k in ways) == 1 and any(p and p != value for p in printed):
            conf *= _DATE_DISPUTED  # no reader printed the date but one, another printed another
        return value, ln, conf
    if not guesses:
        return None
    # Only 년, 월 and 일 read as digits on the first such line ("20154022189" for 2015년 02월
    # 18일): the date more readings hold, RapidOCR's on a tie.
    ln, votes, read = guesses[0]
    value, ways = max(votes.items(), key=lambda v: (len(v[1]), -min(v[1])))
    first = min(ways)
    reader = ln.latin_score if first == 3 else hangul_conf(ln)
    sevens = _SEVEN_FROM_SLASH if read[first % 3][1] else 1.0
    return value, ln, _UNITS_READ_AS_DIGITS * sevens * (0.5 + 0.45 * reader)


def _value_draft(key: str, parts: list[tuple[str, float, TextLine]], drafts: dict[str, Draft]) -> Draft | None:
    """The value of a labelled cell from its text parts (text, confidence, line), cleaned and
    repaired for its key; a 종목 split off a 업태 cell goes into ``drafts`` directly."""
    if not parts:
        return None
    # A table rule or a stray mark read in front of the value ("ㅣ도매업", ", 가전제품 도매").
    value = re.sub(r"^[\s:：;,.、。·ㆍㅣ|~\-_]+", "", strip_watermark(clean_text(" ".join(p[0] for p in parts))))
    conf = min(p[1] for p in parts)
    if key.endswith("_name") and key != "company_name":
        # A label read into the value's box ("성명 심율철") is not part of the name.
        value = re.sub(r"^\s*(?:성\s?명|대\s?표\s?자)\s*[:：]?\s*", "", value)
        name = leading_hangul_name(value)
        if not name:
            return None
        value = name = known_surname(name, [p[2] for p in parts])
        conf *= 1.0 if plausible_korean_name(name) else 0.6
    if key.endswith("address"):
        value = normalise_address(value)
        conf *= 1.0 if parsed_road_address(value) else 0.7
        if not re.search(r"[가-힣]", value):
            conf *= 0.3  # digits without a place name: the address lines were not read
    if key == "company_name":
        # "법인명(단체명)" read without its colon leaves "(단체명)" in front of the value.
        value = re.sub(r"^\(?\s*단\s*체\s*명\s*\)?\s*[:：]?\s*", "", value)
        # ... or with one syllable misread ("(단제명)").
        label = re.match(r"^\(\s*([가-힣])\s*([가-힣])\s*([가-힣])\s*\)\s*", value)
        if label and sum(a != b for a, b in zip(label.groups(), "단체명", strict=True)) <= 1:
            value = value[label.end() :]
        value = re.sub(r"[\s\-_|~.,:;]+$", "", value)  # nor is a mark after it ("미래솔루션-")
        # Nor is a mark before it ("! (쥐가온물산": a speck read as "!"); a name starts with a
        # letter, a digit or the bracket of "(주)".
        value = space_legal_form(join_single_syllables(re.sub(r"^[^\w(]+", "", value)))
        value, repaired = repair_legal_form(light_not_debt(value))
        if repaired:
            conf = min(conf, 0.7)  # the form is likely right now, but a syllable was guessed
        if " " in brand_part(value):
            # Trade names are written as one word; a space inside one is a spacing misread far
            # more often than printed (calibration seeds: 4 of 4 such readings were wrong): the
            # Hangul words are joined, and the value still goes to review.
            value = join_brand_words(value)
            conf *= 0.5
    if key == "business_type" and "종목" in value.replace(" ", ""):
        kind, _, item = re.split(r"(종\s?목)", value, maxsplit=1)[0], "", re.split(r"종\s?목", value, maxsplit=1)[1]
        value = clean_text(kind)
        if item.strip() and "business_item" not in drafts:
            drafts["business_item"] = Draft("business_item", clean_text(item), conf * 0.9, [p[2].quad for p in parts])
    if key == "business_type" and value:
        # No KSIC name holds a digit: one at the end is the cell's rule ("서비스업1").
        value = re.sub(r"(?<=[가-힣])\s*[0-9|]+$", "", value)
        value = re.sub(r"^[^가-힣]+", "", value)  # nor a stray bracket or mark before it (") 도매업")
        known = known_business_type(value)
        split = None if known else split_business_type(value)
        if split:
            value, item = split
            if item and "business_item" not in drafts:
                drafts["business_item"] = Draft("business_item", item, conf * 0.9, [p[2].quad for p in parts])
            known = known_business_type(value)
        if known:
            # Every syllable matches a KSIC section name: its spacing is the printed one. One
            # syllable repaired from the list is likely but goes to review.
            value, edits = known
            conf = max(conf, 0.95) if edits == 0 else min(conf, 0.7)
        else:
            # Free forms are printed too ("도소매", "서비스"), but an 업태 off the list is far more
            # often a misreading: "들" for 음식점업 at 0.98 (docgen individual 6005, clean).
            conf = min(conf, 0.7)
    if not re.search(r"[가-힣A-Za-z0-9]", value):  # a stray mark ("ㆍ", ",") is not a value
        return None
    return Draft(key, value, conf, [p[2].quad for p in parts])


# A value taken by its place in the table, not beside its label, is less certain.
POSITIONAL = 0.85


def _table_rows(lines: list[TextLine], labels: list[Label], top: float, size: tuple[int, int]) -> list[list[TextLine]]:
    """The value cells of the table's left column, grouped into rows, top to bottom: lines below
    ``top`` in the upper part of the page, right of the label column and left of the middle."""
    w, h = size
    label_ids = {id(lab.line) for lab in labels}
    table = [ln for ln in lines if top < ln.cy < 0.45 * h and (ln.has_hangul or ln.latin.strip())]
    if not table:
        return []
    # The label column: the cells at the table's left edge (a label read with its value in one box
    # would push the column's edge past the values: then no value is taken).
    left = min(ln.x0 for ln in table)
    column = [ln for ln in table if ln.x0 < left + 2 * ln.height]
    edge = max(ln.x1 for ln in column)
    cells = sorted((ln for ln in table if id(ln) not in label_ids and edge - 5 <= ln.x0 < w / 2), key=lambda ln: ln.cy)
    rows: list[list[TextLine]] = []
    for ln in cells:
        if rows and _level(rows[-1][0], ln):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [sorted(r, key=lambda ln: ln.x0) for r in rows]


def _row_at(rows: list[list[TextLine]], draft: Draft | None) -> int | None:
    if draft is None or not draft.quads:
        return None
    y = float(draft.quads[0][:, 1].mean())
    return next((i for i, r in enumerate(rows) if any(ln.y0 <= y <= ln.y1 for ln in r)), None)


def _unlabelled_cells(
    lines: list[TextLine],
    labels: list[Label],
    drafts: dict[str, Draft],
    used_dates: set[int],
    subtype: str,
    size: tuple[int, int],
) -> None:
    """Company, representative and opening date whose labels were not read at all: the label
    cells are printed small, often on grey, and blur past reading while the larger values still
    read. Every form's table starts with the company (상호 / 법인명) and, on the next row, the
    representative (성명 / 대표자); the opening date is the table's date no other label claims (on
    an individual's form, with both dates unlabelled, the later one: the other is the birth date).
    Only keys whose label was not found at all are filled, at a lower confidence."""
    number = drafts.get("business_number")
    if number is None:
        return  # no anchor for the table's top
    top = float(number.quads[0][:, 1].max())
    found = {lab.key for lab in labels}
    rows = _table_rows(lines, labels, top, size)
    if not rows:
        return

    def cell(key: str, row: list[TextLine]) -> None:
        ln = row[0]
        if (
            not ln.has_hangul
            or _date_of([ln])
            or any(_level(lab.line, ln) and lab.line.x1 < ln.x0 + 5 for lab in labels)
        ):
            return  # a date, or a row whose label was read (a value of another key), is not this cell
        conf = hangul_conf(ln) if key == "representative_name" else text_conf(ln)
        draft = _value_draft(key, [(clean_text(ln.hangul), conf, ln)], drafts)
        if draft:
            draft.confidence *= POSITIONAL
            drafts[key] = draft

    if "company_name" not in found and "company_name" not in drafts:
        rep = _row_at(rows, drafts.get("representative_name"))
        if rep is None or rep > 0:
            cell("company_name", rows[0])
    if "representative_name" not in found and "representative_name" not in drafts:
        company = _row_at(rows, drafts.get("company_name"))
        if company is not None and company + 1 < len(rows):
            cell("representative_name", rows[company + 1])
    if "open_date" in found or "open_date" in drafts:
        return
    claimed = [lab.line for lab in labels if lab.key in ("representative_birth_date", "corporate_number")]
    dates = []
    for ln in lines:
        if not top < ln.cy < 0.45 * size[1] or id(ln) in used_dates or _corporate_number(ln.latin):
            continue
        if any(_level(c, ln) and ln.x0 > c.x0 for c in claimed):
            continue  # the value beside 생년월일 or 법인등록번호
        got = _date_of([ln])
        if got:
            dates.append(got)
    dates.sort(key=lambda d: d[0])
    birth_known = subtype == "corporate" or "representative_birth_date" in found
    if len(dates) == 1 and birth_known:
        value, ln, conf = dates[0]
    elif len(dates) == 2 and not birth_known:
        value, ln, conf = dates[1]
        b_value, b_ln, b_conf = dates[0]
        drafts["representative_birth_date"] = Draft(
            "representative_birth_date", b_value, b_conf * POSITIONAL, [b_ln.quad]
        )
    else:
        return
    drafts["open_date"] = Draft("open_date", value, conf * POSITIONAL, [ln.quad])


def detect_corporate(lines: list[TextLine]) -> bool:
    text = "".join(hangul_only(ln.hangul) for ln in lines)
    if any(k in text for k in ("법인사업자", "법인명", "법인등록번호", "본점", "단체명")):
        return True
    for m in find_all(lines, BUSINESS_RE):
        if business_number_valid("".join(m.match.groups())):
            return 81 <= int(m.match.group(2)) <= 88
    return False


def extract_business(lines: list[TextLine], size: tuple[int, int], subtype: str) -> list[Draft]:
    drafts: dict[str, Draft] = {}
    _, h = size
    for m in find_all(lines, BUSINESS_RE):
        value = "-".join(m.match.groups())
        valid = business_number_valid(value)
        conf = (0.6 + 0.39 * m.line.latin_score) if valid else 0.25
        if "business_number" not in drafts or conf > drafts["business_number"].confidence:
            drafts["business_number"] = Draft("business_number", value, conf, [m.quad])
            m.line.used = True
    all_text = " ".join(hangul_only(ln.hangul) for ln in lines)
    for tax in TAX_TYPES:
        if tax in all_text:
            ln = next(ln for ln in lines if tax in hangul_only(ln.hangul))
            # Four possible words, matched whole: the match itself is the evidence.
            drafts["tax_type"] = Draft("tax_type", tax, max(0.9, hangul_conf(ln)), [ln.quad])
            break
    labels = [lab for lab in (_label_of(ln) for ln in lines) if lab]
    exact = {id(lab.line) for lab in labels}
    for ln in lines:
        if id(ln) not in exact:
            near = _near_label(ln, labels, lines)
            if near:
                labels.append(near)
    label_lines = {id(lab.line) for lab in labels}
    labels.sort(key=lambda lab: (lab.line.cy, lab.line.x0))
    label_ys = sorted(lab.line.cy for lab in labels)
    used_dates: set[int] = set()
    for lab in labels:
        if lab.key.startswith("_") or lab.key in drafts:
            continue
        right = [o for o in _right_of(lines, lab.line) if id(o) not in label_lines]
        if lab.key in ("business_type", "business_item"):
            # Stop at the next label on the row (업태 … 종목 …).
            nxt = [o for o in _right_of(lines, lab.line) if id(o) in label_lines]
            if nxt:
                right = [o for o in right if o.x0 < nxt[0].x0]
        if lab.key in ("representative_birth_date", "open_date"):
            found = _date_of(([lab.line] if lab.rest else []) + right[:2])
            if found:
                value, ln, conf = found
                drafts[lab.key] = Draft(lab.key, value, conf, [ln.quad])
                used_dates.add(id(ln))
            continue
        if lab.key == "corporate_number":
            for o in [lab.line, *right[:2]]:
                corp = _corporate_number(o.latin or o.hangul)
                if corp:
                    value, share = corp
                    drafts[lab.key] = Draft(lab.key, value, share * (0.5 + 0.45 * o.latin_score), [o.quad])
                    break
            continue
        parts: list[tuple[str, float, TextLine]] = []
        # Person names are squashed (no spaces to get wrong); other values keep their spaces.
        conf_of = hangul_conf if lab.key.endswith("_name") and lab.key != "company_name" else text_conf
        if lab.rest and not _label_remnant(lab.rest):
            parts.append((lab.rest, conf_of(lab.line), lab.line))
        value_lines = right[:1] if lab.key.endswith("_name") else right
        # Wrapped addresses continue on the next line(s), aligned with the value, before the next label.
        for o in value_lines:
            text = clean_text(o.hangul if o.has_hangul else o.latin).lstrip(":： ")
            if text:
                parts.append((text, conf_of(o) if o.has_hangul else o.latin_score, o))
        if lab.key.endswith("address") and parts:
            x_ref = parts[0][2].x0 if parts[0][2] is not lab.line else lab.line.x0
            next_label_y = next((y for y in label_ys if y > lab.line.cy + 0.5 * lab.line.height), h)
            below = []
            for o in sorted(lines, key=lambda o: o.cy):
                if o.cy <= lab.line.cy + 0.6 * lab.line.height or o.cy >= next_label_y - 0.3 * o.height:
                    continue
                if id(o) in label_lines or (abs(o.x0 - x_ref) > 3 * o.height and o.x0 < x_ref):
                    continue
                if any(o is p[2] for p in parts):
                    continue  # already taken as the cell's second line
                if any(lab2 is not lab and _level(o, lab2.line) for lab2 in labels):
                    continue  # level with another label: that label's value (a wrapped 업태 cell)
                below.append(o)
            # Row by row, while the rows follow closely and start where the value does: a row far
            # below, or one starting elsewhere, is another cell whose label was not read (holdout
            # individual 9906, 9920 and 9921, degraded: the 업태 and 종목 row, the tax type, the
            # issue date and the tax office ran into the address). "Where the value does" is at its
            # box, or a little right of it when the box holds a colon first (": 인천광역시 …" over
            # "1206호 …", docgen individual 9905), never left of it; for a value in its label's box
            # ("사업장 소재지 : 경상남도 …", docgen), anywhere in that box.
            inline = parts[0][2] is lab.line
            bottom = max(p[2].y1 for p in parts)
            for row in rows_of(below):
                start, height = row[0].x0, row[0].height
                if inline:
                    aligned = lab.line.x0 - height <= start <= lab.line.x1
                else:
                    aligned = x_ref - 0.5 * height <= start <= x_ref + 2 * height
                if row[0].y0 - bottom > 1.5 * height or not aligned:
                    break
                for o in row:
                    text = clean_text(o.hangul if o.has_hangul else o.latin)
                    if text:
                        parts.append((text, conf_of(o) if o.has_hangul else o.latin_score, o))
                bottom = max(bottom, *(o.y1 for o in row))
        draft = _value_draft(lab.key, parts, drafts)
        if draft:
            drafts[lab.key] = draft
    _unlabelled_cells(lines, labels, drafts, used_dates, subtype, size)
    if subtype == "corporate" and "corporate_number" not in drafts:
        # Its label unread (a blurred grey cell): the table's one number of six and seven digits.
        numbers = [(c, ln) for ln in lines if ln.cy < 0.45 * h for c in [_corporate_number(ln.latin)] if c]
        if len(numbers) == 1:
            (value, share), ln = numbers[0]
            conf = share * (0.5 + 0.45 * ln.latin_score) * POSITIONAL
            drafts["corporate_number"] = Draft("corporate_number", value, conf, [ln.quad])
    # The issue date is printed alone near the foot of the page, above the tax office. A line that
    # prints a date comes before a guess from a line that prints none: the footer's "(hometax.go.kr)
    # 에서 발급 사실을…" read "2001068×.80." below the issue date (holdout corporate 9922, clean).
    dates = []
    for ln in lines:
        if id(ln) in used_dates or ln.cy < h * 0.45:
            continue
        found = _date_of([ln])
        if found:
            dates.append((_prints_date(ln), found))
    if dates:
        _, (value, ln, conf) = max(dates, key=lambda d: (d[0], d[1][1].cy))
        drafts["issue_date"] = Draft("issue_date", value, conf, [ln.quad])
    item = drafts.get("business_item")
    if item and any(len(w) >= 6 for w in item.value.split(" ")):
        # 종목 are KSIC-style names, phrases of short words ("한식 일반 음식점업"): a run of six or
        # more syllables is most likely a space Tesseract missed (calibration seeds: 21 of 21 wrong).
        item.confidence *= 0.7
    if subtype == "individual":
        drafts.pop("corporate_number", None)
        drafts.pop("head_office_address", None)
    else:
        drafts.pop("representative_birth_date", None)
    return list(drafts.values())
