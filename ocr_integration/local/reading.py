"""Text-line reading: RapidOCR detects every line and reads digits/Latin, Tesseract reads Hangul.

A ``TextLine`` keeps both readings; extractors pick the one that suits the value they look for
(RapidOCR for numbers and dates, Tesseract for names and addresses).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from ocr_integration.local import engines, syllables
from ocr_integration.local.imaging import WorkingImage, crop_quad, map_points, rotate_quarter, rotate_working
from ocr_integration.local.korean import (
    BUSINESS_TYPES,
    COMMON_GIVEN_SYLLABLES,
    COMMON_SURNAMES,
    hangul_only,
    jamo_difference,
    plausible_korean_name,
    squash_punct,
    watermark_like,
)

_CLEAN_LATIN = re.compile(r"[A-Za-z0-9<./:~\-,'() ]+")
_HANGUL = re.compile(r"[가-힣]")
_LETTER = re.compile(r"[가-힣0-9]")
_WORD = re.compile(r"[\W_]*([가-힣]+)[\W_]*")  # a Hangul word, marks read around it aside
_DOTS = re.compile(r"[.,:;·'`‘’：]+")  # marks whose ink is no more than specks
_RULE = re.compile(r"[|│]")  # a table rule read before a line
_BRACKETED_FORM = re.compile(r"\([가-힣]\)([가-힣]+)")  # "(주)으뜸무역", "(유)해솔"
_IN_BRACKETS = -1  # in a word shape (``_shape``): the syllable of a bracketed legal form
_COLON = re.compile(r"[:：]")
# How the syllable classifier weighs in on a vote (``_vote_place``): its probability counts this
# many times a reading's share, a syllable no reading offers is a candidate from this probability,
# and from the last one the classifier's choice wins over the readings however many agree.
_OPINION_WEIGHT = 1.0
_OPINION_OWN = 0.6
_OPINION_SURE = 0.9


def letters(text: str) -> str:
    """The Hangul syllables and digits of ``text``: what two readings of a value are compared on."""
    return "".join(_LETTER.findall(text))


@dataclass
class TextLine:
    """One detected text line in working-image coordinates with its two readings."""

    quad: np.ndarray  # 4x2, clockwise from top-left
    latin: str
    latin_score: float
    hangul: str = ""
    hangul_conf: float = 0.0
    hangul_min_conf: float = 0.0
    hangul_spacing_doubts: int = 0
    # Tesseract's words with their confidences, for the confidence of a value that is part of the line.
    hangul_words: tuple[tuple[str, float], ...] = ()
    # The same crop read by Tesseract's separately trained Hangul script model ("" when not read).
    hangul_second: str = ""
    latin_spaced: str = ""  # Tesseract (eng) reading of run-together Latin words
    used: bool = field(default=False, compare=False)

    @property
    def x0(self) -> float:
        return float(self.quad[:, 0].min())

    @property
    def x1(self) -> float:
        return float(self.quad[:, 0].max())

    @property
    def y0(self) -> float:
        return float(self.quad[:, 1].min())

    @property
    def y1(self) -> float:
        return float(self.quad[:, 1].max())

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return float(np.linalg.norm(self.quad[3] - self.quad[0]))

    @property
    def slant(self) -> float:
        """How far the line's top edge is turned from the horizontal, in degrees (0-90)."""
        dx, dy = self.quad[1] - self.quad[0]
        angle = abs(float(np.degrees(np.arctan2(dy, dx))))
        return min(angle, 180 - angle)

    @property
    def has_hangul(self) -> bool:
        return bool(_HANGUL.search(self.hangul))

    def take_hangul(self, res: engines.TesseractLine, second: engines.TesseractLine) -> None:
        """Keep Tesseract's reading ``res`` of the line, and the second model's ``second``."""
        self.hangul = res.text
        self.hangul_conf = res.confidence
        self.hangul_min_conf = res.min_confidence
        self.hangul_spacing_doubts = res.spacing_doubts
        self.hangul_words = res.words
        self.hangul_second = second.text

    def sub_quad(self, start: float, end: float) -> np.ndarray:
        """The part of the line between fractions ``start`` and ``end`` of its length."""
        q = self.quad
        top = q[0] + (q[1] - q[0]) * start, q[0] + (q[1] - q[0]) * end
        bottom = q[3] + (q[2] - q[3]) * start, q[3] + (q[2] - q[3]) * end
        return np.array([top[0], top[1], bottom[1], bottom[0]], np.float32)


# Tesseract's word confidence from which its reading of a box under the SPECIMEN stamp is kept.
_STAMP_SURE = 0.6


def _read_under_stamps(work: WorkingImage, lines: list[TextLine]) -> None:
    """Boxes RapidOCR read as the SPECIMEN stamp and nothing else ("ECIMEN") are read by Tesseract,
    on a sheet of their own: the detector boxes the stamp together with print under it (docgen
    driver 9700, degraded: the name 구재재). The reading is kept only where Tesseract is sure of
    Hangul there; on the stamp alone it reads garbage ("사브104607니" at 0.08). Read in the stacked
    sheet of the other lines instead, such boxes changed how those lines read (the fourteenth
    round's two tries: docs/benchmarks.md)."""
    stamped = [
        i
        for i, ln in enumerate(lines)
        if not ln.hangul and ln.latin.split() and all(map(watermark_like, ln.latin.split()))
    ]
    if not stamped:
        return
    crops = [crop_quad(work.bgr, lines[i].quad, pad=PAD) for i in stamped]
    ko, second = engines.read_lines_tesseract_models(crops, _MODELS, pad=PAD)
    # Print under the stamp that another box holds was read there: the stamp box over the end of
    # the issuer read "1시경찰청장" beside "부산광역시경찰청장" (docgen driver 9904, degraded).
    elsewhere = [hangul_only(ln.hangul) for ln in lines]
    for i, res, res2 in zip(stamped, ko, second, strict=True):
        own = hangul_only(res.text)
        if res.confidence >= _STAMP_SURE and own and not any(own in other for other in elsewhere):
            lines[i].take_hangul(res, res2)


