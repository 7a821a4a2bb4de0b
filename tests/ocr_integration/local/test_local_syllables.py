"""The Hangul syllable classifier (ocr_integration/local/syllables.py) and its place in the vote."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr_integration.local import syllables
from ocr_integration.local.reading import vote_letters, vote_name

NANUM = "/usr/share/fonts/truetype/nanum/"


def _band(text: str, font: str, height: int, blur: float = 0.0) -> np.ndarray:
    """``text`` set in ``font`` as a grey line band ``height`` px high (the line's own height)."""
    f = ImageFont.truetype(font, 60)
    im = Image.new("L", (int(f.getlength(text)) + 40, 100), 255)
    ImageDraw.Draw(im).text((20, 20), text, font=f, fill=30)
    a = np.asarray(im)
    rows = np.flatnonzero((a < 128).any(axis=1))
    a = a[rows[0] - 4 : rows[-1] + 5]
    small = cv2.resize(a, (round(a.shape[1] * height / a.shape[0]), height), interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (0, 0), blur) if blur else small


def _crop(band: np.ndarray) -> np.ndarray:
    """A line ``band`` as the engine crops it: padded by a quarter of its height, in colour."""
    pad = band.shape[0] // 4
    padded = cv2.copyMakeBorder(band, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(padded, cv2.COLOR_GRAY2BGR)


def _opinion(top: str, p: float) -> np.ndarray:
    """A classifier output sure of ``top`` with probability ``p``."""
    out = np.full(len(syllables.ks_x_1001()), (1 - p) / (len(syllables.ks_x_1001()) - 1), np.float32)
    out[syllables.class_index()[top]] = p
    return out


def test_classes_are_the_ks_x_1001_syllables() -> None:
    classes = syllables.ks_x_1001()
    assert len(classes) == 2350 and len(set(classes)) == 2350
    assert classes[0] == "가" and classes[-1] == "힝"
    assert {"뜸", "솔", "훈", "희", "윤"} <= set(classes)
    assert "똠" not in classes  # a syllable no KS X 1001 text uses


def test_a_line_is_cut_into_even_syllables_and_words_part_at_the_widest_gaps() -> None:
    band = _band("유한회사 해솔솔루션", NANUM + "NanumGothic.ttf", 28)
    cut = syllables.cells(band, [4, 5])
    assert cut is not None and len(cut) == 9
    widths = [c.shape[1] for c in cut]
    assert max(widths) - min(widths) <= 2  # even division
    assert all(0.6 * 28 <= w <= 1.4 * 28 for w in widths)
    # A reading whose words do not fit the ink gives no cells: three words where the line has one
    # gap wide enough, or one word read as nine syllables squeezed into half the width.
    assert syllables.cells(_band("해솔솔루션", NANUM + "NanumGothic.ttf", 28), [2, 2, 1]) is None
    assert syllables.cells(_band("해솔", NANUM + "NanumGothic.ttf", 28), [9]) is None
    # A table rule before the line, cut off by the crop's edge (holdout corporate 8718), is no ink
    # of the line's: the cells are the same as without it.
    ruled = cv2.copyMakeBorder(band, 0, 0, 6, 0, cv2.BORDER_REPLICATE)
    ruled[: band.shape[0] // 2, 0] = 40
    with_rule = syllables.cells(ruled, [4, 5])
    assert with_rule is not None and [c.shape for c in with_rule] == [c.shape for c in cut]
    # A slanted rule in two pieces, the lower one a few pixels right (holdout individual 1006).
    ruled[band.shape[0] // 2 + 2 :, 3] = 40
    with_rule = syllables.cells(ruled, [4, 5])
    assert with_rule is not None and [c.shape for c in with_rule] == [c.shape for c in cut]


def test_cells_are_measured_against_the_print_where_the_band_is_far_taller() -> None:
    # A narrow font in a band twice as tall as its print (holdout individual 10508: 으뜸무역's
    # cells were 0.43 of the band and no cut was made, so the classifier had no say).
    band = _band("으뜸무역", NANUM + "NanumGothic.ttf", 18)
    narrow = cv2.resize(band, (round(band.shape[1] * 0.85), band.shape[0]), interpolation=cv2.INTER_AREA)
    tall = cv2.copyMakeBorder(narrow, 10, 10, 6, 6, cv2.BORDER_CONSTANT, value=255)
    cut = syllables.cells(tall, [4])
    assert cut is not None and all(c.shape[1] < 0.45 * tall.shape[0] for c in cut)
    # A reading with too many syllables still cuts cells too narrow for the print.
    assert syllables.cells(tall, [6]) is None


@pytest.mark.parametrize("font", ["NanumGothic.ttf", "NanumMyeongjo.ttf"])
@pytest.mark.parametrize("height", [16, 24])
def test_a_bracketed_legal_form_is_a_cell_of_its_own(font: str, height: int) -> None:
    # "(주)으뜸푸드": the brackets are narrow ink, the name is cut after them (holdout corporate
    # 10500, whose name had no opinion: one word of five syllables did not fit the ink).
    from ocr_integration.local.reading import _opinions

    band = _band("(주)으뜸푸드", NANUM + font, height)
    split = syllables.bracketed(band)
    assert split is not None
    inside, rest = split
    assert 0.5 * height <= inside.shape[1] <= 1.2 * height
    assert rest.shape[1] > 3 * inside.shape[1]  # the four syllables of the name
    assert syllables.bracketed(_band("으뜸푸드", NANUM + font, height)) is None
    opinions = _opinions(_crop(band), "(주)으픔푸드")
    assert opinions is not None
    assert "".join(syllables.ks_x_1001()[int(o.argmax())] for o in opinions) == "주으뜸푸드"


@pytest.mark.parametrize(
    ("font", "blur"),
    [("NanumGothic.ttf", 0.0), ("NanumMyeongjo.ttf", 0.0), ("NanumGothic.ttf", 0.8), ("NanumMyeongjo.ttf", 0.8)],
)
def test_the_classifier_reads_fonts_it_was_not_trained_on(font: str, blur: float) -> None:
    """Nanum is not among the training fonts (scripts/train_syllables.py); small and blurred."""
    text = "으뜸무역지훈태진강윤정공희누리푸드"
    cut = syllables.cells(_band(text, NANUM + font, 16, blur), [len(text)])
    assert cut is not None
    read = "".join(syllables.ks_x_1001()[i] for i in syllables.probabilities(cut).argmax(axis=1))
    right = sum(a == b for a, b in zip(read, text, strict=True))
    assert right >= len(text) - 3, read


def test_a_sure_classifier_outvotes_a_syllable_both_models_misread() -> None:
    # Tesseract's models read the blurred 뜸 as 롱, 동 or 픔 at every height; the classifier is sure.
    readings = ["으롱무역", "으롱무역", "으동무역", "으롱무역", "으픔무역", "으롱무역"]
    opinions = [_opinion(ch, 0.9) for ch in "으뜸무역"]
    assert vote_letters(readings, opinions) == "으뜸무역"
    assert vote_letters(readings) == "으롱무역"  # without it


def test_a_very_sure_classifier_outvotes_readings_that_all_agree() -> None:
    # Tesseract reads 뜸 as 픔 on clean captures too, in every reading (docgen individual 8712).
    readings = ["으픔건설"] * 4
    assert vote_letters(readings, [_opinion(ch, 0.95) for ch in "으뜸건설"]) == "으뜸건설"
    # Below that sureness, readings that all agree stand.
    assert vote_letters(readings, [_opinion(ch, 0.85) for ch in "으뜸건설"]) == "으픔건설"


def test_an_unsure_classifier_only_breaks_ties_among_the_readings() -> None:
    readings = ["지혼래전", "지훈태진", "지혼래전", "지훈태진"]
    unsure = [_opinion(ch, 0.3) for ch in "지훈태진"]
    assert vote_letters(readings, unsure) == "지훈태진"
    # Not sure enough to bring in a syllable no reading offers (성 read 셩 at 0.5: the readings win).
    assert vote_letters(["성명", "성명", "성멍"], [_opinion("셩", 0.5), _opinion("명", 0.5)]) == "성명"
    # Opinions that do not match the first reading's syllables are not used.
    assert vote_letters(readings, unsure[:3]) == "지혼래전"


def test_a_name_vote_keeps_names_plausible_whatever_the_classifier_says() -> None:
    readings = ["강운정", "강운정", "강윤정", "강운정"]
    assert vote_name(readings, 3, [_opinion(ch, 0.8) for ch in "강윤정"]) == "강윤정"
    # 똥 is in no given name: the usual syllable stays, however sure the classifier is.
    assert vote_name(["공희", "공회", "공희"], 2, [_opinion("공", 0.9), _opinion("똥", 0.95)]) == "공희"


def test_a_reading_of_a_blurred_line_gets_the_classifiers_opinion_of_each_syllable() -> None:
    """The path the vote takes: a padded line crop (as imaging.crop_quad cuts it), cut by the
    reading's words, marks around them aside, and classified."""
    from ocr_integration.local.reading import PAD, _opinions

    band = _band("유한회사 으뜸무역", NANUM + "NanumMyeongjo.ttf", 20, blur=0.6)
    margin = round(band.shape[0] * PAD)
    crop = cv2.cvtColor(cv2.copyMakeBorder(band, margin, margin, 6, 6, cv2.BORDER_REPLICATE), cv2.COLOR_GRAY2BGR)

    opinions = _opinions(crop, ".유한회사 으픔무역")  # how Tesseract read it
    assert opinions is not None and len(opinions) == 8
    assert "".join(syllables.ks_x_1001()[int(o.argmax())] for o in opinions) == "유한회사으뜸무역"
    # A word of dots alone (the colon after a label) is passed over.
    after_colon = _opinions(crop, ": 유한회사 으픔무역")
    assert after_colon is not None and np.allclose(np.stack(after_colon), np.stack(opinions))
    # Readings with other words than Hangul get no opinion; nor do words that do not fit the ink.
    assert _opinions(crop, "유한회사 으뜸2역") is None
    assert _opinions(crop, "유한 회사으뜸무역") is None  # two syllables in the first word's ink
    # ... unless another reading of the line with as many syllables fits.
    split = _opinions(crop, "유한 회사으뜸무역", ("유한회사 으뜸", "유한회사 으뜸무역"))
    assert split is not None and np.allclose(np.stack(split), np.stack(opinions))
    # A table rule before the line, read as "|", is passed over with its ink.
    ruled = cv2.copyMakeBorder(crop, 0, 0, 8, 0, cv2.BORDER_REPLICATE)
    cv2.line(ruled, (2, 0), (2, ruled.shape[0] - 1), (40, 40, 40), 2)
    after_rule = _opinions(ruled, "| 유한회사 으픔무역")
    assert after_rule is not None
    assert "".join(syllables.ks_x_1001()[int(o.argmax())] for o in after_rule) == "유한회사으뜸무역"


def test_a_name_with_one_syllable_no_name_uses_takes_the_likeliest_usual_one_a_letter_away() -> None:
    # Every reading has 회, which no given name uses (holdout corporate 1010: 공희 read 공회 eight
    # times). The classifier is unsure; among the usual syllables a letter away from 회 it finds
    # 희 likeliest. 의 is likelier still but two letters away (initial and vowel), so not taken.
    opinion = _opinion("의", 0.05)
    opinion[syllables.class_index()["희"]] = 0.03
    assert vote_name(["공회"] * 4, 2, [_opinion("공", 0.2), opinion]) == "공희"
    assert vote_name(["공회"] * 4, 2) == ""  # without the classifier: no plausible name
    # Only where the classifier finds the usual syllable likelier than what was read: 가온상사, a
    # company name in a box of its own, read right, is no name though 가 is a letter from 마.
    assert vote_name(["가온상사"] * 3, 4, [_opinion(ch, 0.9) for ch in "가온상사"]) == ""
    # A word with more such syllables is no misread name: 으롱무역, a company name in a box of its
    # own, does not become 오동무여.
    assert vote_name(["으롱무역"] * 3, 4, [_opinion(ch, 0.3) for ch in "오동무여"]) == ""
    # Nor is a label misread: 종록 is 종목 with a letter off, not the name 송록.
    assert vote_name(["종록"] * 3, 2, [_opinion("송", 0.5), _opinion("록", 0.5)]) == ""
    # ... or a business type: 제조엽 is 제조업 misread, not the name 제조엽.
    assert vote_name(["제조업"] * 3, 3, [_opinion("제", 0.9), _opinion("조", 0.9), _opinion("엽", 0.5)]) == ""


def test_the_certificate_vote_does_not_unmake_a_name_the_name_vote_made() -> None:
    from ocr_integration.local.reading import _unnames

    assert _unnames("공희", "공회")  # every reading had 회; the name vote made it 희
    assert not _unnames("공회", "공희")  # the other way round is the vote's to make
    assert not _unnames("지훈태전", "지훈태진")  # a name for a name
    assert not _unnames("제조임", "제조업")  # 제조업 misread is no name
    assert not _unnames("으롱무역", "으뜸무역")  # nor is a company name


def _padded_line(
    text: str, blur: float = 0.0, height: int = 20, font: str = "NanumGothic.ttf"
) -> tuple[np.ndarray, float]:
    """``text`` as a detected line's padded crop (imaging.crop_quad) and its box's aspect ratio:
    the box hugs the ink, as RapidOCR's do."""
    from ocr_integration.local.reading import PAD

    band = _band(text, NANUM + font, height, blur)
    cols = np.flatnonzero((band < 128).any(axis=0))
    band = band[:, cols[0] - 2 : cols[-1] + 3]
    margin = round(band.shape[0] * PAD)
    crop = cv2.copyMakeBorder(band, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR), band.shape[1] / band.shape[0]


def test_a_short_line_tesseract_left_empty_is_read_by_the_classifier() -> None:
    """Holdout individual 1000: the two-syllable name 소준 in a blurred cell, which both Tesseract
    models left empty at every height, and RapidOCR read as "全圣"."""
    from ocr_integration.local.reading import _classifier_reading

    crop, aspect = _padded_line("소준", blur=0.5)
    read = _classifier_reading(crop, aspect, "全圣")
    assert read is not None and read.text == "소준"
    assert read.confidence <= 0.5 and read.min_confidence <= read.confidence  # a guess: to review
    # Digits or Latin letters RapidOCR read are RapidOCR's to read.
    assert _classifier_reading(crop, aspect, "12") is None
    # Lines longer than a name are not guessed at.
    long_crop, long_aspect = _padded_line("사업자등록증명원")
    assert _classifier_reading(long_crop, long_aspect, "") is None
    # Nor is a blank box (no ink to cut).
    assert _classifier_reading(np.full_like(crop, 235), aspect, "") is None


def test_a_reading_far_too_short_for_its_box_is_read_again_alone() -> None:
    """Docgen individual 9015 (clean): the stacked sheet read 진솔솔루션 as 솔루션 at 0.97; read
    on its own sheet it was whole. Here 한빛무역 read as 무역."""
    from ocr_integration.local import engines
    from ocr_integration.local.reading import _reread_misfits, _width_per_syllable

    crop, aspect = _padded_line("한빛무역", height=36, font="NanumMyeongjo.ttf")
    assert (_width_per_syllable("무역", aspect) or 0) > 1.3 > (_width_per_syllable("한빛무역", aspect) or 9)
    assert _width_per_syllable("2012년 05월", aspect) is None  # digits: not measured so
    ko = [engines.TesseractLine("무역", 0.97, 0.97)]
    second = [engines.TesseractLine("무역", 0.97, 0.97)]
    _reread_misfits([crop], [aspect], ko, second)
    assert ko[0].text == second[0].text == "한빛무역"
    # A reading alone that is still too short for the box is no better (docgen resident 9211: a
    # box read "그" in the sheet and "나기" alone): here the box is three times the word's width.
    wide = cv2.copyMakeBorder(crop, 0, 0, 0, 2 * crop.shape[1], cv2.BORDER_CONSTANT, value=(255, 255, 255))
    ko = [engines.TesseractLine("무", 0.97, 0.97)]
    _reread_misfits([wide], [3 * aspect], ko, second)
    assert ko[0].text == "무"
    # A reading that fits its box is left alone (not even read again: the crop is blank).
    ko = [engines.TesseractLine("한빛무역", 0.9, 0.9)]
    _reread_misfits([np.full_like(crop, 255)], [aspect], ko, second)
    assert ko[0].text == "한빛무역"


def test_a_reading_far_too_long_for_its_box_is_read_again_alone() -> None:
    """Holdout driver 9600 (clean): 공재혁 on a hatched background read 티공재뼈혁 in the sheet,
    five syllables in a box for three. Here 한빛무역 read with four syllables more."""
    from ocr_integration.local import engines
    from ocr_integration.local.reading import _reread_misfits, _width_per_syllable

    crop, aspect = _padded_line("한빛무역", height=36, font="NanumMyeongjo.ttf")
    assert (_width_per_syllable("티한빛뼈무역뼈티", aspect) or 9) < 0.5 < (_width_per_syllable("한빛무역", aspect) or 0)
    ko = [engines.TesseractLine("티한빛뼈무역뼈티", 0.62, 0.3)]
    second = [engines.TesseractLine("그한빛무역", 0.67, 0.3)]
    _reread_misfits([crop], [aspect], ko, second)
    assert ko[0].text == "한빛무역"


@pytest.mark.parametrize(("font", "height"), [("NanumGothic.ttf", 16), ("NanumMyeongjo.ttf", 24)])
def test_a_line_both_models_read_alike_takes_the_syllables_the_classifier_is_sure_of(font: str, height: int) -> None:
    # Both models read docgen's 뜸 as 폼 (docgen individual 1013): no vote, as they agree, but
    # the classifier is sure of 뜸; it is less sure of 희, and 회 stays.
    from ocr_integration.local.reading import _sure_syllables

    crop = _crop(_band("으뜸무역 공희", NANUM + font, height))
    assert _sure_syllables(crop, "으폼무역 공회") == "으뜸무역 공회"
    assert _sure_syllables(crop, "으뜸무역 공회") == "으뜸무역 공회"
    assert _sure_syllables(crop, "으폼무역 공") == "으폼무역 공"  # a syllable short: no cut fits
    # Words read apart otherwise than printed cut cells astride syllables, and the classifier is
    # sure of 사 where 다 is read (docgen corporate 10601): the line is left as it was read.
    crop = _crop(_band("유한회사 다온솔루션", NANUM + font, height))
    assert _sure_syllables(crop, "유한회사 다 온솔루션") == "유한회사 다 온솔루션"


@pytest.mark.parametrize("font", ["NanumGothic.ttf", "NanumMyeongjo.ttf"])
def test_a_value_after_a_label_and_colon_is_cut_on_its_own(font: str) -> None:
    # "법인명(단체명) : 주식회사 으뜸상사" in one box (docgen corporate 1014): the label's brackets
    # and spacing fit no cut of the whole line; the value right of the colon's dots does.
    from ocr_integration.local.reading import _opinions, _sure_syllables

    band = _band("법인명(단체명) : 주식회사 으뜸상사", NANUM + font, 24)
    after = syllables.after_colon(band)
    assert after is not None and 0.4 * band.shape[1] < after.shape[1] < 0.6 * band.shape[1]
    assert syllables.after_colon(_band("주식회사 으뜸상사", NANUM + font, 24)) is None
    read = "법 인 명 (단체명) : 주식회사 으쯤상사"
    opinions = _opinions(_crop(band), read)
    assert opinions is not None and len(opinions) == 14
    assert all(o.max() == 0 for o in opinions[:6])  # no opinion on the label
    assert "".join(syllables.ks_x_1001()[int(o.argmax())] for o in opinions[6:]) == "주식회사으뜸상사"
    assert _sure_syllables(_crop(band), read) == "법 인 명 (단체명) : 주식회사 으뜸상사"