def _needs_hangul(text: str, score: float, aspect: float) -> bool:
    if not text or score < 0.9 or not _CLEAN_LATIN.fullmatch(text):
        return True
    # A wide box read as a few characters ("()" for "(법인사업자)") lost its Hangul.
    chars = sum(c.isalnum() for c in text)
    if chars < 0.4 * aspect:
        return True
    # A digit takes under half the box height: a run of digits without spaces in a box far wider
    # than it held Hangul between them ("2011년 7월 2일" read as "201172").
    if not re.search(r"[A-Za-z\s]", text) and chars < 1.4 * aspect:
        return True
    # ... and a year with too few digits after it for a date in a box a little wider ("2023050" for
    # "2023년 05월 07일", holdout corporate 10022, degraded: a 7 lost with the units).
    if re.fullmatch(r"(?:19|20)\d{3,5}", text) and chars < 1.6 * aspect:
        return True
    # ... or numbers with spaces in a box twice as wide as they need ("86 369" for "대구광역시 북구
    # 벚꽃로86번길 369", holdout corporate 9901, clean): card numbers, the widest-set digits our
    # documents print, take 1.2 to 2 characters per box height (failure-hunting seeds 9900-9903).
    if re.fullmatch(r"[\d ]+", text) and len(text) < 0.8 * aspect:
        return True
    # ... or a year, a space and a month and day run together in two or three digits (four would
    # be a card number's group), in a box wider than digits need ("2014 725" for "2014년 7월 25일",
    # holdout resident 10700, clean, whose issue date was lost).
    if re.fullmatch(r"(?:19|20)\d{2} \d{2,3}", text) and chars < 1.4 * aspect:
        return True
    # ... or brackets round nothing or left open ("108 2507(," for "108동 2507호 (정자동,", docgen
    # resident 10003, clean): what stood in them, or after the comma, was Hangul.
    if re.search(r"\(\s*[,)]|,\s*\)|[(,]\s*$", text) or text.count("(") != text.count(")"):
        return True
    # ... or a date whose 년/월/일 were read as digits ("2014년 12월 14일" as "201412142"): nine to
    # twelve digits from a year on are no date and no number our documents print unbroken.
    if re.fullmatch(r"(?:19|20)\d{7,10}", text):
        return True
    # ... or a dotted date one of whose dots was read as a digit ("2009.11117." for "2009. 11. 17.",
    # docgen resident 9907, degraded): a year, a dot and five or more digits are no date.
    if re.fullmatch(r"(?:19|20)\d{2}\.\d{5,6}\.?", text):
        return True
    # ... or dropped after a label ("Issue Date 2020 128" for "발급일자 Issue Date 2020년 12월 8일",
    # holdout alien 9105): a year and one more run of digits end the line after words; or the
    # small dots of a date were ("Issue Date2021124" for "Issue Date 2021. 12. 4.", holdout alien
    # 9706), which leaves month and day in doubt: a year and three digits end the line after words.
    return bool(re.search(r"[A-Za-z.:]\s*(?:19|20)\d{2}(?: \d{2,4}|\d{3})$", text))


def _skew_angle(boxes: list[np.ndarray]) -> float:
    """The median slope of the boxes over three times as long as tall; with fewer than three of
    those, of the boxes over twice as long (a card tilted by 11°, whose number is four short
    boxes: docgen credit card 9708, degraded). 0 when fewer than three boxes are either."""
    for aspect in (3, 2):
        angles = []
        for b in boxes:
            dx, dy = b[1] - b[0]
            if abs(dx) > aspect * np.linalg.norm(b[3] - b[0]):
                angles.append(np.degrees(np.arctan2(dy, dx)))
        if len(angles) >= 3:
            return float(np.median(angles))
    return 0.0


def _mostly_vertical(boxes: list[np.ndarray]) -> bool:
    tall = sum(1 for b in boxes if np.linalg.norm(b[3] - b[0]) > 1.5 * np.linalg.norm(b[1] - b[0]))
    return len(boxes) >= 3 and tall > 0.6 * len(boxes)


# Below this lean the direction classifier is not trusted alone (chosen on docgen and holdout
# seeds 3000-3005; bench/orientation_check.py counts how often the whole test is wrong).
_SURE_LEAN = 0.3


def _upside_down(work: WorkingImage, boxes: list[np.ndarray]) -> bool:
    """RapidOCR's small 0/180 line classifier over the longest lines; when it is unsure, Tesseract
    reads the three longest lines both ways round and the surer reading wins."""
    longest = sorted(boxes, key=lambda b: -np.linalg.norm(b[1] - b[0]))[:8]
    crops = [crop_quad(work.bgr, b) for b in longest]
    lean = engines.upside_down_lean(crops)
    if abs(lean) >= _SURE_LEAN:
        return lean > 0
    three = crops[:3]
    turned = [cv2.rotate(c, cv2.ROTATE_180) for c in three]
    (as_is,) = engines.read_lines_tesseract_models(three, (engines.KOREAN_MODEL,))
    (round_,) = engines.read_lines_tesseract_models(turned, (engines.KOREAN_MODEL,))
    return sum(r.confidence for r in round_) > sum(r.confidence for r in as_is)


def _widen(quad: np.ndarray, by: float, right: float | None = None) -> np.ndarray:
    """The quad lengthened by ``by`` on the left and ``right`` (default ``by``) on the right."""
    unit = quad[1] - quad[0]
    unit = unit / max(float(np.linalg.norm(unit)), 1.0)
    d, e = unit * by, unit * (by if right is None else right)
    return np.array([quad[0] - d, quad[1] + e, quad[2] + e, quad[3] - d], np.float32)


# Tesseract expects a margin around a line: crops for it are padded by this share of the line height.
PAD = 0.25
# Every Hangul line is read by both Tesseract models (engines.py says why).
_MODELS = (engines.KOREAN_MODEL, engines.SECOND_MODEL)

# TD3 line 2 up to its expiry check digit, read without the filler run that follows.
_LINE2_HEAD_RE = re.compile(r"^[A-Z0-9]{9}[0-9O][A-Z0-9]{3}[0-9O]{7}[MFHN<][0-9O]{7}$")


def _reread_mrz(work: WorkingImage, lines: list[TextLine]) -> None:
    """MRZ lines end in a check digit right at the box edge; the detector sometimes clips it, or
    ends the box inside the faint filler run before it. A TD3 line has 44 characters: a box read as
    fewer is lengthened to the right by the missing characters' width."""
    for ln in lines:
        compact = ln.latin.replace(" ", "")
        if len(ln.latin) < 28 or (ln.latin.count("<") < 3 and not _LINE2_HEAD_RE.match(compact)):
            continue
        n = len(compact)
        char_width = (ln.x1 - ln.x0) / max(n, 1)
        wide = _widen(ln.quad, 0.8 * ln.height, max(0.8 * ln.height, (44 - n + 1.5) * char_width))
        ((text, score),) = engines.recognise([crop_quad(work.bgr, wide)])
        text = text.strip()
        if len(text.replace(" ", "")) > n and score >= ln.latin_score - 0.05:
            ln.quad, ln.latin, ln.latin_score = wide, text, score


# Labels printed on Korean IDs and certificates, read right: no misread name among them.
_FORM_WORDS = frozenset((
    "성명", "주소", "상호", "업태", "종목", "대표자", "성별", "국적", "생년월일", "발급일", "발급일자",
    "발급사유", "과세유형", "신규", "정정", "재발급", "견본", "법인명", "단체명", "조건", "종류", "기간",
    "체류자격", "적성검사", "갱신기간", "한글성명",
))  # fmt: skip


def _name_of(text: str) -> str:
    """The word of a one-word Hangul line of two to four syllables (the shape of a name in its own
    box), marks around it dropped, or of two words that make one such ("흥 시정": Tesseract splits
    a surname off); "" for any other line."""
    m = re.fullmatch(r"[\W_]*([가-힣]{1,3}) ?([가-힣]{1,3})[\W_]*", text.strip())
    name = "".join(m.groups()) if m else ""
    return name if 2 <= len(name) <= 4 else ""


# The words a form prints that are not names: its labels and the short KSIC business types.
_NOT_NAMES = _FORM_WORDS | frozenset(t for t in map(squash_punct, BUSINESS_TYPES) if len(t) <= 4)


def _near_form_word(word: str) -> bool:
    """``word`` is a word the form prints (``_NOT_NAMES``) with at most two of its letters
    (initial, vowel, final) misread: 종록 for the label 종목, 제조엽 for the business type 제조업."""
    return any(len(form) == len(word) and sum(map(jamo_difference, form, word)) <= 2 for form in _NOT_NAMES)


def _doubtful_name(text: str, second: str = "") -> bool:
    """A name-shaped reading that is no form label and either no plausible Korean name or read
    otherwise by the second model."""
    name = _name_of(text)
    if not name or name in _FORM_WORDS:
        return False
    other = _name_of(second)
    return not plausible_korean_name(name) or (len(other) == len(name) and other != name)


def _vote_place(
    offered: list[str],
    usual: frozenset[str] = frozenset(),
    opinion: np.ndarray | None = None,
    *,
    near_usual: bool = False,
) -> str:
    """The winner among the characters several readings offer at one place: one in ``usual``
    first, then the one more readings agree on, then the earlier reading's. ``opinion``: the
    syllable classifier's probabilities at this place (``syllables``), which weigh in beside the
    readings' share of votes, may offer a syllable of their own when they are sure of it, and
    outvote every reading when they are surer still. ``near_usual``: where no candidate is in
    ``usual`` (a name's syllable that names do not use, read alike by every reading: 공회 for
    공희), the usual syllable a letter away from a reading's that the classifier finds likeliest
    is one, if the classifier finds it likelier than what was read (가온상사, a company name in
    a box of its own, stays, though 가 is no surname and 마 is)."""
    index = syllables.class_index()
    candidates = list(dict.fromkeys(offered))
    if opinion is not None:
        top = syllables.ks_x_1001()[int(opinion.argmax())]
        if opinion.max() >= _OPINION_OWN and top not in candidates:
            candidates.append(top)
        if near_usual and not any(ch in usual for ch in candidates):
            near = [u for u in usual if u in index and any(jamo_difference(u, ch) == 1 for ch in offered)]
            likeliest = max(near, key=lambda u: float(opinion[index[u]]), default="")
            read = max((float(opinion[index[ch]]) for ch in offered if ch in index), default=0.0)
            if likeliest and float(opinion[index[likeliest]]) > read:
                candidates.append(likeliest)

    def score(ch: str) -> tuple[bool, bool, float, int]:
        p = float(opinion[index[ch]]) if opinion is not None and ch in index else 0.0
        order = -offered.index(ch) if ch in offered else -len(offered)
        return ch in usual, p >= _OPINION_SURE, offered.count(ch) / len(offered) + _OPINION_WEIGHT * p, order

    return max(candidates, key=score)


def vote_name(readings: list[str], size: int, opinions: list[np.ndarray] | None = None) -> str:
    """A plausible Korean name of ``size`` syllables from several readings of one name-shaped
    line, syllable by syllable: at each place a syllable names use (a surname first, given-name
    syllables after) beats one they do not, then the syllable more readings agree on, then the
    earlier reading's. Readings of another length do not vote; "" when the vote is no plausible
    name."""
    names = [n for n in (_name_of(r) for r in readings) if len(n) == size]
    if not names:
        return ""
    if opinions is not None and len(opinions) != size:
        opinions = None

    def usual(i: int) -> frozenset[str]:
        return COMMON_SURNAMES if i == 0 else COMMON_GIVEN_SYLLABLES

    def place(i: int, near_usual: bool = False) -> str:
        opinion = opinions[i] if opinions is not None else None
        return _vote_place([n[i] for n in names], usual(i), opinion, near_usual=near_usual)

    out = "".join(place(i) for i in range(size))
    unusual = [i for i, ch in enumerate(out) if ch not in usual(i)]
    if len(unusual) == 1 and not _near_form_word(out):
        # One syllable no name uses: a misread name's, not another word's (으롱무역, a company
        # name in a box of its own, is no name a letter away from 오동무여; 종록 is the label
        # 종목 misread, not the name 송록).
        i = unusual[0]
        out = out[:i] + place(i, near_usual=True) + out[i + 1 :]
    return out if plausible_korean_name(out) else ""


def _label_voted_a_name(read: str, voted: str) -> bool:
    """``read`` is no name but a form word a couple of letters off, and the name vote made it a
    name that is no form word: "얼때" for the label 업태 voted 경대 (holdout individual 1006, whose
    row then lost its label and value), where "조견" voted 조건 is the label (holdout driver 1001)."""
    return not plausible_korean_name(read) and _near_form_word(read) and voted not in _FORM_WORDS


def _reread_names(
    crops: list[np.ndarray], ko: list[engines.TesseractLine], second: list[engines.TesseractLine]
) -> None:
    """A name read in the stacked sheet now and then comes back with one letter off while the same
    crop read on its own is right (holdout corporate 7205, 7203: 혀우훈 for 허우훈, 이헤재 for
    이혜재), or right at another height (holdout corporate 8419: 홍시정, clear and 45 px tall, read
    흥 시정 by both models at 56 px, 홍시정 at 80): a name-shaped line that is no plausible name, or
    that the two models read differently, is read again on its own sheet at 56, 40 and 80 px, and
    the eight readings vote syllable by syllable. ``ko`` and ``second`` (the two models' readings of
    ``crops``) are updated in place."""
    for k, res in enumerate(ko):
        if not _doubtful_name(res.text, second[k].text):
            continue
        alone_ko, alone_second = engines.read_lines_tesseract_models(
            [crops[k]] * 3, _MODELS, heights=[56, 40, 80], pad=PAD
        )
        name = _name_of(res.text)
        readings = [alone_ko[0].text, res.text, alone_second[0].text, second[k].text]
        readings += [r.text for r in (*alone_ko[1:], *alone_second[1:])]
        voted = vote_name(readings, len(name), _opinions(crops[k], name, tuple(readings)))
        if voted and voted != name and not _label_voted_a_name(name, voted):
            ko[k] = replace(alone_ko[0], text=voted)
            second[k] = alone_second[0]


def _at_heights(
    crops: list[np.ndarray], heights: tuple[int, ...], thorough: frozenset[int] = frozenset()
) -> list[list[engines.TesseractLine]]:
    """Both models' readings of ``crops`` at each of ``heights`` (one sheet per model): for each
    model, all crops at the first height, then all at the next, and so on. Crops at a height in
    ``thorough`` are prepared thoroughly (engines._prepare_for_tesseract)."""
    n = len(crops)
    return engines.read_lines_tesseract_models(
        crops * len(heights),
        _MODELS,
        heights=[h for h in heights for _ in range(n)],
        pad=PAD,
        thorough=[h in thorough for h in heights for _ in range(n)],
    )


def vote_letters(readings: list[str], opinions: list[np.ndarray] | None = None) -> str:
    """The first reading with each of its Hangul syllables and digits replaced by the one most
    readings agree on at that place (ties: the earlier reading's). Only readings with as many
    syllables and digits as the first vote, and at least three must; its spacing and marks stay.
    ``opinions``: the syllable classifier's probabilities for each Hangul syllable of the first
    reading, in order (``_opinions``)."""
    first = letters(readings[0])
    voters = [v for v in map(letters, readings) if len(v) == len(first)]
    if not first or len(voters) < 3:
        return readings[0]
    hangul = [i for i, ch in enumerate(first) if _HANGUL.match(ch)]
    at = dict(zip(hangul, opinions, strict=True)) if opinions is not None and len(opinions) == len(hangul) else {}
    voted = iter(_vote_place([v[i] for v in voters], opinion=at.get(i)) for i in range(len(first)))
    return _LETTER.sub(lambda _: next(voted), readings[0])


def _most_common_shape_first(readings: list[str]) -> list[str]:
    """``readings`` with the first one that has the most common number of syllables and digits
    moved to the front, when the first has fewer agreeing (it dropped or split a syllable: "으땅사"
    where the other readings have 으뜸상사, 으뜸상사, 으픔상사), so that the vote has a shape to
    fill; else unchanged."""
    counts = Counter(len(letters(r)) for r in readings if letters(r))
    if not counts:
        return readings
    size, most = counts.most_common(1)[0]
    if counts[len(letters(readings[0]))] >= most:
        return readings
    at = next(i for i, r in enumerate(readings) if len(letters(r)) == size)
    return [readings[at], *readings[:at], *readings[at + 1 :]]


def _shape(text: str) -> list[int] | None:
    """The syllables per word of a reading whose words are all Hangul (marks around them aside:
    ".으몸무역" is read for a speck and 으뜸무역; a word of dots alone, the colon after a label, and
    a rule before the line are passed over, since ``syllables.cells`` leaves their ink out); None
    for any other reading. A bracketed legal form before the first word ("(주)으뜸무역") is a
    syllable of its own, ``_IN_BRACKETS`` (``syllables.bracketed``)."""
    words = [w for w in text.split() if not _DOTS.fullmatch(w)]
    if words and _RULE.fullmatch(words[0]):
        words = words[1:]
    legal = _BRACKETED_FORM.fullmatch(words[0]) if words else None
    if legal:
        words[:1] = [legal.group(1)]
    found = [_WORD.fullmatch(w) for w in words]
    if not found or not all(found):
        return None
    return [_IN_BRACKETS] * bool(legal) + [len(m.group(1)) for m in found if m]


def _opinions(crop: np.ndarray, text: str, others: tuple[str, ...] = ()) -> list[np.ndarray] | None:
    """The syllable classifier's probabilities for each Hangul syllable of ``text``, a reading of
    the padded line ``crop`` (``_shape``). When its words do not fit the line's ink
    (``syllables.cells``: a syllable split off a word, "으 픔솔루션"), the word shapes of ``others``,
    other readings of the line with as many syllables, are tried in turn; None when none fits."""
    size = len(_HANGUL.findall(text))
    # Each word shape once, in the order of the readings; the line is prepared only if one fits.
    shapes = dict.fromkeys(tuple(s) for s in map(_shape, (text, *others)) if s is not None and sum(map(abs, s)) == size)
    value = _value_shapes(text, others, bool(shapes))
    if not shapes and value is None:
        return None
    # The line is prepared once, for a cut after a colon and for a cut of the whole line.
    band = engines.line_band(crop, PAD)
    if value is not None and (opinions := _opinions_after_colon(band, *value)):
        return opinions
    for shape in shapes:
        cut = _cells(band, shape)
        if cut is not None:
            return list(syllables.probabilities(cut))
    return None


def _cells(band: np.ndarray, shape: tuple[int, ...]) -> list[np.ndarray] | None:
    """``syllables.cells`` for a word shape (``_shape``) that may start with a bracketed legal
    form, whose cell lies between its brackets (``syllables.bracketed``)."""
    if shape[0] != _IN_BRACKETS:
        return syllables.cells(band, list(shape))
    split = syllables.bracketed(band)
    cut = syllables.cells(split[1], list(shape[1:])) if split is not None else None
    return [split[0], *cut] if split is not None and cut is not None else None


def _value_shapes(text: str, others: tuple[str, ...], whole: bool) -> tuple[int, list[tuple[int, ...]]] | None:
    """For a line that holds a label, a colon and a value ("법 인 명 (단체명) : 주식회사 으쯤상사",
    docgen corporate 1014, whose brackets and spaced label fit no cut): the number of the label's
    syllables and the word shapes of the readings' values (``_shape``), each once. None when the
    line has no colon, holds nothing but a value (``whole``: a shape of the whole line fits; it is
    cut whole) or no value has a shape."""
    if not _COLON.search(text):
        return None
    size = len(_HANGUL.findall(_COLON.split(text)[-1]))
    values = (_COLON.split(t)[-1] for t in (text, *others) if _COLON.search(t))
    shapes = dict.fromkeys(tuple(s) for s in map(_shape, values) if s is not None and sum(map(abs, s)) == size)
    label = len(_HANGUL.findall(text)) - size
    if not size or not shapes or (whole and not label):
        return None
    return label, list(shapes)


def _opinions_after_colon(band: np.ndarray, label: int, shapes: list[tuple[int, ...]]) -> list[np.ndarray] | None:
    """The classifier's probabilities for a line of ``label`` syllables of label, a colon and a
    value (``_value_shapes``): the value is cut right of the colon's two dots
    (``syllables.after_colon``) in the first of ``shapes`` that fits; the label's syllables get
    no opinion (zeros). None when no colon is found or no shape fits."""
    value = syllables.after_colon(band)
    if value is None:
        return None
    for shape in shapes:
        cut = _cells(value, shape)
        if cut is not None:
            return [*np.zeros((label, len(syllables.ks_x_1001())), np.float32), *syllables.probabilities(cut)]
    return None


def _unnames(reading: str, voted: str) -> bool:
    """``voted`` would turn a plausible name (the name vote's, ``_reread_names``) into no name:
    the certificate vote, which knows no names, does not outvote the name vote there (holdout
    corporate 1010: 공희 voted back to 공회, which every reading had). A word the form prints a
    few letters off (제조임 for 제조업) was no name to begin with."""
    name = _name_of(reading)
    return (
        bool(name)
        and plausible_korean_name(name)
        and not _near_form_word(name)
        and not plausible_korean_name(_name_of(voted))
    )


def _sure_syllables(crop: np.ndarray, text: str) -> str:
    """``text``, a Hangul line both models read alike, with each syllable the classifier is sure
    is another (``_OPINION_SURE``) replaced by the classifier's: both models read docgen's 뜸 as
    폼 or 픔 at every height (docgen individual 1013, "으폼무역" alike in both models' first
    readings, and so never voted on). Only where the classifier reads at least two-thirds of the
    other syllables as the models did: a line whose words were read apart otherwise than printed
    ("다 온솔루션" for 다온솔루션) is cut into cells astride its syllables, where the classifier
    may be sure of anything."""
    opinions = _opinions(crop, text)
    if opinions is None:
        return text
    classes = syllables.ks_x_1001()
    read = _HANGUL.findall(text)
    tops = [classes[int(o.argmax())] for o in opinions]
    sure = [o.max() >= _OPINION_SURE and top != ch for o, top, ch in zip(opinions, tops, read, strict=True)]
    others = [top == ch for o, top, ch, s in zip(opinions, tops, read, sure, strict=True) if not s and o.max() > 0]
    if not any(sure) or not others or 3 * sum(others) < 2 * len(others):
        return text
    out = iter(top if s else ch for top, ch, s in zip(tops, read, sure, strict=True))
    return _HANGUL.sub(lambda _: next(out), text)


def _vote_disagreements(
    crops: list[np.ndarray], ko: list[engines.TesseractLine], second: list[engines.TesseractLine]
) -> None:
    """Where the two models read a Hangul line's syllables or digits differently, the line is read
    again at 40 and 80 px (one sheet), and the six readings vote place by place (``vote_letters``):
    on blurred certificate cells one model's slip is often outvoted ("다은솔루션" and "다온솔루션",
    and 다온솔루션 at both other heights); the shape most readings share is voted on
    (``_most_common_shape_first``). A line the two models read alike takes the syllables the
    classifier is sure of (``_sure_syllables``). ``ko`` is updated in place; ``second`` keeps the
    second model's first reading, so the value still goes to review if that one disagrees."""
    todo = [k for k, res in enumerate(ko) if _HANGUL.search(res.text) and letters(res.text) != letters(second[k].text)]
    for k, res in enumerate(ko):
        if k not in todo and _HANGUL.search(res.text):
            sure = _sure_syllables(crops[k], res.text)
            if sure != res.text and not _unnames(res.text, sure):
                ko[k] = replace(res, text=sure)
    if not todo:
        return
    n = len(todo)
    again_ko, again_second = _at_heights([crops[k] for k in todo], (40, 80))
    for j, k in enumerate(todo):
        readings = [ko[k].text, second[k].text]
        readings += [again_ko[j].text, again_second[j].text, again_ko[n + j].text, again_second[n + j].text]
        readings = _most_common_shape_first(readings)
        voted = vote_letters(readings, _opinions(crops[k], readings[0], tuple(readings[1:])))
        if voted != ko[k].text and not _unnames(ko[k].text, voted):
            ko[k] = replace(ko[k], text=voted)


# A Hangul syllable in a detected line box takes 0.55-0.8 of the box height on docgen and holdout
# certificates, up to about 1 in fonts set wide: the widths a box of n syllables may have. The
# classifier reads lines of up to this many syllables.
_SYLLABLE_ASPECT = (0.5, 1.1)
_CLASSIFIER_MAX_SYLLABLES = 4
# A reading by the classifier alone is a guess that only one reader made: its confidence is this
# share of the classifier's, so the value goes to review.
_CLASSIFIER_ALONE = 0.5


def _classifier_reading(crop: np.ndarray, aspect: float, latin: str) -> engines.TesseractLine | None:
    """The syllable classifier's reading of a short line both Tesseract models left empty at every
    height (holdout individual 1000: the two-syllable name 소준, in a blurred cell): the number of
    syllables the box can hold whose cut the classifier is surest of, when that is more than an
    even chance. None for a line RapidOCR read Latin letters or digits on (a number is RapidOCR's),
    a line too long, or an unsure classifier."""
    if re.search(r"[A-Za-z0-9]", latin):
        return None
    low, high = _SYLLABLE_ASPECT
    sizes = range(max(1, int(np.ceil(aspect / high))), min(_CLASSIFIER_MAX_SYLLABLES, int(aspect / low)) + 1)
    if not sizes:
        return None
    band = engines.line_band(crop, PAD)
    best: tuple[float, np.ndarray] | None = None
    for n in sizes:
        cut = syllables.cells(band, [n])
        if cut is None:
            continue
        p = syllables.probabilities(cut)
        sure = float(p.max(axis=1).mean())
        if best is None or sure > best[0]:
            best = sure, p
    if best is None or best[0] < 0.5:
        return None
    sure, p = best
    classes = syllables.ks_x_1001()
    text = "".join(classes[int(i)] for i in p.argmax(axis=1))
    conf, least = _CLASSIFIER_ALONE * sure, _CLASSIFIER_ALONE * float(p.max(axis=1).min())
    return engines.TesseractLine(text, conf, least, words=((text, conf),))


# Width per syllable (in box heights) past which a reading of Hangul words lost syllables: names,
# labels and values of both generators' certificates take 0.55-1.1 (a space or mark counts half);
# below the other bound it holds syllables that are not there.
_TOO_WIDE = 1.3
_TOO_NARROW = 0.5


def _width_per_syllable(text: str, aspect: float) -> float | None:
    """The box's width per syllable of a reading of Hangul words and marks alone (None for a
    reading with digits or Latin letters, or none)."""
    if not _HANGUL.search(text) or re.search(r"[0-9A-Za-z]", text):
        return None
    units = len(_HANGUL.findall(text)) + 0.5 * len(re.findall(r"[^가-힣]", text.strip()))
    return aspect / units


def _reread_misfits(
    crops: list[np.ndarray], aspects: list[float], ko: list[engines.TesseractLine], second: list[engines.TesseractLine]
) -> None:
    """A Hangul reading far too short for its box lost syllables in the stacked sheet (docgen
    individual 9015, clean: 진솔솔루션 read 솔루션 at 0.97, and 진솔솔루션 when read alone); one far
    too long took in syllables that are not there (holdout driver 9600, clean: 공재혁 on a hatched
    background read 티공재뼈혁, and ^공재혁 alone). Such a line is read on its own sheet, and that
    reading is kept when it fits the box (a reading still too short is no better: docgen resident
    9211, a box read "그" and alone "나기", no name). ``ko`` and ``second`` are updated in place."""
    for k, res in enumerate(ko):
        width = _width_per_syllable(res.text, aspects[k])
        if width is None or _TOO_NARROW <= width <= _TOO_WIDE:
            continue
        alone_ko, alone_second = engines.read_lines_tesseract_models([crops[k]], _MODELS, pad=PAD)
        alone = _width_per_syllable(alone_ko[0].text, aspects[k])
        if alone is not None and _TOO_NARROW <= alone <= _TOO_WIDE:
            ko[k], second[k] = alone_ko[0], alone_second[0]


def _weak(res: engines.TesseractLine) -> bool:
    """A Tesseract line reading worth another try: empty, or below 0.6 word confidence."""
    return not res.text.strip() or res.confidence < 0.6


def _barred(res: engines.TesseractLine) -> bool:
    """A Tesseract line reading with a table rule read as a bar beside its Hangul: also worth
    another try (holdout individual 10804, clean: the name 추규수 in a ruled cell read "| 추수" by
    both models at 0.69; the thorough reading at 56 px erases the rule and reads it whole)."""
    return "|" in res.text and bool(_HANGUL.search(res.text))


def _read_again(
    crops: list[np.ndarray],
    ko: list[engines.TesseractLine],
    second: list[engines.TesseractLine],
    which: list[int],
    doubtful: Callable[[engines.TesseractLine], bool],
) -> None:
    """Reads the lines ``which`` again at 56 px (prepared thoroughly), 40 px and, for a line still
    ``doubtful`` after those, 80 px, all in one sheet, and keeps a reading surer than the one it
    had."""
    if not which:
        return
    n = len(which)
    again_ko, again_second = _at_heights([crops[k] for k in which], (56, 40, 80), frozenset({56}))
    for j, k in enumerate(which):
        for at in (j, n + j, 2 * n + j):  # 56 and 40 px first; 80 px only for a line still in doubt
            if at >= 2 * n and not doubtful(ko[k]):
                break
            if again_ko[at].text.strip() and again_ko[at].confidence > ko[k].confidence:
                ko[k], second[k] = again_ko[at], again_second[at]


def _undoubled(res: engines.TesseractLine, aspect: float) -> engines.TesseractLine:
    """Tesseract's LSTM now and then reads a short word twice ("민정민정" for 민정): a reading that
    is one to three syllables said twice, in a box too short for that many, is said once."""
    m = re.fullmatch(r"([가-힣]{1,3})\1", res.text.strip())
    if not m or len(m.group(0)) <= aspect + 1.5:
        return res
    words = ((m.group(1), res.words[0][1]),) if len(res.words) == 1 else res.words
    return replace(res, text=m.group(1), words=words)


def suppress_red(work: WorkingImage, *, whole: bool = False) -> WorkingImage:
    """Fade clearly red pixels (seals, SPECIMEN stamps over the text) into the background.

    A red pixel becomes either its red-channel brightness (on light paper a stamp then fades to
    near white) or its green/blue brightness (on a dark card the stamp then fades to near black),
    whichever is closer to the brightness of the page, so the stamp never turns into
    grey strokes that the recognisers merge with the text. Everything else is left untouched: the
    recognisers read colour images best, and JPEG stores colour at half resolution, so a single
    channel would be blurrier.

    ``whole`` (credit cards) removes a translucent stamp whole: its anti-aliased edges, which
    stay as outline letters that the detector merges with the digits beside them (docgen credit
    card 8106: "6471P179MEN"), fade with it, and stamp pixels over bare page take the colour of
    the page around them (grey on tinted paper would outline the letters again); print under
    the stamp stays. On pages and ID cards this changed how Tesseract's stacked sheet read names
    and lost as much as it won (docs/benchmarks.md, seventh round), so there it is not done.
    """
    bgr = work.bgr.astype(np.int16)
    redness = bgr[:, :, 2] - (bgr[:, :, 0] + bgr[:, :, 1]) // 2
    mask = redness > 25
    # Where most of the image is red, red is the page (a red card, a page under a red cast): fading
    # it all to grey would take the stamp's colour difference away too (docgen credit card 8103).
    if not mask.any() or mask[::4, ::4].mean() > 0.5:
        return work
    if whole:
        edges = redness > float(np.median(redness[::4, ::4])) + 10
        mask |= edges & cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    # The page brightness: the median of the other pixels (paper, or the card's dark print).
    gray = cv2.cvtColor(work.bgr, cv2.COLOR_BGR2GRAY)
    page = float(np.median(gray[~mask])) if (~mask).any() else 255.0
    red = bgr[:, :, 2]
    rest = (bgr[:, :, 0] + bgr[:, :, 1]) // 2
    faded = np.where(np.abs(red - page) <= np.abs(rest - page), red, rest).clip(0, 255)
    out = work.bgr.copy()
    out[mask] = np.repeat(faded[mask][:, None], 3, axis=1).astype(np.uint8)
    # Not where red is the page itself (a red card, whose other pixels are mostly print).
    colour = _page_colour(work.bgr, mask) if whole and mask[::4, ::4].mean() < 0.25 else None
    if colour is not None:
        bare = mask & (np.abs(faded - cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY).astype(np.int16)) < 24)
        out[bare] = colour[bare]
    return WorkingImage(out, work.to_input, work.rectified)


def _page_colour(bgr: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """The colour of the page around each pixel: the average, over a neighbourhood a twentieth of
    the image wide (at a quarter of the resolution, so that uneven light and shadows are
    followed), of the pixels outside ``mask`` near the page's median brightness (print is not
    page). None when no such pixel is left."""
    h, w = mask.shape
    small = np.ascontiguousarray(bgr[::4, ::4]).astype(np.float32)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    outside = ~mask[::4, ::4]
    if not outside.any():
        return None
    keep = (outside & (np.abs(gray - np.median(gray[outside])) < 40)).astype(np.float32)
    sigma = max(small.shape[:2]) / 20
    den = cv2.GaussianBlur(keep, (0, 0), sigma)
    num = cv2.GaussianBlur(small * keep[:, :, None], (0, 0), sigma)
    local = num / np.maximum(den, 1e-3)[:, :, None]
    return cv2.resize(local, (w, h), interpolation=cv2.INTER_LINEAR).clip(0, 255).astype(np.uint8)


# Turned further than this (in degrees), the lines are detected again once the image is upright:
# a page turned 40 degrees in a photo whose frame cut its corners (so that it was not rectified)
# gave few boxes, most of its table missing (bench/capture_check.py, angle40, holdout individual
# 2201). 25 degrees lost no key field in the capture check.
_DETECT_AGAIN_ABOVE = 15.0


def read_lines(
    work: WorkingImage, *, hangul: bool = True, vote: bool = False, whole_stamps: bool = False
) -> tuple[WorkingImage, list[TextLine]]:
    """Detect and read every text line; returns the (possibly re-oriented) working image too.
    ``vote``: Hangul lines the two models read differently are read again and voted on
    (``_vote_disagreements``; for pages, whose latency budget leaves room for it).
    ``whole_stamps``: translucent red stamps are removed whole (``suppress_red``; credit cards)."""
    work = suppress_red(work, whole=whole_stamps)
    boxes = engines.detect_boxes(work.bgr)
    if _mostly_vertical(boxes):
        work = rotate_quarter(work, 1)
        boxes = engines.detect_boxes(work.bgr)
    angle = _skew_angle(boxes)
    if abs(angle) > _DETECT_AGAIN_ABOVE:
        # The detector finds few of the lines of a page turned this far: it is asked again upright.
        work = rotate_working(work, angle)
        boxes = engines.detect_boxes(work.bgr)
    elif abs(angle) > 1.0:
        # Rotating the detected quads with the image is as good as detecting again, at no cost.
        before = work
        work = rotate_working(work, angle)
        to_new = np.linalg.inv(work.to_input) @ before.to_input
        boxes = [map_points(to_new, b).astype(np.float32) for b in boxes]
    if boxes and _upside_down(work, boxes):
        # Detected again: the detector's boxes on upside-down text are not its boxes turned round
        # (mapping them instead picked up hologram specks into an address on docgen resident 7).
        work = rotate_quarter(work, 2)
        boxes = engines.detect_boxes(work.bgr)
    crops = [crop_quad(work.bgr, b) for b in boxes]
    rec = engines.recognise(crops)
    lines = [TextLine(np.asarray(b, np.float32), t.strip(), s) for b, (t, s) in zip(boxes, rec, strict=True)]
    _reread_mrz(work, lines)
    if hangul:
        todo = [
            i
            for i, ln in enumerate(lines)
            if _needs_hangul(ln.latin, ln.latin_score, (ln.x1 - ln.x0) / max(ln.height, 1.0))
        ]
        # Padding gives Tesseract the margins it expects around a line.
        crops = [crop_quad(work.bgr, lines[i].quad, pad=PAD) for i in todo]
        ko, second = engines.read_lines_tesseract_models(crops, _MODELS, pad=PAD)
        # Tesseract's layout analysis of a stacked sheet now and then drops a short line as noise
        # (a three-syllable name comes back empty) or garbles it (the label 종목 read as 고), while
        # the same crop read in a smaller sheet is clear: such lines are read again at other scales
        # and the surer reading is kept. At 56 px they are prepared thoroughly this time: slanted
        # rules and cell borders in the side padding go, and grey print is stretched again without
        # them (holdout corporate 9304: a name read "| 988" and a date read as nothing).
        # All scales go into one sheet.
        weak = [k for k, res in enumerate(ko) if _weak(res)]
        _read_again(crops, ko, second, weak, _weak)
        # Lines with a rule read as a bar go into a sheet of their own: in the weak lines' sheet
        # they changed how those were read (holdout driver 1009, degraded: its renewal period).
        read = set(weak)
        barred = [k for k, res in enumerate(ko) if k not in read and _barred(res)]
        _read_again(crops, ko, second, barred, lambda res: _weak(res) or _barred(res))
        aspects = [(lines[i].x1 - lines[i].x0) / max(lines[i].height, 1.0) for i in todo]
        _reread_misfits(crops, aspects, ko, second)
        if vote:
            for k, res in enumerate(ko):
                if not res.text.strip():
                    guess = _classifier_reading(crops[k], aspects[k], lines[todo[k]].latin)
                    ko[k] = guess or res
        _reread_names(crops, ko, second)
        if vote:
            _vote_disagreements(crops, ko, second)
        for i, res, res2, aspect in zip(todo, ko, second, aspects, strict=True):
            lines[i].take_hangul(_undoubled(res, aspect), _undoubled(res2, aspect))
        _read_under_stamps(work, lines)
        if vote:
            _read_dates_twice(work, lines, set(todo))
        # RapidOCR runs Latin words together ("SATOYUKI", "TRAN THIHOA" for TRAN THI HOA);
        # Tesseract's English model keeps the spaces.
        joined = [
            i
            for i, ln in enumerate(lines)
            if not ln.hangul and re.fullmatch(r"[A-Z ]+", ln.latin) and re.search(r"[A-Z]{5,}", ln.latin)
        ]
        eng = engines.read_lines_tesseract(
            [crop_quad(work.bgr, lines[i].quad, pad=PAD) for i in joined], lang="eng", pad=PAD
        )
        for i, res in zip(joined, eng, strict=True):
            lines[i].latin_spaced = res.text
    lines.sort(key=lambda ln: (round(ln.cy / max(ln.height, 1) / 1.2), ln.x0))
    return work, lines


# A date as RapidOCR reads one: a year, then month and day parted by marks.
_DATE_SHAPE = re.compile(r"(?<!\d)(?:19|20)\d{2}\D{1,3}\d{1,2}\D{1,3}\d{1,2}(?!\d)")


def _read_dates_twice(work: WorkingImage, lines: list[TextLine], read: set[int]) -> None:
    """Lines of a page that RapidOCR read as a date and no Tesseract model read are read by both
    models too, on a sheet of their own (so that the sheet of Hangul lines stays as it was), and
    their readings kept where they hold no Hangul: the date's vote (business._date_of) then has
    three readers. RapidOCR reads the 7 of a serif font, a bar with a hook, as 1 at 0.96 where
    both models read 7 (holdout individual 10216, degraded: 2009.03.21 for 2009. 03. 27., at 1.0)."""
    dated = [i for i, ln in enumerate(lines) if i not in read and not ln.hangul and _DATE_SHAPE.search(ln.latin)]
    if not dated:
        return
    ko, second = engines.read_lines_tesseract_models(
        [crop_quad(work.bgr, lines[i].quad, pad=PAD) for i in dated], _MODELS, pad=PAD
    )
    for i, res, res2 in zip(dated, ko, second, strict=True):
        if not _HANGUL.search(res.text + res2.text):
            lines[i].take_hangul(res, res2)


def rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines whose vertical centres overlap into rows, each sorted left to right."""
    out: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.cy):
        for row in out:
            ref = row[0]
            if abs(ref.cy - ln.cy) < 0.5 * min(ref.height, ln.height):
                row.append(ln)
                break
        else:
            out.append([ln])
    for row in out:
        row.sort(key=lambda ln: ln.x0)
    return out
