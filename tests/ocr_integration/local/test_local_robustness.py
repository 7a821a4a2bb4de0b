"""Layouts and readings the engine met on the holdout generator (tests/docgen/holdout.py): ruled
table cells, portrait cards, licence classes in separate boxes, dates with Hangul units, names
followed by Hanja, and review flags where a reading is ambiguous."""

from __future__ import annotations

import io
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr_integration.checksums import luhn_valid, mrz_td3_line2_errors
from ocr_integration.local import engines, imaging, reading
from ocr_integration.local.business import extract_business
from ocr_integration.local.cards import extract_credit_card
from ocr_integration.local.confidence import calibrate, review_thresholds
from ocr_integration.local.extraction import Draft, hangul_conf, numeric, value_conf
from ocr_integration.local.idcards import (
    _condition,
    _date_draft,
    _date_matches,
    _license_type,
    _name_above,
    _serial,
    extract_alien,
    extract_driver,
)
from ocr_integration.local.imaging import crop_quad
from ocr_integration.local.korean import (
    brand_part,
    join_brand_words,
    known_business_type,
    normalise_address,
    repair_legal_form,
    space_legal_form,
    split_business_type,
)
from ocr_integration.local.passport import (
    _clean_mrz,
    _cross_checked,
    _lost_narrow_letter,
    _viz_dates,
    best_line2,
    extract_passport,
    find_mrz,
    repair_line2,
)
from ocr_integration.local.reading import TextLine, _needs_hangul

NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"


def _line(x: float, y: float, *, latin: str = "", score: float = 0.99, hangul: str = "", w: float = 200) -> TextLine:
    quad = np.array([[x, y], [x + w, y], [x + w, y + 30], [x, y + 30]], np.float32)
    return TextLine(quad, latin, score, hangul=hangul, hangul_conf=0.93, hangul_min_conf=0.9)


def _ruled_cell(text: str) -> np.ndarray:
    """A form label in a shaded, ruled table cell, cropped with the margin the engine adds."""
    img = Image.new("RGB", (190, 58), (232, 236, 244))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 189, 57), outline=(20, 20, 20), width=2)
    d.text((60, 14), text, font=ImageFont.truetype(NANUM, 24), fill=(25, 25, 25))
    return np.asarray(img)[:, :, ::-1].copy()


def test_table_rules_are_erased_before_tesseract_and_the_label_is_read() -> None:
    prepared = engines._prepare_for_tesseract(_ruled_cell("성명"))
    # The cell border is gone from every edge, the glyphs are kept.
    assert prepared[:, :3].min() > 200 and prepared[:, -3:].min() > 200
    assert prepared[:3, :].min() > 200 and prepared[-3:, :].min() > 200
    assert prepared.min() < 80

    (read,) = engines.read_lines_tesseract([_ruled_cell("성명")])
    assert read.text.replace(" ", "") == "성명"


def _name_over_number() -> tuple[np.ndarray, np.ndarray]:
    """A licence's name with its resident number printed close below (holdout driver 4001), and
    the name's tight box as the detector gives it."""
    img = Image.new("RGB", (320, 110), (246, 242, 236))
    d = ImageDraw.Draw(img)
    d.text((20, 12), "국도율나", font=ImageFont.truetype(NANUM, 32), fill=(20, 20, 20))
    d.text((20, 46), "680802-2761350", font=ImageFont.truetype(NANUM, 26), fill=(20, 20, 20))
    bgr = np.asarray(img)[:, :, ::-1].copy()
    ink = np.argwhere(bgr[:49].min(axis=2) < 128)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0) + 1
    return bgr, np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def test_the_cut_off_top_of_the_line_below_is_cleared_from_a_padded_crop() -> None:
    bgr, quad = _name_over_number()
    crop = crop_quad(bgr, quad, pad=0.25)
    as_cut = engines._prepare_for_tesseract(crop)
    cleared = engines._prepare_for_tesseract(crop, pad=0.25)
    # The padding took in the tops of the digits below, touching the crop's bottom edge ...
    assert as_cut[-2:].min() < 100
    # ... which are gone once the padding is known, while every glyph of the name is kept.
    assert cleared[-6:].min() > 200
    margin = round(56 * 0.25 / 1.5)
    assert np.array_equal(cleared[margin:-margin], as_cut[margin:-margin])
    (read,) = engines.read_lines_tesseract([crop], pad=0.25)
    assert read.text.replace(" ", "") == "국도율나"


def test_a_glyph_reaching_into_the_padding_from_the_line_is_kept() -> None:
    img = np.full((56, 200), 255, np.uint8)
    img[30:56, 40:46] = 0  # a descender from the line down to the bottom edge
    img[50:56, 100:120] = 0  # a neighbour's cut-off top, wholly in the bottom band
    out = engines._clear_cut_neighbours(img, 9)
    assert out[30:56, 40:46].max() == 0
    assert out[50:56, 100:120].min() == 255


def test_a_digit_run_with_a_space_wide_gap_inside_is_split_there() -> None:
    # Capitalised words are not split by the ink: the gaps beside an "I" are as wide as a narrow
    # space (docgen alien 5008), so "ANNALENA" (holdout alien 6007) stays as read.
    words = [(0, 120, 30, "MULLER", 0.9), (135, 295, 30, "ANNALENA", 0.9)]
    assert engines._join_words(words, [(121, 134), (211, 219)]) == "MULLER ANNALENA"
    # Holdout driver 6000: a building number and a block number read as one run of digits, whose
    # box reaches over the "동" after it (the boxes and gaps as Tesseract and the ink gave them).
    words = [(247, 339, 30, "평화길", 0.9), (341, 460, 30, "21132", 0.9), (436, 462, 30, "동", 0.9)]
    spaces = [(227, 243), (327, 341), (369, 382)]
    assert engines._join_words(words, spaces) == "평화길 21 132동"


def test_a_cell_border_ending_in_the_padding_is_erased_and_the_glyphs_are_kept() -> None:
    # Holdout individual 4006: the border left of "별빛테크" spans four fifths of the padded crop,
    # under the full-height rule the eraser looked for, and was read as "|" with 터 for 테.
    img = Image.new("RGB", (200, 54), (250, 250, 250))
    d = ImageDraw.Draw(img)
    d.text((40, 12), "별빛테크", font=ImageFont.truetype(NANUM, 26), fill=(20, 20, 20))
    d.rectangle((8, 4, 10, 47), fill=(30, 30, 30))  # 44 of 54 rows
    crop = np.asarray(img)[:, :, ::-1].copy()
    assert engines._prepare_for_tesseract(crop)[:, 7:13].min() < 100  # unpadded: kept
    cleared = engines._prepare_for_tesseract(crop, pad=0.25)
    assert cleared[:, 7:13].min() > 200
    glyphs = engines._prepare_for_tesseract(crop)[:, 40:]
    assert np.array_equal(cleared[:, 40:], glyphs)
    (read,) = engines.read_lines_tesseract([crop], pad=0.25)
    assert read.text.replace(" ", "") == "별빛테크"


def _grey_name_in_a_slanted_cell() -> np.ndarray:
    """Holdout corporate 9304, degraded: a representative's name printed grey and blurred in a
    cell whose borders the rectification left slanted, cropped with the engine's padding. The
    dark borders are the darkest ink, so the first contrast stretch hardly darkens the name."""
    import cv2

    img = Image.new("RGB", (130, 80), (248, 248, 248))
    d = ImageDraw.Draw(img)
    d.text((34, 24), "양진찬", font=ImageFont.truetype(NANUM, 26), fill=(150, 150, 150))
    d.line((0, 8, 129, 12), fill=(30, 30, 30), width=2)  # the cell's top border, slanted
    d.line((0, 72, 129, 68), fill=(30, 30, 30), width=2)  # its bottom border
    d.line((6, 22, 6, 58), fill=(40, 40, 40), width=2)  # its left border, cut short by the crop
    return cv2.GaussianBlur(np.asarray(img)[:, :, ::-1].copy(), (3, 3), 0)


def test_a_slanted_rule_goes_and_grey_print_is_stretched_again_when_prepared_thoroughly() -> None:
    crop = _grey_name_in_a_slanted_cell()
    usual = engines._prepare_for_tesseract(crop, pad=0.25)
    thorough = engines._prepare_for_tesseract(crop, pad=0.25, thorough=True)
    scale = 56 / crop.shape[0]
    rows = slice(round(5 * scale), round(16 * scale))  # the band the top border runs through
    name = (slice(round(28 * scale), round(56 * scale)), slice(round(36 * scale), round(110 * scale)))
    # The slanted border is left by the usual eraser (no row holds a long enough run) ...
    assert usual[rows].min() < 100
    # ... and goes when prepared thoroughly, as does the short left border in the padding.
    assert thorough[rows].min() > 200
    assert thorough[:, : round(10 * scale)].min() > 200
    # The grey name is darker once stretched without the rules.
    assert np.percentile(thorough[name], 5) < np.percentile(usual[name], 5) - 40


def test_only_the_padding_is_searched_for_slanted_rules() -> None:
    # Holdout passport 9603, degraded: inside the line, a blurred run of MRZ fillers ("<<<<<")
    # thickened up and down is as long as a rule; read again thoroughly it lost the run.
    img = np.full((56, 360), 255, np.uint8)
    for x in range(0, 360, 45):  # a stroke stepping down one row every 45 px: no row is a rule
        img[1 + x // 45, x : x + 45] = 0  # above the line, in the padding (9 rows)
        img[24 + x // 45, x : x + 45] = 0  # the same inside the line
    out = engines._erase_rules(img, 0.25, thorough=True)
    assert out[:12].min() > 200  # the slanted rule in the padding goes
    assert engines._erase_rules(img, 0.25)[:12].min() == 0  # (the usual eraser leaves it)
    # The one inside the line is left as the usual eraser leaves it.
    assert np.array_equal(out[20:], engines._erase_rules(img, 0.25)[20:])


def test_ink_wholly_in_the_side_padding_goes_only_when_asked() -> None:
    img = np.full((56, 200), 255, np.uint8)
    img[12:44, 3:5] = 0  # a cell border in the left padding (9 px)
    img[12:44, 10:16] = 0  # the line's first glyph, right of it
    img[12:44, 193:196] = 0  # a neighbour's last letter in the right padding
    kept = engines._clear_cut_neighbours(img, 9)
    assert np.array_equal(kept, img)
    cleared = engines._clear_cut_neighbours(img, 9, sides=True)
    assert cleared[:, :9].min() == 255 and cleared[:, 191:].min() == 255
    assert cleared[12:44, 10:16].max() == 0


@pytest.mark.parametrize(
    ("kind", "subtype", "seed", "key", "value"),
    [
        # A name in a ruled cell: 추규수 read "| 추수" by both models at 0.69.
        ("business_registration", "individual", 10804, "representative_name", "추규수"),
        # The licence class in its box: "|1종보통|", which matched no class.
        ("id_card", "driver", 1009, "license_type", "1종보통"),
    ],
)
def test_a_line_with_a_table_rule_read_as_a_bar_beside_its_hangul_is_read_again(
    kind: str, subtype: str, seed: int, key: str, value: str
) -> None:
    """Holdout, clean: only the thorough reading at 56 px, which erases the rule, reads these whole."""
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen.holdout import generate_holdout

    doc = generate_holdout(kind, subtype, seed)
    result = LocalOcrProvider().analyze(kind, doc.data, filename=doc.filename)
    assert result.value(key) == doc.truth[key] == value


def test_lines_read_again_for_a_bar_leave_the_weak_lines_read_as_before() -> None:
    """Holdout driver 1009, degraded: read in one sheet with "|1종보통|", the weak renewal period
    line came back "적성겸사기간 2029.11 -2029.12 31", surer than its first reading; the period was
    lost and its text ran into the address."""
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen.holdout import generate_holdout

    doc = generate_holdout("id_card", "driver", 1009, degraded=True)
    result = LocalOcrProvider().analyze("id_card", doc.data, filename=doc.filename)
    assert result.value("renewal_end") == doc.truth["renewal_end"] == "2029-12-31"
    assert "적성" not in (result.value("address") or "")


def test_a_weak_line_is_read_again_thoroughly() -> None:
    from ocr_integration.local.reading import PAD, _at_heights

    crop = _grey_name_in_a_slanted_cell()
    ko, second = _at_heights([crop], (56, 40, 80), frozenset({56}))
    assert len(ko) == len(second) == 3  # 56, 40 and 80 px
    assert "양진찬" in {ko[0].text.replace(" ", ""), second[0].text.replace(" ", "")}
    assert PAD == 0.25


def test_a_crop_without_rules_is_left_as_it_is() -> None:
    img = np.full((56, 200), 255, np.uint8)
    img[20:36, 40:52] = 0  # one short glyph stroke
    assert np.array_equal(engines._erase_rules(img), img)


def test_a_portrait_card_number_printed_over_two_rows_is_joined_by_luhn() -> None:
    lines = [
        _line(56, 700, latin="4539 1488"),
        _line(58, 740, latin="0343 6467"),
        _line(56, 790, latin="VALID THRU 04/27"),
    ]
    assert luhn_valid("4539148803436467")

    drafts = {d.key: d for d in extract_credit_card(lines, (806, 1280))}

    assert drafts["card_number"].value == "4539148803436467"
    assert drafts["valid_thru"].value == "04/27"


def test_a_cardholder_name_the_detector_boxed_word_by_word_is_joined() -> None:
    """Docgen credit cards 8101 (degraded) and 8105: "CHANHEE" and "KIM" in two boxes of one row."""
    lines = [
        _line(56, 500, latin="4665 3967 0791 4511", w=700),
        _line(90, 640, latin="CHANHEE", w=170),
        _line(285, 641, latin="KIM", w=70),
        _line(620, 640, latin="VISA", w=90),  # far to the right: not part of the name
    ]
    drafts = {d.key: d for d in extract_credit_card(lines, (806, 1280))}
    assert drafts["cardholder_name"].value == "CHANHEE KIM"


def test_a_digit_read_twice_where_two_boxes_of_the_number_overlap_is_read_once() -> None:
    """Docgen credit card 1008: the second box started 28 px inside the first and took the 5
    that ends "0495" again ("58912 7826"); without the repeated digit the number passes Luhn."""
    lines = [_line(99, 460, latin="5131 0495", w=437), _line(508, 462, latin="58912 7826", w=497)]
    assert luhn_valid("5131049589127826")
    drafts = {d.key: d for d in extract_credit_card(lines, (806, 1280))}
    assert (drafts["card_number"].value, drafts["card_number"].confidence > 0.9) == ("5131049589127826", True)


def test_a_group_luhn_rejects_is_taken_as_tesseract_read_it_and_goes_to_review() -> None:
    """Docgen credit card 10702 (clean): the group under the SPECIMEN stamp was read "94864917"
    by RapidOCR (0.80) and "7486 4917" by Tesseract; with Tesseract's digits the number passes."""
    lines = [
        _line(111, 448, latin="6243", w=170),
        _line(308, 448, latin="94864917", score=0.8, hangul="7486 4917", w=460),
        _line(793, 450, latin="4164", w=170),
    ]
    assert luhn_valid("6243748649174164") and not luhn_valid("6243948649174164")
    drafts = {d.key: d for d in extract_credit_card(lines, (806, 1280))}
    assert drafts["card_number"].value == "6243748649174164"
    assert drafts["card_number"].confidence < 0.85  # one reader each way: a person confirms it
    # A reading with another count of digits is no stand-in.
    lines[1].hangul = "7486 491"
    drafts = {d.key: d for d in extract_credit_card(lines, (806, 1280))}
    assert drafts["card_number"].value == "6243948649174164"


def test_a_speck_read_in_a_box_of_the_number_keeps_the_box_a_digit_group() -> None:
    """Docgen credit card 9700 (clean): the last box took the 5 ending "7305" again and a speck,
    "5.2967"; it was no digit group, so the number had twelve digits and was not returned."""
    lines = [
        _line(98, 460, latin="5562", w=184),
        _line(318, 460, latin="0292", w=185),
        _line(546, 460, latin="7305", w=190),
        _line(707, 460, latin="5.2967", w=244),
    ]
    drafts = {d.key: d for d in extract_credit_card(lines, (798, 1265))}
    assert drafts["card_number"].value == "5562029273052967"


def test_letters_of_the_stamp_boxed_with_a_digit_group_leave_the_group_a_digit_group() -> None:
    """Docgen credit card 10205: the SPECIMEN stamp crosses the number's last groups, read with
    letters of it, "ME7987"; the card number was not found."""
    lines = [
        _line(99, 495, latin="5138", w=180),
        _line(365, 496, latin="6323", w=180),
        _line(628, 497, latin="P7446", w=200),  # the same card degraded: "P7446", "MF7987"
        _line(766, 498, latin="ME7987", w=260),
    ]
    assert luhn_valid("5138632374467987")
    drafts = {d.key: d for d in extract_credit_card(lines, (806, 1280))}
    assert drafts["card_number"].value == "5138632374467987"
    # Letters in the middle of a box keep it out of the number.
    lines[-1] = _line(766, 498, latin="79ME87", w=260)
    assert not any(d.key == "card_number" for d in extract_credit_card(lines, (806, 1280)))


def test_a_letter_of_the_stamp_read_between_two_digit_groups_is_the_space() -> None:
    """Docgen credit card 14001, clean: the number boxed whole and read "5151 0036c1595 6919",
    the stamp's C over the gap on a dark card; the card number was not found."""
    assert luhn_valid("5151003615956919")
    row = [_line(81, 437, latin="5151 0036c1595 6919", score=0.94, w=800)]
    drafts = {d.key: d for d in extract_credit_card(row, (830, 1317))}
    assert drafts["card_number"].value == "5151003615956919"
    # Not inside a group: "00c36" is no number.
    row = [_line(81, 437, latin="5151 00c36 1595 6919", score=0.94, w=800)]
    assert not any(d.key == "card_number" for d in extract_credit_card(row, (830, 1317)))


def test_a_word_run_into_a_licence_number_stays_a_word() -> None:
    """Capture check, holdout driver 2202 upside down, recompressed or under warm light: the
    SPECIMEN stamp touches the number's end and is read with it. Its S was read as a 5, the
    number then ran on into a third digit, and no licence number came back."""
    lines = [_line(300, 400, latin="13-95-457387-52SPECIMEN 2号", score=0.96, w=520)]

    drafts = {d.key: d for d in extract_driver(lines, (1280, 806))}

    assert drafts["license_number"].value == "13-95-457387-52"
    # Letters that look like digits, alone or in a short run, are still digits.
    assert numeric("2O24.OI.I5 l2-3S") == "2024.01.15 12-35"
    assert numeric("VALID THRU 12/2S") == "VALID THRU 12/25"


def test_a_licence_number_with_a_digit_read_as_a_letter_is_not_sure() -> None:
    """Capture check, docgen driver 2201 turned 40 degrees: the stamp over the number's end made its
    7 a Z ("23-09-004763-Z2CIM"); taken for a 2, the wrong number came back at 1.00. A licence
    number has no check digit to catch it."""

    def licence(latin: str) -> Any:
        lines = [_line(300, 400, latin=latin, score=0.97, w=430)]
        return {d.key: d for d in extract_driver(lines, (1280, 806))}["license_number"]

    guessed, read = licence("23-09-004763-Z2CIM"), licence("23-09-004763-72CIM")

    assert guessed.value == "23-09-004763-22"
    assert read.value == "23-09-004763-72"
    # Below the catalogue's 0.85 for identifiers once calibrated: to review.
    assert calibrate("id_card", "driver", "license_number", guessed.confidence) < 0.85
    assert calibrate("id_card", "driver", "license_number", read.confidence) > 0.99


def test_two_unrelated_digit_rows_are_not_joined_into_a_card_number() -> None:
    lines = [_line(56, 700, latin="1234 5678"), _line(300, 740, latin="1234 5670")]
    assert not any(d.key == "card_number" for d in extract_credit_card(lines, (806, 1280)))


def test_licence_classes_in_separate_boxes_are_joined_in_reading_order() -> None:
    lines = [_line(300, 150, hangul="2종보통", w=90), _line(150, 152, hangul="1종특수", w=90)]

    draft = _license_type(lines)

    assert draft is not None and draft.value == "1종특수/2종보통"


def test_a_licence_class_digit_lost_by_tesseract_comes_from_the_other_reading() -> None:
    draft = _license_type([_line(55, 155, latin="2否早", score=0.63, hangul="종보통", w=90)])

    assert draft is not None and draft.value == "2종보통"
    assert draft.confidence < 0.8  # repaired, so a person confirms it


def test_a_second_licence_class_misread_beside_one_read_whole_is_repaired_and_doubted() -> None:
    # Docgen driver 6023, clean: 소형 read 조령, a letter off in each syllable.
    draft = _license_type([_line(860, 155, latin="1/2", score=0.9, hangul="1종특수/2종조령", w=250)])

    assert draft is not None and draft.value == "1종특수/2종소형"
    assert calibrate("id_card", "driver", "license_type", draft.confidence) < 0.8
    # Docgen driver 14009, degraded: the second class's 종 read 중.
    draft = _license_type([_line(860, 155, latin="1/1", score=0.74, hangul="1종보통/1중특수", w=250)])
    assert draft is not None and draft.value == "1종보통/1종특수"
    sure = _license_type([_line(860, 155, latin="1/2", score=0.9, hangul="1종특수/2종소형", w=250)])
    assert sure is not None and calibrate("id_card", "driver", "license_type", sure.confidence) > 0.8


@pytest.mark.parametrize(
    ("latin", "hangul"), [("20191111", ""), ("2019 11 11", ""), ("2019111", "발급일 2019년11월11일")]
)
def test_a_date_with_hangul_units_is_found_in_either_reading(latin: str, hangul: str) -> None:
    """ "2019년 11월 11일": RapidOCR drops the units (and sometimes a digit), Tesseract keeps them."""
    ln = _line(990, 620, latin=latin, score=0.94, hangul=hangul)

    ((match, value),) = _date_matches([ln])

    assert value == "2019-11-11"
    assert _date_draft("issue_date", match, value).confidence > 0.85


@pytest.mark.parametrize(
    ("latin", "hangul", "expected"),
    [
        ("2006210", "2006년년 2월 10 :", "2006-02-10"),  # a unit read twice (holdout resident 10702)
        ("201944", "_2019년 4월 4일|", "2019-04-04"),  # a mark before it read as "-" (holdout alien 10706)
    ],
)
def test_a_korean_date_read_with_a_unit_twice_or_a_mark_before_it_is_found(
    latin: str, hangul: str, expected: str
) -> None:
    ((_, value),) = _date_matches([_line(990, 620, latin=latin, score=0.94, hangul=hangul)])
    assert value == expected


def test_a_date_after_a_number_and_its_hyphen_is_no_date() -> None:
    # "771103-2019년..." never prints; a resident number's tail that starts like a year is no date.
    assert _date_matches([_line(990, 620, latin="", hangul="771103-2019년 4월 4일")]) == []


def test_a_dot_read_as_a_colon_still_parts_a_date() -> None:
    # Docgen driver 9901, degraded: "2024. 02. 11." read "2024.02:11".
    ((_, value),) = _date_matches([_line(639, 651, latin="2024.02:11", score=0.93)])
    assert value == "2024-02-11"


def test_a_day_tesseract_could_not_finish_is_no_day() -> None:
    """Holdout alien 9107: "2021년 12월 17일" read "2021년 12월 1?일" by Tesseract; RapidOCR's
    "20211217" has the day."""
    ((_, value),) = _date_matches([_line(1071, 772, latin="20211217", score=0.9, hangul="2021년 12월 1?일")])
    assert value == "2021-12-17"
    ((_, value),) = _date_matches([_line(1071, 772, latin="", hangul="2021년 12월 17일")])
    assert value == "2021-12-17"


def test_a_seven_read_as_a_slash_beside_a_dot_is_read_as_a_date_that_goes_to_review() -> None:
    """Holdout alien card 4000: "Issue Date 2023.07.14" read as "IssueDate2023.0/.14"."""
    ((match, value),) = _date_matches([_line(977, 722, latin="IssueDate2023.0/.14", score=0.96)])
    assert value == "2023-07-14"
    assert _date_draft("issue_date", match, value).confidence < 0.85
    # Without a date label, or with every digit a slash, nothing is guessed.
    assert _date_matches([_line(977, 722, latin="2023.0/.14", score=0.96)]) == []


def test_a_date_only_the_second_reader_saw_is_found_and_goes_to_review() -> None:
    """Holdout alien card 4004: RapidOCR "Issue Date20239号25", the Korean model garbled the units."""
    ln = _line(
        900, 713, latin="Issue Date20239号25", score=0.88, hangul="발내에금일자60608우에이 으2023오년다9월로25으트일"
    )
    ln.hangul_second = "발 eee:금일자55003%… .2023년9월25일"
    ((match, value),) = _date_matches([ln])
    assert value == "2023-09-25"
    assert _date_draft("issue_date", match, value).confidence < 0.85


def test_a_misread_organisation_label_before_a_company_name_is_dropped() -> None:
    lines = [
        _line(60, 200, hangul="법인명", w=150),
        _line(260, 200, hangul="(단제명) 주식회사 미래스튜디오", w=300),
    ]
    (draft,) = extract_business(lines, (800, 1200), "corporate")
    assert draft.value == "주식회사 미래스튜디오"


def test_a_name_followed_by_hanja_is_as_sure_as_its_own_words() -> None:
    ln = _line(100, 200, hangul="홍길동 (洪吉東)")
    ln.hangul_words = (("홍길동", 0.93), ("(洪吉東)", 0.21))
    ln.hangul_conf, ln.hangul_min_conf = 0.57, 0.21  # what Tesseract reports for the whole line

    assert value_conf(ln, "홍길동") == pytest.approx(0.93)
    assert value_conf(ln, "홍길순") < 0.8  # words that do not spell the value: the whole line counts


def test_a_narrow_letter_restored_from_the_visual_zone_is_recognised() -> None:
    assert _lost_narrow_letter("KIM", "KM")
    assert _lost_narrow_letter("LEE", "EE")
    assert not _lost_narrow_letter("KANG", "KAG")  # N is not narrow: the MRZ may be right


def test_licence_condition_digits_become_the_letters_they_resemble_and_go_to_review() -> None:
    fixed = _condition("6", 0.95, np.zeros((4, 2), np.float32))
    assert fixed.value == "G" and fixed.confidence < 0.8
    kept = _condition("B", 0.95, np.zeros((4, 2), np.float32))
    assert kept.value == "B" and kept.confidence == pytest.approx(0.95)


def test_the_condition_code_rapidocr_read_in_the_labelled_box_is_taken() -> None:
    from ocr_integration.local.idcards import extract_driver

    # Docgen driver 5007: Tesseract read "조건 ^6" for 조건 G; RapidOCR read the code alone.
    lines = [
        _line(1000, 520, latin="16-91-124902-70"),
        _line(160, 220, latin="530426-2245894"),
        _line(951, 556, latin="G", hangul="조건 ^6", w=120),
    ]
    drafts = {d.key: d for d in extract_driver(lines, (1280, 800))}
    assert drafts["condition"].value == "G" and drafts["condition"].confidence > 0.9


def test_a_serial_with_5_or_s_is_less_certain_unless_rapidocr_is_sure() -> None:
    sure = _serial([_line(900, 700, latin="F5FVV", score=0.998)], 1280, 806)
    blurred = _serial([_line(900, 700, latin="SDXLSS", score=0.956)], 1280, 806)
    neither = _serial([_line(900, 700, latin="RKDXLT", score=0.956)], 1280, 806)
    assert sure is not None and blurred is not None and neither is not None
    assert calibrate("id_card", "driver", "serial_number", blurred.confidence) < 0.85
    assert calibrate("id_card", "driver", "serial_number", sure.confidence) > 0.85
    assert calibrate("id_card", "driver", "serial_number", neither.confidence) > 0.85


def test_a_business_type_off_the_ksic_list_goes_to_review() -> None:
    # Docgen individual 6005, clean: 음식점업 read "들" at 0.98.
    lines = [_line(60, 320, hangul="업태", w=150), _line(260, 320, hangul="들", w=300)]
    (draft,) = extract_business(lines, (800, 1200), "individual")
    assert calibrate("business_registration", "individual", "business_type", draft.confidence) < 0.95
    lines = [_line(60, 320, hangul="업태", w=150), _line(260, 320, hangul="음식점업", w=300)]
    (draft,) = extract_business(lines, (800, 1200), "individual")
    assert calibrate("business_registration", "individual", "business_type", draft.confidence) >= 0.95


def test_a_serial_with_zero_or_letter_o_is_less_certain() -> None:
    clear = _serial([_line(900, 700, latin="R2KR7")], 1280, 806)
    ambiguous = _serial([_line(900, 700, latin="R2KR0")], 1280, 806)
    assert clear is not None and ambiguous is not None
    assert ambiguous.confidence < 0.8 < clear.confidence


def test_a_piece_of_the_watermark_is_no_serial() -> None:
    # Holdout driver 6005 (degraded): the detector cut "CIMEN" out of the SPECIMEN stamp.
    serial = _serial([_line(520, 700, latin="CIMEN"), _line(1150, 720, latin="V9097")], 1280, 806)
    assert serial is not None and serial.value == "V9097"


def test_the_line_of_a_value_is_its_own_not_a_slanted_watermark_around_it() -> None:
    from ocr_integration.local.idcards import _line_of

    stamp = TextLine(np.array([[200, 250], [700, 450], [680, 520], [180, 320]], np.float32), "SPECIMEN", 0.94)
    number = _line(183, 253, latin="541208-2061493")
    draft = Draft("resident_number", "541208-2061493", 0.99, [number.quad])
    assert _line_of([stamp, number], draft) is number


def test_a_slanted_watermark_box_is_neither_the_name_nor_part_of_the_address() -> None:
    from ocr_integration.local.idcards import _address_between

    def tall(x: float, y: float, h: float, **kw: Any) -> TextLine:
        ln = _line(x, y, **kw)
        ln.quad[2:, 1] = y + h
        return ln

    rrn = _line(510, 250, latin="640117-1397395")
    name = _line(507, 188, hangul="나원", w=70)
    # Holdout resident 4009: the box of "견본" across the card (185 px high) read as "| #모즌", its
    # centre nearer the number than the name's.
    watermark = tall(830, 131, 185, hangul="| #모즌")
    draft = _name_above([name, watermark, rrn], rrn)
    assert draft is not None and draft.value == "나원"
    # Docgen driver 10700 (degraded): print read under the stamp's box ("CIMEN", twice the
    # number's height), its centre nearer the number than the name's line.
    stamp = tall(536, 172, 76, latin="CIMEN", score=0.98, hangul="스수ㅇ ?02266571")
    draft = _name_above([name, stamp, rrn], rrn)
    assert draft is not None and draft.value == "나원"
    draft = _name_above([stamp, rrn], rrn)  # no other name: what is under the stamp is read
    assert draft is not None and draft.value.endswith("수")
    # Docgen driver 5004: a piece of SPECIMEN (70 px) inside the address block.
    street = _line(510, 300, hangul="대전광역시 서구 벚꽃대로60번길 35", w=400)
    piece = tall(575, 330, 70, latin="PEO", score=0.86, hangul="82테")
    addr = _address_between([street, piece], rrn.y1, 500, rrn)
    assert addr is not None and addr.value == "대전광역시 서구 벚꽃대로60번길 35"


def test_a_watermark_boxed_along_its_slant_is_not_the_name() -> None:
    # Holdout driver 14001, clean: the detector boxed "ΛEN" of a SPECIMEN stamp turned 40 degrees
    # as a line of ordinary height; Tesseract read it "비튼테", nearer the number than the name.
    rrn = _line(193, 346, latin="030712-4857821", w=300)
    name = _line(191, 264, hangul="한시미", w=125)
    turn = np.radians(-40)
    along, across = np.array([np.cos(turn), np.sin(turn)]), np.array([-np.sin(turn), np.cos(turn)])
    corner = np.array([740.0, 390.0])
    quad = np.array([corner, corner + 200 * along, corner + 200 * along + 40 * across, corner + 40 * across])
    stamp = TextLine(quad.astype(np.float32), "ΛEN", 0.79, hangul="비튼테", hangul_conf=0.45, hangul_min_conf=0.3)
    assert stamp.slant == pytest.approx(40, abs=0.1) and stamp.height < 2 * rrn.height
    draft = _name_above([name, stamp, rrn], rrn)
    assert draft is not None and draft.value == "한시미"


def test_the_digits_rapidocr_kept_of_an_address_are_no_serial() -> None:
    # Holdout driver 5000: "62 299 9" of "제주시 청계길62번길 299 9층" was taken for the serial.
    address = _line(200, 410, latin="62 299 9", hangul="제주특별자치도 제주시 청계길62번길 299 9층")
    serial = _serial([address, _line(1149, 709, latin="DBL27R")], 1280, 806)
    assert serial is not None and serial.value == "DBL27R"


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (
            "서울특별시 송파구 벌꽃로 5 131동 1306호 (역삼동, 아이파크) SREGIMEN",
            "서울특별시 송파구 벚꽃로 5 131동 1306호 (역삼동, 아이파크)",
        ),
        ("SPECHMEN 서울특별시 송파구 중앙길85번길 282", "서울특별시 송파구 중앙길85번길 282"),
        ("부산광역시 남구 한빚로 111 8층", "부산광역시 남구 한빛로 111 8층"),
        ("서울특별시 용산구 청계길 410 ECIM", "서울특별시 용산구 청계길 410"),
        ("서울특별시 강남구 푸른솔대로 140 119동 2104흐", "서울특별시 강남구 푸른솔대로 140 119동 2104호"),
        ("전라남도 순천시 매화로 24 112 동 2307호", "전라남도 순천시 매화로 24 112동 2307호"),
        (
            "충청북도 충주시 평화로 348 116동 2107호 (대치동, @편한세상)",
            "충청북도 충주시 평화로 348 116동 2107호 (대치동, e편한세상)",
        ),
        (  # docgen resident 7001: "@e" for the brand's "e"
            "제주특별자치도 서귀포시 가람길 407 116동 2006호 (역삼동, @e편한세상)",
            "제주특별자치도 서귀포시 가람길 407 116동 2006호 (역삼동, e편한세상)",
        ),
        (  # holdout driver 5003: "6" for the brand's "e"
            "광주광역시 광산구 은행길40번길 306 105동 306호 (역삼동, 6편한세상)",
            "광주광역시 광산구 은행길40번길 306 105동 306호 (역삼동, e편한세상)",
        ),
        ("광주광역시 서구 평화대로 477 12증", "광주광역시 서구 평화대로 477 12층"),  # docgen resident 10006
        (  # holdout resident 10001: the opening bracket read as a mark
            "강원특별자치도 원주시 세종로 404 129동 906호 !우동, 롯데캐슬)",
            "강원특별자치도 원주시 세종로 404 129동 906호 (우동, 롯데캐슬)",
        ),
        (  # holdout resident 10002: an apartment brand misread by a letter
            "경상남도 창원시 성산구 올림픽길 252 120동 1407호 (정자동, 혈스테이트)",
            "경상남도 창원시 성산구 올림픽길 252 120동 1407호 (정자동, 힐스테이트)",
        ),
        (
            "부산광역시 동래구 청계대로 95 108동 2507호 (정자동, 한진)",
            "부산광역시 동래구 청계대로 95 108동 2507호 (정자동, 한진)",
        ),
        (  # docgen resident 10011: print below the address read into it after its reference
            "경기도 고양시 일산동구 푸른솔대로 410 130동 504호 (정자동, 래미안) ~가르1) 63100 등",
            "경기도 고양시 일산동구 푸른솔대로 410 130동 504호 (정자동, 래미안)",
        ),
        (  # holdout certificate 10000: the letter ㅇ for the brand's "e"
            "인천광역시 부평구 해맞이길 453 105동 407호 (정자동, ㅇ편한세상)",
            "인천광역시 부평구 해맞이길 453 105동 407호 (정자동, e편한세상)",
        ),
        # Syllables of a province name in the wrong order are put back.
        ("대광역시구 달서구 세종길 298 5층", "대구광역시 달서구 세종길 298 5층"),
        ("광광역시주 서구 꽃대로1번길 334", "광주광역시 서구 꽃대로1번길 334"),
        # Two syllables of a province misread by a letter each; 구 read as 쿠 (docgen 5002, holdout 4002).
        ("중정북도 청주시 흥덕구 벚꽃대로 409", "충청북도 청주시 흥덕구 벚꽃대로 409"),
        ("광주광역시 북쿠 가람길 375", "광주광역시 북구 가람길 375"),
        # Holdout driver 7000 and 7003: a road name split before 대로; the opening bracket lost.
        ("부산광역시 수영구 중앙 대로 73 107동 207호", "부산광역시 수영구 중앙대로 73 107동 207호"),
        (
            "경상남도 김해시 푸른솔대로 193 113동 2503호대치동, 푸르지오)",
            "경상남도 김해시 푸른솔대로 193 113동 2503호 (대치동, 푸르지오)",
        ),
        # Latin words that are not the watermark stay.
        ("서울특별시 중구 세종대로 110 SK 빌딩", "서울특별시 중구 세종대로 110 SK 빌딩"),
        # Holdout driver 9102: the reference's comma read as a dot.
        (
            "대전광역시 서구 은행대로 242 103동 2008호 (우동.아이파크)",
            "대전광역시 서구 은행대로 242 103동 2008호 (우동, 아이파크)",
        ),
        (  # holdout driver 10201: the comma read as a semicolon
            "대구광역시 북구 세종로 146 113동 2003호 (우동;래미안)",
            "대구광역시 북구 세종로 146 113동 2003호 (우동, 래미안)",
        ),
        # Holdout resident 10204 (clean): the province's suffix and 번 of 번길 read twice, 서초구
        # and 벚꽃 misread by a letter.
        (
            "서울특별시특별시 서조구 벗꽃대로7번글번길 471 6층",
            "서울특별시 서초구 벚꽃대로7번길 471 6층",
        ),
        ("부산광역시 동래구 은행킬 92", "부산광역시 동래구 은행길 92"),  # holdout driver 10200
        # A three-syllable province misread by a letter (holdout driver 10207), not by more.
        ("정기도 수원시 영통구 은행길96번길 420 12층", "경기도 수원시 영통구 은행길96번길 420 12층"),
        ("전기도 수원시 영통구 은행길96번길 420", "전기도 수원시 영통구 은행길96번길 420"),
        # Marks, letters or a syllable read before the province (docgen driver 10203, degraded;
        # docgen corporate 10200, clean).
        (
            "MCN 경기도 용인시 수지구 벚꽃대로 312 118동 907호 (대치동, 더샵)",
            "경기도 용인시 수지구 벚꽃대로 312 118동 907호 (대치동, 더샵)",
        ),
        ("「경 전라남도순천시 중앙대로 188", "전라남도 순천시 중앙대로 188"),
        # A dot inside a building's name is not the comma (only after a 동, 가 or 리).
        (
            "서울특별시 중구 세종대로 110 (태평로1가, 에스.케이빌딩)",
            "서울특별시 중구 세종대로 110 (태평로1가, 에스.케이빌딩)",
        ),
    ],
)
def test_address_repairs(read: str, expected: str) -> None:
    assert normalise_address(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("전문,과학및기술서비스업", ("전문, 과학 및 기술 서비스업", 0)),
        ("ㆍ 건설업", ("건설업", 0)),
        ("속박 및 음식점업", ("숙박 및 음식점업", 1)),
        ("커피전문점", None),
    ],
)
def test_business_types_follow_the_ksic_section_names(read: str, expected: tuple[str, int] | None) -> None:
    assert known_business_type(read) == expected


def test_a_business_type_merged_with_the_item_row_is_split_at_the_item_label() -> None:
    assert split_business_type("도매업 중목 가전제품 도매") == ("도매업", "가전제품 도매")
    assert split_business_type("도매업 가전제품") is None  # no item label: nothing to split on
    # 종목 read by RapidOCR as Chinese characters (holdout individual 9311, corporate 9304).
    assert split_business_type("도매업 智 가전제품 도매") == ("도매업", "가전제품 도매")
    assert split_business_type("음식점업 否号 커피전문점") == ("음식점업", "커피전문점")
    assert split_business_type("음식점업 号 ㅣ 커피전문점") == ("음식점업", "커피전문점")
    assert split_business_type("도매업 智가전제품") is None  # no space after: not a label alone
    # 종목 blurred into one syllable (holdout corporate 3000).
    assert split_business_type("제조업 때 기타플라스틱 제품제조") == ("제조업", "기타플라스틱 제품제조")
    # 업 of the 업태 run into a garbled label (docgen individual 5009, 5010).
    service = "전문, 과학 및 기술 서비스업"
    assert split_business_type("전문, 과학 및 기술 서비스@쯤목 시각 디자인업") == (service, "시각 디자인업")
    assert split_business_type("전문,과학 및 기술 서비스솔목 시각 디자인업") == (service, "시각 디자인업")
    assert split_business_type("전문, 과학 및 기술 서비스 시각 디자인업") is None


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("주식회사미래건설", "주식회사 미래건설"),
        ("해솔테크주식회사", "해솔테크 주식회사"),
        ("유한회사 누리물산", "유한회사 누리물산"),
        ("(주)해솔랩스", "(주)해솔랩스"),
    ],
)
def test_the_legal_form_is_a_word_of_its_own(read: str, expected: str) -> None:
    assert space_legal_form(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("푸른 스튜디오", "푸른스튜디오"),  # docgen individual 7111: a space Tesseract put in
        ("주식회사 별빛 푸드", "주식회사 별빛푸드"),
        ("(주)별빛 푸드", "(주)별빛푸드"),
        ("푸른 디자인 주식회사", "푸른디자인 주식회사"),
        ("ABC 코리아", "ABC 코리아"),  # a Latin word keeps its space
    ],
)
def test_a_trade_name_is_one_word_beside_its_legal_form(read: str, expected: str) -> None:
    assert join_brand_words(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("기온무역 추식회시", ("기온무역 주식회사", 2)),
        ("유한회시 온새미건설", ("유한회사 온새미건설", 1)),
        ("(줘미래컴퍼니", ("(주)미래컴퍼니", 1)),
        ("(주 다온스튜디오", ("(주)다온스튜디오", 1)),
        ("(추)누리디자인", ("(주)누리디자인", 1)),  # holdout corporate 1017, degraded
        # Run into the trade name: the form's place, before or after it (holdout corporate 1016).
        ("주석회사푸른무역", ("주식회사 푸른무역", 1)),
        ("푸른무역유한희사", ("푸른무역 유한회사", 1)),
        # Nothing to repair: a form already read, a brand word that merely resembles one, no form.
        ("(주)미래컴퍼니", ("(주)미래컴퍼니", 0)),
        ("( 주)새솔랩스", ("(주)새솔랩스", 0)),  # only the spacing of the abbreviation
        ("유한상사 주식회사", ("유한상사 주식회사", 0)),
        ("한빛상사", ("한빛상사", 0)),
        ("한빛 전자상사", ("한빛 전자상사", 0)),
        ("합작회사", ("합작회사", 0)),  # no trade name beside it
        ("주석회관", ("주석회관", 0)),
        ("유한회계법인", ("유한회계법인", 0)),  # 계 is not 사 misread by one letter
    ],
)
def test_a_misread_legal_form_is_restored_from_the_closed_list(read: str, expected: tuple[str, int]) -> None:
    assert repair_legal_form(read) == expected


def test_a_label_the_korean_model_garbled_is_found_in_the_second_reading() -> None:
    lines = [
        _line(100, 100, hangul="사업자등록증", w=400),
        _line(60, 200, hangul="빔인병(단체병)", w=150),
        _line(260, 200, hangul="가온무역 주식회사", w=300),
        _line(60, 260, hangul="대표자", w=150),
        _line(260, 260, hangul="도시나", w=100),
        # A value whose second reading contains a label word later in the line stays a value.
        _line(60, 320, hangul="업태", w=150),
        _line(260, 320, hangul="도매 및 소매업", w=300),
    ]
    lines[1].hangul_second = "법인명(단체명)"
    lines[6].hangul_second = "도매및소매업 상호"
    drafts = {d.key: d.value for d in extract_business(lines, (800, 1200), "corporate")}
    assert drafts["company_name"] == "가온무역 주식회사"
    assert drafts["representative_name"] == "도시나"
    assert drafts["business_type"] == "도매 및 소매업"


def test_debt_read_for_light_in_a_company_name_is_put_back() -> None:
    lines = [_line(60, 200, hangul="상호", w=150), _line(260, 200, hangul="별빚상사", w=300)]
    (draft,) = extract_business(lines, (800, 1200), "individual")
    assert draft.value == "별빛상사"


@pytest.mark.parametrize("read", ["ㅣ도매업", ", 도매업", "、도매업", "| 도매업", ") 도매업"])
def test_a_mark_read_in_front_of_a_value_is_dropped(read: str) -> None:
    lines = [_line(60, 320, hangul="업태", w=150), _line(260, 320, hangul=read, w=300)]
    (draft,) = extract_business(lines, (800, 1200), "individual")
    assert draft.value == "도매업"


def test_the_brand_part_of_a_company_name_is_what_a_space_inside_is_judged_on() -> None:
    assert brand_part("유한회사 푸른 랩스") == "푸른 랩스"
    assert brand_part("(주)한빛무역") == "한빛무역"
    assert " " not in brand_part("다온솔루션 주식회사")


def test_a_visual_zone_name_one_letter_off_line1_wins_where_tesseract_reads_it_too() -> None:
    """Holdout passport 9707 (degraded): line 1 read "SOZG", the visual zone SONG at 0.99, and
    Tesseract's reading of line 1 SONG too."""
    lines = [_line(46, 205, latin="SONG"), _line(46, 255, latin="HYEDO")]

    draft = _cross_checked(lines, "surname", "SOZG", 0.95, [], {"surname": "SONG"})
    assert (draft.value, draft.confidence >= 0.9) == ("SONG", True)
    # Without Tesseract's word the MRZ reading stays, unconfirmed.
    draft = _cross_checked(lines, "surname", "SOZG", 0.95, [], {"surname": "SOZC"})
    assert (draft.value, draft.confidence < 0.5) == ("SOZG", True)


def test_the_given_names_label_read_with_a_letter_lost_still_labels_the_name_below() -> None:
    """Holdout passport 9803 (degraded): line 1 read "H0N" for HOJIN; the label read
    "d/Gvennames", and the visual zone's HOJIN under it was not found."""
    lines = [_line(43, 250, latin="d/Gvennames", w=131), _line(44, 277, latin="HOJIN", w=70)]

    draft = _cross_checked(lines, "given_names", "HON", 0.8, [])
    assert draft.value == "HOJIN"
    # A label two letters short is no label.
    lines[0] = _line(43, 250, latin="d/Gvenane", w=131)
    assert _cross_checked(lines, "given_names", "HON", 0.8, []).value == "HON"


def test_the_given_names_printed_do_not_confirm_them_as_the_surname() -> None:
    """A thumb over the start of the MRZ (bench/capture_check.py, finger, holdout passport 2003):
    line 1 read "RSN<<HYUKBN<<<" for PMKORSON<<HYUKBIN, its given names where the surname belongs,
    and the given names printed under their label confirmed "HYUKBIN" as the surname at 0.99."""
    lines = [
        _line(40, 200, latin="/Surname", w=100),
        _line(40, 225, latin="SON", w=60),
        _line(40, 266, latin="/Givennames", w=130),
        _line(40, 290, latin="HYUKBIN", w=120),
    ]

    draft = _cross_checked(lines, "surname", "HYUKBN", 0.95, [])

    assert draft.value == "SON"  # the value under its own label, for a person to check
    assert draft.confidence < 0.6
    # The given names are still confirmed by their own printed value.
    assert _cross_checked(lines, "given_names", "HYUKBN", 0.95, []).value == "HYUKBIN"


def test_the_sex_letter_does_not_confirm_a_one_letter_mrz_surname() -> None:
    """MRZ line 1 read "KIM" as "M": the visual zone's "M" (the sex field) must not confirm it."""
    lines = [_line(400, 300, latin="M"), _line(400, 200, latin="KIM")]

    draft = _cross_checked(lines, "surname", "M", 0.95, [])

    assert draft.confidence < 0.8


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("227/JUL2019", "2019-07-22"),  # "22 7월/JUL 2019" with 월 and the spaces dropped
        ("01 10월/OCT 2020", "2020-10-01"),
        ("27 1/JAN2023", "2023-01-27"),
        ("10JUN1988", "1988-06-10"),
        ("225/JUL2019", None),  # the month number does not match JUL
        ("0111NOV2019", "2019-11-01"),  # "01 11월/NOV 2019" with 월 and the slash dropped
        ("11JAN1954", "1954-01-11"),  # without a slash two digits are the day alone
    ],
)
def test_passport_dates_with_the_korean_month_number(read: str, expected: str | None) -> None:
    found = [d for d, _ in _viz_dates([_line(40, 470, latin=read)])]
    assert found == ([expected] if expected else [])


def test_an_issue_date_whose_dots_were_dropped_is_read_beside_its_label_only() -> None:
    labelled = _line(800, 700, latin="IssueDate2016530")
    ((match, value),) = _date_matches([labelled])
    assert value == "2016-05-30"
    assert _date_draft("issue_date", match, value).confidence < 0.8
    assert _date_matches([_line(800, 700, latin="2016530")]) == []  # no label: could be anything
    assert _date_matches([_line(800, 700, latin="Issue Date 2016123")]) == []  # 1/23 or 12/3


def test_a_watermark_is_not_a_name() -> None:
    anchor = _line(400, 300, latin="900101-1234568")
    assert _name_above([_line(400, 240, hangul="견본"), anchor], anchor) is None


def test_letters_of_a_slanted_stamp_above_the_name_are_not_the_name() -> None:
    """Holdout alien 9105: the tail of a slanted SPECIMEN, boxed 103 px tall and read "IEN", lay
    above the name's line."""

    def at(y: float, latin: str, h: float = 30) -> TextLine:
        quad = np.array([[380, y], [700, y], [700, y + h], [380, y + h]], np.float32)
        return TextLine(quad, latin, 0.98)

    lines = [
        at(230, "850821-5159453"),
        at(250, "IEN", h=103),
        at(300, "WANGXIAOMING"),
        at(380, "INDONESIA"),
        at(460, "M"),
    ]
    lines[2].latin_spaced = "WANG XIAOMING"
    drafts = {d.key: d.value for d in extract_alien(lines, (1362, 858))}
    assert drafts["name"] == "WANG XIAOMING"
    # A name as tall as the other lines is a name, whatever its letters.
    lines = [at(230, "850821-5159453"), at(300, "PEN"), at(380, "INDONESIA")]
    assert {d.key: d.value for d in extract_alien(lines, (1362, 858))}["name"] == "PEN"


def test_letters_of_a_slanted_stamp_one_of_them_misread_are_not_the_name() -> None:
    """Capture check, holdout alien 2202 recompressed at JPEG quality 20: the SPECIMEN across the
    card's middle, boxed 124 px tall, was read "AEN" (of MEN) and came back as the name at 0.97."""

    def at(y: float, latin: str, h: float = 30) -> TextLine:
        quad = np.array([[370, y], [700, y], [700, y + h], [370, y + h]], np.float32)
        return TextLine(quad, latin, 0.93)

    lines = [at(225, "780204-5123832"), at(259, "AEN", h=124), at(314, "NGUYEN VAN AN"), at(400, "VIETNAM")]

    drafts = {d.key: d for d in extract_alien(lines, (1280, 807))}

    assert drafts["name"].value == "NGUYEN VAN AN"
    # Letters that are not the stamp's in its order, even with one allowed for, stay a value.
    lines[1] = at(259, "XAY", h=124)
    assert {d.key: d for d in extract_alien(lines, (1280, 807))}["name"].value == "XAY"


def test_a_one_word_alien_name_goes_to_review() -> None:
    """A single word where the name belongs is more often a fragment of something else (the stamp's
    letters, a label) than a name; a mononym is checked by a person."""
    lines = [_line(370, 225, latin="780204-5123832"), _line(370, 314, latin="NGUYEN"), _line(370, 400, latin="VIETNAM")]

    name = {d.key: d for d in extract_alien(lines, (1280, 807))}["name"]

    assert name.value == "NGUYEN"
    assert name.confidence <= 0.5


def test_the_licence_class_is_not_a_name() -> None:
    # Docgen driver 7005 (degraded): the name line was lost and "1종보통" read without its digit.
    anchor = _line(400, 300, latin="900101-1234568")
    assert _name_above([_line(400, 180, hangul="종보통"), anchor], anchor) is None
    name = _name_above([_line(400, 180, hangul="종보통"), _line(400, 240, hangul="엄하시"), anchor], anchor)
    assert name is not None and name.value == "엄하시"


def test_watermark_pieces_are_dropped_from_certificate_values() -> None:
    from ocr_integration.local.korean import strip_watermark

    # Docgen individual 7003 and corporate 7000: "ME" and "MEN" of SPECIMEN after the value.
    assert strip_watermark("커피전문점 ME") == "커피전문점"
    assert strip_watermark("(주)새솔무역 MEN") == "(주)새솔무역"
    assert strip_watermark("SK 텔레콤") == "SK 텔레콤"
    assert strip_watermark("ME") == "ME"
    # Docgen driver 10008, clean: four letters of it with one misread, at 0.97.
    assert strip_watermark("대구광역시 달서구 가람대로 318 ECIV") == "대구광역시 달서구 가람대로 318"
    assert strip_watermark("서울특별시 중구 세종대로 110 SK VIEW") == "서울특별시 중구 세종대로 110 SK VIEW"
    # Holdout resident 7000: the Korean stamp read into the address.
    assert strip_watermark("129동 1802호 (역삼동, 힐스테이트) 견몬") == "129동 1802호 (역삼동, 힐스테이트)"
    assert strip_watermark("강남구 견본로 12") == "강남구 견본로 12"


def test_the_engine_sends_korean_text_to_review_below_its_own_threshold() -> None:
    assert review_thresholds("resident", ["name", "resident_number", "address", "issuer"]) == {"address": 0.96}
    assert review_thresholds(None, ["company_name", "business_item"]) == {"company_name": 0.95, "business_item": 0.95}
    assert review_thresholds("alien", ["name"]) == {}  # alien-card names are Latin


@pytest.mark.slow
def test_engine_thresholds_apply_and_the_site_setting_overrides_them(settings: Any) -> None:
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen import generate

    doc = generate("id_card", "resident", 7)
    fields = {f.key: f for f in LocalOcrProvider().analyze("id_card", doc.data, filename=doc.filename).fields}
    assert fields["address"].needs_review == (fields["address"].confidence < 0.96)
    assert fields["name"].needs_review == (fields["name"].confidence < 0.8)
    assert fields["resident_number"].needs_review == (fields["resident_number"].confidence < 0.85)

    settings.OCR_REVIEW_THRESHOLDS = {"name": 1.01}
    again = {f.key: f for f in LocalOcrProvider().analyze("id_card", doc.data, filename=doc.filename).fields}
    assert again["name"].needs_review


@pytest.mark.slow
def test_a_surname_the_mrz_lost_and_the_visual_zone_cannot_confirm_goes_to_review() -> None:
    """Degraded docgen passport 1000: MRZ line 1 reads "POKORM<<HEE" for "POKORKIM<<HEE"."""
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen import generate

    doc = generate("id_card", "passport", 1000, degraded=True)
    fields = {f.key: f for f in LocalOcrProvider().analyze("id_card", doc.data, filename=doc.filename).fields}
    for key in ("surname", "mrz_line1"):
        assert fields[key].value == doc.truth[key] or fields[key].needs_review, key


def _passport_lines(line1: str, line2: str, *, line1_second: str = "", line2_second: str = "") -> list[TextLine]:
    """A labelled visual zone (surname, given names, three dates) over two MRZ lines."""
    lines = [
        _line(40, 180, latin="/Surnane"),  # RapidOCR reads the label's "m" as "n"
        _line(40, 205, latin="SHIN"),
        _line(40, 260, latin="/Given nanes"),
        _line(40, 285, latin="JUJIN"),
        _line(40, 360, latin="16 OCT 1972"),
        _line(40, 420, latin="26 JUN 2022"),
        _line(500, 420, latin="26 JUN 2032"),
        _line(40, 770, latin=line1, score=0.88, w=900),
        _line(40, 840, latin=line2, score=0.7, w=900),
    ]
    lines[7].hangul_second = line1_second
    lines[8].hangul_second = line2_second
    return lines


LINE1 = "PSKORSHIN<<JUJIN<<<<<<<<<<<<<<<<<<<<<<<<<<<<"
LINE2 = "M996H33199KOR7210165F3206261<<<<<<<<<<<<<<<6"


def test_a_line1_that_lost_narrow_letters_is_taken_from_tesseract_and_confirmed_by_the_visual_zone() -> None:
    lines = _passport_lines("PSKRSHN<<JUJN<<<<<<<<<<<<<<<<<<<<<<<<<<<<", LINE2, line1_second=LINE1)
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["mrz_line1"].value == LINE1
    assert (drafts["surname"].value, drafts["given_names"].value) == ("SHIN", "JUJIN")
    assert drafts["surname"].confidence > 0.9 and drafts["given_names"].confidence > 0.9


def test_a_misread_birth_date_is_not_the_issue_date_and_the_name_label_is_no_name() -> None:
    # Docgen passport 5006 degraded: "16 OCT 1972" read with a wrong year sorted before the real
    # issue date; docgen 5003: the label 한글성명 read as "한글정명" above the name.
    lines = _passport_lines(LINE1, LINE2)
    lines[4].latin = "16 OCT 1970"
    lines += [_line(40, 300, hangul="한글정명"), _line(40, 325, hangul="신주진")]
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["issue_date"].value == "2022-06-26"
    assert drafts["korean_name"].value == "신주진"


def test_the_stamp_either_model_read_as_such_is_no_korean_name() -> None:
    # Holdout passport 9109: the 견본 stamp beside the name, read 권본 by the first model and 견본
    # by the second, lay a few pixels above the name's line.
    lines = _passport_lines(LINE1, LINE2)
    stamp = _line(300, 240, hangul="권본")
    stamp.hangul_second = "견본"
    lines += [stamp, _line(40, 245, hangul="신주진")]
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["korean_name"].value == "신주진"


def test_a_printed_passport_number_that_passes_the_check_digits_replaces_a_lucky_repair() -> None:
    # Holdout passport 10003, degraded: line 2 lost the N of S247N6298, and the repair of the
    # number ("S2472629B") passed its check digit and the composite one by chance.
    printed, lucky = "S247N6298", "S2472629B"
    line2 = f"{printed}9KOR5401082M2706085<<<<<<<<<<<<<<<2"
    assert not mrz_td3_line2_errors(line2) and not mrz_td3_line2_errors(lucky + line2[9:])
    lines = [*_passport_lines(LINE1, lucky + line2[9:]), _line(500, 150, latin=printed, w=150)]
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["passport_number"].value == printed and drafts["mrz_line2"].value == line2
    # A printed number the check digits do not confirm leaves the number as read, and the line
    # that holds it goes to review with it.
    lines[-1].latin = "S247N6299"
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["passport_number"].value == lucky and drafts["passport_number"].confidence < 0.6
    assert drafts["mrz_line2"].confidence < 0.6


def test_a_state_code_that_is_no_icao_code_is_repaired_from_the_visual_zone_or_doubted() -> None:
    # Holdout passport 6006 degraded: "KOZ" in both MRZ lines, which no check digit covers.
    line1, line2 = LINE1.replace("KOR", "KOZ"), LINE2.replace("KOR", "KOZ")
    drafts = {d.key: d for d in extract_passport(_passport_lines(line1, line2), (1000, 900))}
    assert "KOZ" in drafts["mrz_line2"].value and drafts["mrz_line2"].confidence < 0.6
    assert drafts["mrz_line1"].confidence < 0.6
    lines = [*_passport_lines(line1, line2), _line(500, 120, latin="KOR", w=60)]
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["mrz_line2"].value == LINE2 and drafts["mrz_line2"].confidence > 0.95
    assert drafts["mrz_line1"].value == LINE1 and drafts["country_code"].value == "KOR"


def test_a_well_formed_rapidocr_line1_is_kept_over_a_noisier_tesseract_reading() -> None:
    lines = _passport_lines(LINE1, LINE2, line1_second="PSKORSHIN<<JUJIN<K<<<<<<EIKIICIIILIIIEIIIIII")
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["mrz_line1"].value == LINE1


def test_a_line2_failing_its_check_digits_is_taken_from_a_tesseract_reading_that_passes() -> None:
    broken = "M996H331990R7210165F3206261<<<<<<<<<<<<<<<<6"  # "K" lost: every field shifted
    lines = _passport_lines(LINE1, broken, line2_second="M996H33199KOR7210165F3206261<<<<<<<<<C<<<<<<6")
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["mrz_line2"].value == LINE2  # the speck "C" in the filler run is dropped too
    assert drafts["birth_date"].value == "1972-10-16"
    assert drafts["issue_date"].value == "2022-06-26"


def test_a_line2_whose_start_a_thumb_covered_is_aligned_on_its_end() -> None:
    """bench/capture_check.py, finger, holdout passport 2003: a thumb over the start of both MRZ
    lines; line 2 read "544927K0R5703306F…<82" for R950544927KOR…, and lengthened in its filler
    run it failed every check digit: no birth or expiry date. Aligned on its closing check digit,
    its dates pass theirs, and the printed number passes the number's."""
    lines = _passport_lines("RSHIN<<JUJIN<<<<<<<<<<<<<<<<<<<<<<<<<<<<", LINE2[4:])
    assert len(LINE2[4:]) == 40

    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert (drafts["birth_date"].value, drafts["expiry_date"].value) == ("1972-10-16", "2032-06-26")
    assert "passport_number" not in drafts or drafts["passport_number"].confidence < 0.5  # four of nine lost
    # With the number printed in the visual zone, the line is whole again.
    drafts = {d.key: d for d in extract_passport([*lines, _line(500, 205, latin="M996H3319")], (1000, 900))}
    assert drafts["mrz_line2"].value == LINE2
    assert drafts["passport_number"].value == "M996H3319" and drafts["passport_number"].confidence >= 0.9


def test_without_a_checked_line2_the_issue_date_is_the_middle_printed_date() -> None:
    broken = "M996H331990R7210165F3206261<<<<<<<<<<<<<<<<6"
    drafts = {d.key: d for d in extract_passport(_passport_lines(LINE1, broken), (1000, 900))}
    assert drafts["issue_date"].value == "2022-06-26"
    assert drafts["issue_date"].confidence < 0.9


def test_line2_is_joined_from_the_head_one_recogniser_read_and_the_tail_another_read() -> None:
    """Holdout passport 8107 (clean): RapidOCR lost one 0 of "00" in the number, so its line 2
    slid and failed; Tesseract's Hangul model read the head right and the filler run as letters.
    The head of one and the tail of the other pass every check digit; line 1's issuing state is
    no longer overruled by the slid line 2 ("ORB")."""
    rapid = "M996H3319KOR7210165F3206261<<<<<<<<<<<<<<<6"
    second = "M996H33199KOR7210165F3206261<<<<K<KEKIIIIIIII<B"
    assert best_line2([rapid, _clean_mrz(second)]) == (LINE2, [])
    lines = _passport_lines("PSKORSHN<JUJN<<<<<<<<<<<<<<<<<<<<<<<<<<<<", rapid, line1_second=LINE1, line2_second=second)
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["mrz_line2"].value == LINE2 and drafts["mrz_line2"].confidence > 0.95
    assert (drafts["passport_number"].value, drafts["birth_date"].value) == ("M996H3319", "1972-10-16")
    assert (drafts["country_code"].value, drafts["mrz_line1"].value) == ("KOR", LINE1)


def test_a_slid_line2_whose_nationality_is_no_code_does_not_overrule_line1() -> None:
    """Holdout passport 8107 before the join above: the slid line 2's nationality was "ORB" (the
    O and R of KOR and the 8 of the birth year), and line 1's KOR was replaced by it."""
    slid = "M996H3319KOR8210162F3206261<<<<<<<<<<<<<<<0"  # of M996H33199KOR8210162F…, no other reading
    drafts = {d.key: d for d in extract_passport(_passport_lines(LINE1, slid), (1000, 900))}
    assert drafts["country_code"].value == "KOR"
    assert (drafts["surname"].value, drafts["given_names"].value) == ("SHIN", "JUJIN")


def test_a_line2_that_passes_its_check_digits_by_chance_gives_way_to_the_visual_zone() -> None:
    """Docgen passport 8217 (degraded): Tesseract's "8 ㅎ 6450661820\\아88063031142612063<<…6"
    passed every check digit once repaired (nationality "OBB", sex "<", birth "063031"); the number
    S645G6182 was printed above. The printed number, the first and middle printed dates and the
    printed sex are taken, to review, and the birth date is not taken for the issue date."""
    spurious = _clean_mrz("8 ㅎ 6450661820\\아88063031142612063<<<<<<<<<<<<<<<6")
    lines = _passport_lines(LINE1, "S645G618200R8806301M2612063<<<<<<<<<<<<<<<6", line2_second=spurious)
    lines += [_line(500, 205, latin="S645G6182"), _line(500, 285, latin="F")]
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert drafts["passport_number"].value == "S645G6182" and drafts["passport_number"].confidence <= 0.5
    assert (drafts["birth_date"].value, drafts["birth_date"].confidence) == ("1972-10-16", 0.5)
    assert (drafts["sex"].value, drafts["sex"].confidence) == ("F", 0.5)
    assert drafts["issue_date"].value == "2022-06-26" and drafts["issue_date"].confidence < 0.9


def test_a_line2_part_is_taken_only_when_the_check_digits_say_it_is_better() -> None:
    # Both readings fail only the composite check: RapidOCR's (the first) is kept.
    rapid = "M996H33199KOR7210165F3206261<<<<<<<<<<<<<<<5"
    other = "M996H33199KOR7210165F3206261<<<<<<<<<<<<<<<7"
    assert best_line2([rapid, other]) == (rapid, ["composite"])
    # A head that fails its number's check digit does not replace one that passes.
    assert best_line2([LINE2, "M996H33189KOR7210165F3206261<<<<<<<<<<<<<<<6"]) == (LINE2, [])


def test_mrz_line2_with_a_multiplication_sign_for_x_and_a_speck_before_the_number() -> None:
    line, errors = repair_line2(_clean_mrz("<M301×93711K0R8104247M3503029<<<<<<<<<<<<<<<2"))
    assert (line, errors) == ("M301X93711KOR8104247M3503029<<<<<<<<<<<<<<<2", [])


@pytest.mark.parametrize("seed", [3007, 3010])
def test_mrz_line2_read_whole_where_the_box_ended_early_or_x_was_read_as_a_sign(seed: int) -> None:
    """Docgen passports where RapidOCR's box stopped inside the filler run before the final check
    digit (3007), and where it read the X of the number as "×" behind a speck (3010)."""
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen import generate

    doc = generate("id_card", "passport", seed)
    fields = {f.key: f for f in LocalOcrProvider().analyze("id_card", doc.data, filename=doc.filename).fields}
    assert fields["mrz_line2"].value == doc.truth["mrz_line2"]
    assert fields["passport_number"].value == doc.truth["passport_number"]


@pytest.mark.parametrize(
    ("latin", "aspect", "expected"),
    [
        ("201172", 5.6, True),  # "2011년 7월 2일" with its Hangul units dropped (holdout resident 3005)
        ("2010128", 5.7, True),  # "2010년 12월 8일" (holdout resident 4005)
        ("201412142", 5.8, True),  # "2014년 12월 14일", 년/월/일 read as digits (holdout corporate 3000)
        ("0012313316505", 8.0, False),  # a resident number without its hyphen
        ("2001013316505", 8.0, False),
        ("000720-3316505", 6.5, False),
        ("2011.07.02", 3.8, False),
        ("5412 7512 3456 7890", 10.0, False),  # spaces between digit groups are not lost Hangul
        ("12/28", 2.2, False),
        # A year and a run of digits after a label: 년/월/일 dropped (holdout alien 9105).
        ("Issue Date 2020 128", 10.4, True),
        ("Issue Date 2020.12.08", 10.4, False),
        # ... or a year and three digits, the date's small dots dropped (holdout alien 9706).
        ("Issue Date2021124", 9.7, True),
        ("Issue Date2021.12.4", 9.7, False),
        ("4111 1111 2020 1234", 12.0, False),  # card number groups
        # Numbers with spaces in an address box: the Hangul before them dropped (holdout
        # corporate 9901, clean: "대구광역시 북구 벚꽃로86번길 369").
        ("86 369", 11.1, True),
        ("3745 061375 68220", 9.7, False),  # the widest-set card number measured (ratio 1.76)
        # A dot of a dotted date read as a digit (docgen resident 9907, degraded).
        ("2009.11117.", 5.3, True),
        ("2009.11.17.", 5.3, False),
    ],
)
def test_a_digit_run_in_a_box_far_wider_than_it_is_read_again_for_hangul(
    latin: str, aspect: float, expected: bool
) -> None:
    assert _needs_hangul(latin, 0.99, aspect) is expected


def test_a_tesseract_line1_that_read_the_fillers_as_letters_is_not_taken() -> None:
    """Docgen passport 5021 (degraded): Tesseract read "KIM<<CHANHEE<<<" as "KIMKKCHANHEEKKKK"."""
    rapid = "PMKRKMHHEE<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"  # as RapidOCR read it
    lines = _passport_lines(rapid, LINE2, line1_second="PMKORKIMCCCHANHEEKKKKKKKKKKKKKKKKKKKKKKKKKK")[-2:]
    line1 = next(d for d in extract_passport(lines, (1000, 900)) if d.key == "mrz_line1").value
    assert "CCC" not in line1 and "KKK" not in line1


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # Docgen passports 6000, 6006 and 6017 (degraded): the faint filler run read short or lost.
        ("M045N00633K0R6303183M2607229<0", "M045N00633KOR6303183M2607229<<<<<<<<<<<<<<<0"),
        ("S594390947K0R9205130M26120964", "S594390947KOR9205130M2612096<<<<<<<<<<<<<<<4"),
        ("R061H21828K0R6910206F30102862453186<58", "R061H21828KOR6910206F30102862453186<<<<<<<58"),
    ],
)
def test_mrz_line2_whose_filler_run_was_read_short_is_put_back_together(read: str, expected: str) -> None:
    assert repair_line2(_clean_mrz(read)) == (expected, [])


def test_a_passport_without_its_mrz_gives_its_visual_zone_to_review() -> None:
    """Capture check, curl: both MRZ lines of a bent passport were lost to the detector, and the
    passport gave its authority alone. Its visual zone prints the key fields under labels."""
    lines = [
        _line(60, 130, latin="/Type", w=90),
        _line(60, 150, latin="PO", w=40),
        _line(560, 110, latin="/PassportNo.", w=140),
        _line(560, 130, latin="S293P1331", w=130),
        _line(60, 185, latin="/Surname", w=100),
        _line(60, 205, latin="KIM", w=50),
        _line(60, 240, latin="/Given names", w=120),
        _line(60, 258, latin="BOJEONG", w=110),
        _line(560, 270, latin="/Sex", w=60),
        _line(560, 290, latin="M", w=20),
        _line(60, 350, latin="09 DEC 1954", w=150),
        _line(60, 405, latin="02 APR 2024", w=150),
        _line(560, 390, latin="02 APR 2034", w=150),
    ]

    drafts = {d.key: d for d in extract_passport(lines, (1280, 900))}

    assert {k: d.value for k, d in drafts.items() if k != "authority"} == {
        "passport_number": "S293P1331",
        "surname": "KIM",
        "given_names": "BOJEONG",
        "sex": "M",
        "birth_date": "1954-12-09",
        "issue_date": "2024-04-02",
        "expiry_date": "2034-04-02",
    }
    assert all(d.confidence <= 0.5 for d in drafts.values())


def test_a_line2_read_without_its_filler_run_is_still_found_as_mrz() -> None:
    rows = find_mrz([_line(80, 840, latin="M045N00633K0R6303183M2607229", w=1100)])
    assert [text for text, _ in rows] == ["M045N00633K0R6303183M2607229"]


def test_a_line1_that_lost_one_filler_between_the_names_is_split_where_the_visual_zone_says() -> None:
    """Docgen passport 6011 (degraded): "KIM<<SEONGON" read as "KIM<SEONGON"."""
    lines = [
        _line(40, 205, latin="KIM"),
        _line(40, 285, latin="SEONGON"),
        _line(40, 770, latin="POKORKIM<SEONGON<<<<<<<<<<<<<<<<<<<<<<<<<<<<", score=0.9, w=900),
        _line(40, 840, latin="M045N00633KOR6303183M2607229<<<<<<<<<<<<<<<0", score=0.95, w=900),
    ]
    drafts = {d.key: d for d in extract_passport(lines, (1000, 900))}
    assert (drafts["surname"].value, drafts["given_names"].value) == ("KIM", "SEONGON")
    assert drafts["mrz_line1"].value == "POKORKIM<<SEONGON<<<<<<<<<<<<<<<<<<<<<<<<<<<"


@pytest.mark.parametrize(("read", "sure"), [("가전제품도매", False), ("가전제품 도매", True), ("커피전문점", True)])
def test_a_business_item_with_a_six_syllable_run_goes_to_review(read: str, sure: bool) -> None:
    lines = [_line(60, 320, hangul="종목", w=150), _line(260, 320, hangul=read, w=300)]
    (draft,) = extract_business(lines, (800, 1200), "individual")
    assert draft.value == read
    assert (draft.confidence > 0.8) is sure


@pytest.mark.parametrize(
    ("key", "value", "factor_below_half"),
    [
        ("issue_date", "2028-08-11", True),  # holdout certificate 1001 (degraded): 2023-06-11 misread
        ("open_date", "2026-11-29", True),
        ("birth_date", "1990-01-01", False),
        ("issue_date", "2026-11-28", False),  # today
        ("expiry_date", "2032-06-26", False),  # expiry dates lie ahead
    ],
)
def test_a_date_of_a_past_event_later_than_today_is_doubted(key: str, value: str, factor_below_half: bool) -> None:
    from ocr_integration.local.provider import future_date_factor

    assert (future_date_factor(key, value, "2026-11-28") < 0.5) is factor_below_half


def test_a_date_only_tesseract_read_where_rapidocr_read_other_digits_is_doubted() -> None:
    from ocr_integration.local.business import _date_of

    # Holdout individual 3004: RapidOCR read "20240010", Tesseract "2004년 06월 10일" for 2024-06-10.
    found = _date_of([_line(300, 400, latin="20240010", score=0.7, hangul="2004년 06월 10일")])
    assert found is not None
    value, _, doubted = found
    assert value == "2004-06-10"
    found = _date_of([_line(300, 400, latin="2024년", score=0.7, hangul="2004년 06월 10일")])
    assert found is not None
    assert doubted < 0.8 * found[2]
    found = _date_of([_line(300, 400, latin="20240610", score=0.7, hangul="2004년 06월 10일")])
    assert found is not None and found[0] == "2024-06-10"


def test_a_date_whose_units_were_read_as_digits_is_a_doubted_guess() -> None:
    from ocr_integration.local.business import _date_of

    # Holdout corporate 9305: 2015년 02월 18일 read "20154022189", and by Tesseract "| 20150 02월109".
    found = _date_of([_line(300, 400, latin="20154022189", score=0.88, hangul="| 20150 02월109")])
    assert found is not None
    value, _, conf = found
    assert value == "2015-02-18" and conf < 0.6
    # A date either Korean model read is taken first, at its own confidence.
    found = _date_of([_line(300, 400, latin="20164089239", score=0.88, hangul="2016년08월23일")])
    assert found is not None and found[0] == "2016-08-23" and found[2] > 0.9
    # Eleven digits that hold no date, or more than eleven, are none.
    assert _date_of([_line(300, 400, latin="20154132189", score=0.88)]) is None
    assert _date_of([_line(300, 400, latin="201540221891", score=0.88)]) is None


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("2004-1 1-29", "2004-11-29"),  # holdout individual 10802, clean: Tesseract's reading
        ("2004-1 1.29", "2004-11-29"),  # ... and the second model's
        ("2004-11-29", "2004-11-29"),
        ("2004. 11. 29. 2023", "2004-11-29"),  # a number after the date, no mark before it
        ("2004-1 1-29-3", None),  # still going on with the space closed: no date
    ],
)
def test_a_month_or_day_parted_by_a_space_is_read_whole(read: str, expected: str | None) -> None:
    from ocr_integration.local.business import _printed_date

    assert _printed_date(read) == expected


def test_readings_that_part_a_month_with_a_space_do_not_outvote_the_date() -> None:
    from ocr_integration.local.business import _date_of

    ln = _line(300, 400, latin="2004-11-29", score=0.99, hangul="2004-1 1-29")
    ln.hangul_second = "2004-1 1.29"
    found = _date_of([ln])
    assert found is not None and found[0] == "2004-11-29"


def test_readings_with_units_read_as_digits_outvote_a_printed_date_fewer_readings_hold() -> None:
    from ocr_integration.local.business import _date_of

    # Holdout corporate 1000: 2001년 12월 10일 read "2001号121102" by RapidOCR, "2001변128 10결" by
    # the Korean model and "2001넌12 :1면" by the Hangul model, the only date printed as one.
    ln = _line(300, 400, latin="2001号121102", score=0.77, hangul="|] 2001변128 10결")
    ln.hangul_second = "2001넌12 :1면"
    found = _date_of([ln])
    assert found is not None
    value, _, conf = found
    assert value == "2001-12-10" and conf < 0.6  # a guess: to review
    # One reading with its units read as digits does not outvote a printed date.
    ln.hangul = "|] 2001년12월 1일"
    found = _date_of([ln])
    assert found is not None and found[0] == "2001-12-01"
    # Nor does RapidOCR's printed date lose to both Korean models' guess.
    ln.latin, ln.hangul, ln.hangul_second = "2001年12月10日", "2001년128 1결", "2001변128 1결"
    found = _date_of([ln])
    assert found is not None and found[0] == "2001-12-10" and found[2] > 0.9
    # Digits after the year that part into a month and a day two ways as well are no date.
    ln.latin, ln.hangul, ln.hangul_second = "2001号1211", "", ""
    assert _date_of([ln]) is None


def test_a_box_far_taller_than_the_label_row_is_no_part_of_the_value() -> None:
    from ocr_integration.local.business import extract_business

    # Docgen corporate 9705 (clean): a stamp's remnant, 77 px tall, read "52후(" right of the
    # 38 px line "법인명(단체명): 유한회사 새솔스튜디오" and taken into the company name.
    label = _line(39, 400, hangul="법 인 명 ( 단 체 명 )： 유한회사 새솔스튜디오", w=577)
    stamp = TextLine(
        np.array([[690, 375], [917, 375], [917, 452], [690, 452]], np.float32),
        "PE",
        0.79,
        hangul="52후(",
        hangul_conf=0.42,
        hangul_min_conf=0.4,
    )
    drafts = {d.key: d for d in extract_business([label, stamp], (1240, 1754), "corporate")}
    assert drafts["company_name"].value == "유한회사 새솔스튜디오"


def test_a_slash_touching_a_digit_on_a_certificate_is_a_seven_and_a_guess() -> None:
    from ocr_integration.local.business import _corporate_number, _date_of

    # Holdout corporate 1033 (clean): 2004-04-17 read "2004-04-1/" at 0.99, and the corporate
    # number "134511-9/16026"; the date came back as 2004-04-01 with confidence 1.0.
    found = _date_of([_line(300, 400, latin="2004-04-1/", score=0.99)])
    assert found is not None
    value, _, conf = found
    assert value == "2004-04-17" and conf < 0.75
    assert _corporate_number("134511-9/16026") == ("134511-9716026", pytest.approx(0.7))
    assert _corporate_number("134511-9716026") == ("134511-9716026", 1.0)
    # A slash date keeps its slashes.
    found = _date_of([_line(300, 400, latin="2004/04/17", score=0.99)])
    assert found is not None and found[0] == "2004-04-17" and found[2] > 0.9


@pytest.mark.slow
def test_a_page_lying_upside_down_is_seen_to_be_turned_round() -> None:
    from tests.docgen import generate

    # Seed 28's longest lines are Hangul, on which RapidOCR's direction classifier leans to "0":
    # four of its eight longest lines voted "turned", which a plain majority vote took for upright.
    doc = generate("business_registration", "corporate", 28)
    upright = reading.suppress_red(imaging.rectify(imaging.load_input(doc.data), target_long=1800))
    turned = imaging.rotate_quarter(upright, 2)
    assert reading._upside_down(turned, engines.detect_boxes(turned.bgr))
    assert not reading._upside_down(upright, engines.detect_boxes(upright.bgr))


def test_a_renewal_period_with_a_full_width_tilde_is_read_from_rapidocr() -> None:
    from ocr_integration.local.extraction import find_all
    from ocr_integration.local.idcards import RENEWAL_RE

    # Holdout driver 4004: Tesseract's reading "2024.11. 1." was taken when the tilde was "～".
    ln = _line(50, 390, latin="2024.1.1.～2024.12.31.", hangul="적성검사기간 2024.11. 1.~ 2024. 12. 31.")
    (m,) = find_all([ln], RENEWAL_RE)
    assert m.match.groups() == ("2024", "1", "1", "2024", "12", "31")
    # Docgen driver 5000: a stroke read beside the tilde; the period then ran into the address.
    (m,) = find_all([_line(50, 390, latin="2031.01.01 ~/2031.12.31")], RENEWAL_RE)
    assert m.match.groups() == ("2031", "01", "01", "2031", "12", "31")
    # Holdout driver 10001: a dot dropped between month and day.
    (m,) = find_all([_line(50, 390, latin="对2033.0101-2033.12.31")], RENEWAL_RE)
    assert m.match.groups() == ("2033", "01", "01", "2033", "12", "31")


@pytest.mark.parametrize("read", ["202412.09", "2024.1209"])
def test_a_date_that_lost_one_of_its_dots_is_read_and_goes_to_review(read: str) -> None:
    # Holdout driver 10001, degraded: the issue date "2024.12.09" was read "202412.09" and the
    # renewal window's end was taken for it instead.
    ((match, value),) = _date_matches([_line(600, 700, latin=read)])
    assert value == "2024-12-09"
    assert _date_draft("issue_date", match, value).confidence < 0.8


def test_one_sheet_reads_the_same_crops_at_two_scales_in_order() -> None:
    # Weak lines are read again at 40 and 80 px in a single sheet per model (one model load).
    crops = [_ruled_cell("대표자"), _ruled_cell("개업연월일")]
    ko, second = engines.read_lines_tesseract_models(
        crops * 2, (engines.KOREAN_MODEL, engines.SECOND_MODEL), heights=[40, 40, 80, 80]
    )
    assert [r.text.replace(" ", "") for r in ko] == ["대표자", "개업연월일"] * 2
    assert len(second) == 4


def test_a_business_type_wrapped_in_a_two_line_cell_is_read_whole_and_once() -> None:
    # Holdout individual 5000: the label is centred on a cell holding "전문, 과학 및 기술" over
    # "서비스업", and the cell's right rule was read as "1".
    lines = [
        _line(30, 579, hangul="업태", w=60),
        _line(200, 565, hangul="전문, 과학 및 기술"),
        _line(200, 600, hangul="서비스업1", w=90),
        _line(30, 650, hangul="사업장 소재지", w=120),
        _line(200, 636, hangul="서울특별시 강남구 테헤란로 152"),
        _line(200, 671, hangul="101동 1203호 (역삼동, 힐스테이트)"),
    ]
    fields = {d.key: d for d in extract_business(lines, (1240, 1754), "individual")}
    assert fields["business_type"].value == "전문, 과학 및 기술 서비스업"
    assert fields["business_address"].value == "서울특별시 강남구 테헤란로 152 101동 1203호 (역삼동, 힐스테이트)"


def test_a_wrapped_business_type_whose_box_overlaps_the_line_above_is_read_whole() -> None:
    # Holdout corporate 1001: the detector's box of "서비스업" began 1.4 px above the end of the
    # box of the line above it, and its centre was just outside the label's row.
    lines = [
        _line(30, 579, hangul="업태", w=60),
        _line(200, 569, hangul="전문, 과학 및 기술"),
        _line(198, 597, hangul=", 서비스업", w=90),
    ]
    fields = {d.key: d for d in extract_business(lines, (1240, 1754), "corporate")}
    assert fields["business_type"].value == "전문, 과학 및 기술 서비스업"


def test_a_bar_after_a_korean_date_unit_is_not_a_one() -> None:
    from ocr_integration.local.extraction import DATE_ANY_RE, numeric

    # Holdout resident 5000 (degraded): "2005년| 3월 3일" was read as 2005-01-03.
    m = DATE_ANY_RE.search(numeric("발급일 2005년| 3월 3일"))
    assert m is not None and m.groups() == ("2005", "3", "3")
    assert numeric("|2O05") == "12005"  # a bar among digits still reads as 1


def test_a_short_name_tesseract_read_twice_is_read_once() -> None:
    from ocr_integration.local.reading import _undoubled

    # Holdout driver 6005 (degraded): "민정" in a box 1.6 heights wide came back "민정민정".
    doubled = engines.TesseractLine("민정민정", 0.96, 0.95, words=(("민정민정", 0.96),))
    once = _undoubled(doubled, 1.6)
    assert once.text == "민정" and once.words == (("민정", 0.96),)
    assert _undoubled(doubled, 4.2).text == "민정민정"  # a box wide enough for four syllables
    assert _undoubled(engines.TesseractLine("은수곤수", 0.65, 0.6), 1.4).text == "은수곤수"


# Per card: its printed lines (x, y, RapidOCR's reading), where the issuing office is printed
# (x, y, width), and the card's size.
_OFFICE_CARDS = {
    "alien": (
        ((370, 210, "800131-5060454"), (370, 270, "MULLER ANNA"), (600, 560, "2020.01.21")),
        (500, 600, 300),
        (1000, 640),
    ),
    "driver": (
        ((1000, 520, "21-87-589807-60"), (160, 220, "541114-1774461"), (600, 640, "2024.12.29")),
        (510, 680, 260),
        (1280, 800),
    ),
}


def _issuer_read_as(card: str, read: str) -> Draft:
    """The issuer taken from an alien card or a driver licence whose office line reads ``read``."""
    from ocr_integration.local import idcards

    printed, (x, y, w), size = _OFFICE_CARDS[card]
    lines = [_line(px, py, latin=text) for px, py, text in printed] + [_line(x, y, hangul=read, w=w)]
    extract = idcards.extract_alien if card == "alien" else idcards.extract_driver
    (issuer,) = [d for d in extract(lines, size) if d.key == "issuer"]
    return issuer


@pytest.mark.parametrize(
    ("card", "read", "expected", "doubted"),
    [
        ("alien", "부산출입국·외국인청장", "부산출입국·외국인청장", False),
        # Holdout alien 6004: the city misread by a letter is put back from the list of places.
        ("alien", "무산출입국·외국인청장", "부산출입국·외국인청장", False),
        ("alien", "수완출입국·외국인사무소장", "수원출입국·외국인사무소장", False),
        # A place that is no city, nor a letter from one, goes to review as read.
        ("alien", "가나다출입국·외국인사무소장", "가나다출입국·외국인사무소장", True),
        # Holdout alien 13006, degraded: 대구 lost, the rest read at 0.5 (which calibrated to 0.94).
        ("alien", "출입국·외국인사무소장", "출입국·외국인사무소장", True),
        # A licence is issued by a province's police agency.
        ("driver", "경기도남부경찰청장", "경기도남부경찰청장", False),
        ("driver", "경키도남부경찰청장", "경기도남부경찰청장", False),  # docgen driver 5018, clean: 키 for 기
        ("driver", "서울 특별시경찰청장", "서울특별시경찰청장", False),
        ("driver", "서울지방경찰청장", "서울지방경찰청장", False),  # licences issued before 2021
        # Holdout driver 4003, degraded: 청 read 정, and no office is a 경찰정.
        ("driver", "경기도남부경찰정장", "경기도남부경찰청장", False),
        # Docgen driver 12011, clean: the first syllable of 서울특별시 lost; no such agency.
        ("driver", "울특별시경찰청장", "울특별시경찰청장", True),
    ],
)
def test_an_issuer_names_a_known_office(card: str, read: str, expected: str, doubted: bool) -> None:
    issuer = _issuer_read_as(card, read)
    assert issuer.value == expected
    assert (calibrate("id_card", card, "issuer", issuer.confidence) < 0.8) is doubted


def test_the_second_reader_votes_on_a_surname_the_korean_model_misread() -> None:
    from ocr_integration.local.extraction import known_surname

    # Holdout resident 4003 degraded: the Korean model read 번 (no surname), the Hangul model 변.
    rrn = _line(980, 250, latin="550124-1993272")
    name = _line(1128, 180, hangul="번예윤", w=100)
    name.hangul_second = "변에윤"
    draft = _name_above([name, rrn], rrn)
    assert draft is not None and draft.value == "변예윤"
    # Only the surname, only from a surname one letter away, only at the same length.
    assert known_surname("김민수", [name]) == "김민수"
    name.hangul_second = "오에윤"
    assert known_surname("번예윤", [name]) == "번예윤"
    name.hangul_second = "변윤"
    assert known_surname("번예윤", [name]) == "번예윤"


def test_a_name_with_a_syllable_no_given_name_uses_goes_to_review() -> None:
    from ocr_integration.local.korean import plausible_korean_name

    # Holdout resident 1000: both Tesseract models read 모승철 as 모승절 at 0.9 word confidence.
    assert plausible_korean_name("모승철") and plausible_korean_name("남궁민")
    assert not plausible_korean_name("모승절") and not plausible_korean_name("백현탕")
    rrn = _line(980, 250, latin="650126-2571321")
    right = _name_above([rrn, _line(1118, 190, hangul="모승철", w=115)], rrn)
    doubted = _name_above([rrn, _line(1118, 190, hangul="모승절", w=115)], rrn)
    assert right is not None and doubted is not None
    assert doubted.value == "모승절" and doubted.confidence < 0.7 * right.confidence


def test_a_renewal_window_that_is_not_a_calendar_year_is_less_certain() -> None:
    from ocr_integration.local.idcards import extract_driver

    def renewal(text: str) -> float:
        lines = [
            _line(1000, 520, latin="21-87-589807-60"),
            _line(160, 220, latin="541114-1774461"),
            _line(50, 390, latin=text),
        ]
        return {d.key: d for d in extract_driver(lines, (1280, 800))}["renewal_start"].confidence

    # Holdout driver 1005 degraded: "2029.01.03" for 2029.01.01, read with a 0.96 score.
    assert renewal("2029.01.03~2029.12.31") < 0.8 < renewal("2029.01.01~2029.12.31")


def test_a_lone_hangul_letter_in_a_value_lowers_its_confidence() -> None:
    from ocr_integration.local.provider import lone_letter_factor

    # Holdout resident 4103: "e편한세상" read as "ㅇ편한세상" with 0.97 word confidence.
    assert lone_letter_factor("광주광역시 북구 매화로14번길 56 112동 607호 (매탄동, ㅇ편한세상)") <= 0.5
    assert lone_letter_factor("광주광역시 북구 매화로14번길 56 112동 607호 (매탄동, e편한세상)") == 1.0
    assert lone_letter_factor("도매ㆍ소매") == 1.0  # the middle dot business items print


def _cell(x: float, y: float, hangul: str = "", *, latin: str = "", w: float = 120, second: str = "") -> TextLine:
    quad = np.array([[x, y], [x + w, y], [x + w, y + 34], [x, y + 34]], np.float32)
    return TextLine(
        quad, latin, 0.95 if latin else 0.0, hangul=hangul, hangul_conf=0.9, hangul_min_conf=0.8, hangul_second=second
    )


def test_unlabelled_company_representative_and_open_date_are_taken_by_their_rows() -> None:
    # Holdout corporate 7110 (degraded): the small label cells of the first three rows came back
    # empty or as one letter, while their values were read.
    lines = [
        _cell(518, 162, "등록번호: 363-86-66493", latin="363-86-66493", w=290),
        _cell(150, 226, "", w=116),
        _cell(345, 224, "주식회사 푸른디자인", w=195),
        _cell(176, 273, "", latin="CH开", w=62),
        _cell(345, 271, "정나찬", w=71),
        _cell(138, 320, "기", w=90),
        _cell(294, 320, latin="2002-09-12", w=132),
        _cell(668, 318, ".법인등록번호'", w=108),
        _cell(837, 316, latin="180111-1454840", w=190),
        _cell(159, 458, "업태", w=45),
        _cell(294, 460, "전문, 과학 및 기술 서비스업", w=254),
    ]
    fields = {d.key: d for d in extract_business(lines, (1240, 1754), "corporate")}
    assert fields["company_name"].value == "주식회사 푸른디자인"
    assert fields["representative_name"].value == "정나찬"
    assert fields["open_date"].value == "2002-09-12"
    assert fields["corporate_number"].value == "180111-1454840"
    # Taken by position: less certain than the same reading beside its label.
    assert fields["representative_name"].confidence < hangul_conf(lines[4])
    assert fields["open_date"].confidence < 0.95


def test_a_corporate_number_whose_label_was_not_read_is_the_tables_one_such_number() -> None:
    # Holdout corporate 9610 (degraded): 법인등록번호 read "벨연등록벤호", beyond a near label.
    lines = [
        _cell(518, 162, "등록번호: 382-85-04360", latin="382-85-04360", w=290),
        _cell(176, 226, "법인명(단체명)", w=116),
        _cell(345, 224, "주식회사 한빛상사", w=195),
        _cell(700, 375, "벨연등록벤호", w=125),
        _cell(883, 375, latin="110111-6797380", w=170),
    ]
    fields = {d.key: d for d in extract_business(lines, (1240, 1754), "corporate")}
    assert fields["corporate_number"].value == "110111-6797380"
    assert fields["corporate_number"].confidence < 0.85  # taken by its pattern alone: to review
    # Two such numbers: neither is taken; and an individual's form prints none.
    two = [*lines, _cell(883, 420, latin="110111-1234567", w=170)]
    assert "corporate_number" not in {d.key for d in extract_business(two, (1240, 1754), "corporate")}
    assert "corporate_number" not in {d.key for d in extract_business(lines, (1240, 1754), "individual")}


def test_a_row_whose_label_was_read_is_not_taken_for_an_unlabelled_one() -> None:
    # The representative's label is lost, but the next row is labelled 개업연월일: its value is
    # not a name, and the two unlabelled dates of an individual's form are told apart by order.
    lines = [
        _cell(522, 181, "등록번호: 393-76-81410", latin="393-76-81410", w=290),
        _cell(176, 246, "상호", w=38),
        _cell(335, 243, "미래테크", w=91),
        _cell(149, 290, '"이', w=41),
        _cell(283, 288, "|유선수", w=71),
        _cell(698, 290, "쿠노둘들", w=70),
        _cell(848, 288, "| 952변12될18열", latin="1952电1218", w=173, second="| 1952년12월18일"),
        _cell(150, 381, "개양즌할일", w=90),
        _cell(336, 382, "2012년06될 14열", latin="201206量14", w=173),
    ]
    fields = {d.key: d for d in extract_business(lines, (1240, 1754), "individual")}
    assert fields["company_name"].value == "미래테크"
    assert fields["representative_name"].value == "유선수"
    assert fields["open_date"].value == "2012-06-14"
    assert fields["representative_birth_date"].value == "1952-12-18"
    # A row whose label was read holds that label's value, not the lost representative's.
    lines[1] = _cell(176, 246, "", w=38)
    address = [_cell(150, 290, "사업장소재지", w=106), _cell(283, 288, "서울특별시 강남구 테헤란로 152", w=260)]
    fields = {d.key: d for d in extract_business(lines[:3] + address, (1240, 1754), "individual")}
    assert "representative_name" not in fields
    assert fields["company_name"].value == "미래테크"
    assert fields["business_address"].value == "서울특별시 강남구 테헤란로 152"


@pytest.mark.parametrize(
    ("latin", "spaced", "expected"),
    [
        ("TRANTHIHOA", "TRAN THI HOA", "TRAN THI HOA"),
        # Holdout alien 7307 (degraded): Tesseract read the I as "!"; RapidOCR's letters are kept.
        ("CHENWEI", "CHEN WE!", "CHEN WEI"),
        # Capture check, docgen alien 2200 under warm light: Tesseract lost the last letter. One
        # letter more or less, away from the break, still places the break; RapidOCR's letters stay.
        ("IVANOVSERGEI", "IVANOV SERGE", "IVANOV SERGEI"),
        ("CHENWEI", "CHEN W3I", "CHEN WEI"),
        ("CHENWEI", "CHEN W3!X", "CHENWEI"),  # two letters apart: RapidOCR's reading stands
        ("TRANTHIHOA", "TRAN TH HOA", "TRANTHIHOA"),  # the lost letter is at a break: TH IHOA or THI HOA
        ("CHENWEI", "", "CHENWEI"),
    ],
)
def test_run_together_latin_words_take_tesseracts_spacing(latin: str, spaced: str, expected: str) -> None:
    from ocr_integration.local.extraction import spaced_latin

    ln = _line(0, 0, latin=latin)
    ln.latin_spaced = spaced
    assert spaced_latin(ln) == expected


@pytest.mark.parametrize(
    ("spaced", "sure"), [("IVANOV SERGE", True), ("IVANOV SERGEI", True), ("", False), ("IV4NOV 5ERG", False)]
)
def test_a_run_together_alien_name_is_sure_only_when_a_second_reading_spaced_it(spaced: str, sure: bool) -> None:
    """Capture check, docgen alien 2200 under warm light: RapidOCR read IVANOVSERGEI and Tesseract
    "IVANOV SERGE". The run-together name came back at 0.98, not sent to review, because a second
    reading existed, though its letters were not RapidOCR's and it was never used."""
    name = _line(300, 260, latin="IVANOVSERGEI", w=360)
    name.latin_spaced = spaced
    lines = [_line(300, 180, latin="841127-6495619", w=330), name, _line(300, 420, latin="THAILAND", w=200)]

    draft = {d.key: d for d in extract_alien(lines, (1280, 807))}["name"]

    assert draft.value == ("IVANOV SERGEI" if sure else "IVANOVSERGEI")
    assert (draft.confidence > 0.5) is sure


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("때|미래솔루션-", "미래솔루션-"),  # holdout individual 7400: the cell's left rule, read as 때|
        ("| 도매업", "도매업"),
        ("서울특별시 강남구 | 101동", "서울특별시 강남구 101동"),  # a bar inside a value is only a space
        ("가", "가"),
    ],
)
def test_a_table_rule_and_the_letter_read_for_its_edge_start_no_value(read: str, expected: str) -> None:
    from ocr_integration.local.extraction import clean_text

    assert clean_text(read) == expected


@pytest.mark.parametrize(
    ("subtype", "number", "label", "read", "expected", "confidence_at_most"),
    [
        ("individual", "396-50-55532", "상호", "때|미래솔루션-", "미래솔루션", 1.0),
        # Holdout corporate 8700 (degraded): a speck read as "!" before "(주)", whose bracket was
        # read into the syllable ("(쥐"); a syllable of the form was guessed, so it goes to review.
        ("corporate", "396-81-55538", "법인명(단체명)", "! (쥐가온물산", "(주)가온물산", 0.7),
    ],
)
def test_a_mark_before_or_after_a_company_name_is_not_part_of_it(
    subtype: str, number: str, label: str, read: str, expected: str, confidence_at_most: float
) -> None:
    lines = [
        _cell(515, 150, f"등록번호 : {number}", latin=number, w=294),
        _cell(332, 211, read, w=105),
        _cell(179, 214, label, w=42),
    ]
    fields = {d.key: d for d in extract_business(lines, (1240, 1754), subtype)}
    assert fields["company_name"].value == expected
    assert fields["company_name"].confidence <= confidence_at_most


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # A fax-like copy: every '<' read as RapidOCR's 'Λ'-like A.
        ("PSKORKIMAAJINONAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "PSKORKIM<<JINON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"),
        ("PMKORLEEKKSEOYEONKKKKKKKKKKKKKKKKKKKKKKKKKKK", "PMKORLEE<<SEOYEON<<<<<<<<<<<<<<<<<<<<<<<<<<<"),
        # A reading that has its filler, or no long run at its end, is left alone.
        ("PSKORKIM<<JINON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "PSKORKIM<<JINON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"),
        ("PMKORKIMAAJINON", "PMKORKIMAAJINON"),
    ],
)
def test_a_filler_read_as_one_letter_throughout_line_1_is_filler_again(read: str, expected: str) -> None:
    from ocr_integration.local.passport import _filler_read_as_letter

    assert _filler_read_as_letter(read) == expected


@pytest.mark.slow
def test_a_passport_on_a_black_and_white_fax_copy_keeps_its_names() -> None:
    # Holdout passport 2 copied as a fax would: half resolution, thresholded to black and white.
    # RapidOCR read MRZ line 1 as "PMKORKIMAAJIJUNAAAA...": no name could be split off it.
    import cv2

    from ocr_integration.local.imaging import load_input
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen.holdout import generate_holdout

    doc = generate_holdout("id_card", "passport", 2)
    grey = cv2.cvtColor(load_input(doc.data).bgr, cv2.COLOR_BGR2GRAY)
    half = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    copy = cv2.adaptiveThreshold(half, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, 15)
    data = cv2.imencode(".jpg", copy, [cv2.IMWRITE_JPEG_QUALITY, 60])[1].tobytes()

    result = LocalOcrProvider().analyze("id_card", data, filename="copy.jpg")

    assert result.value("surname") == doc.truth["surname"] == "KIM"
    assert result.value("given_names") == doc.truth["given_names"]
    assert result.value("mrz_line1") == doc.truth["mrz_line1"]


def test_a_card_tilted_with_only_short_boxes_is_straightened() -> None:
    from ocr_integration.local.reading import _skew_angle

    def box(x: float, y: float, w: float, h: float, degrees: float) -> np.ndarray:
        a = np.radians(degrees)
        along, down = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
        p = np.array([x, y], np.float64)
        return np.array([p, p + w * along, p + w * along + h * down, p + h * down], np.float32)

    # Docgen credit card 9708 (degraded): tilted by about 11°, its number four boxes 2.4-2.9
    # times as long as tall, and only the name's box over three times.
    boxes = [box(265, 500, 133, 54, -11.5), box(437, 465, 127, 50, -10.6), box(598, 430, 130, 49, -10.2)]
    boxes += [box(759, 400, 127, 51, -11.4), box(287, 610, 213, 35, -11.6), box(440, 540, 44, 22, -6.2)]
    assert _skew_angle(boxes) == pytest.approx(-11.4, abs=0.5)
    # Boxes not twice as long as tall say nothing.
    assert _skew_angle([box(100, 100 * k, 60, 50, 8.0) for k in range(1, 6)]) == 0.0


def test_a_letter_glued_before_a_dotted_date_is_no_digit_of_it() -> None:
    from ocr_integration.local.extraction import DATE_DOT_RE, find_all

    # Holdout alien 9708 (degraded): "D2019.10.26", the D of "Issue Date" left on the date's box;
    # the digit fixes read the D as 0, and "02019" was no year.
    (m,) = find_all([_line(981, 740, latin="D2019.10.26", score=0.93)], DATE_DOT_RE)
    assert m.match.groups() == ("2019", "10", "26")
    assert not find_all([_line(981, 740, latin="12019.10.26")], DATE_DOT_RE)


def test_tesseract_words_keep_their_reading_order_when_their_boxes_overlap() -> None:
    # Holdout corporate 9911: the box of "컴퍼니" began a pixel left of the box of "온" before it;
    # sorted by their left edges the words read "(주)가컴퍼니온".
    prepared = [np.full((40, 200), 255, np.uint8)]
    rows = [
        "5\t1\t1\t1\t1\t1\t28\t30\t20\t26\t93\t(주)가",
        "5\t1\t1\t1\t1\t2\t99\t30\t23\t26\t89\t온",
        "5\t1\t1\t1\t1\t3\t98\t34\t78\t24\t84\t컴퍼니",
        # Tesseract's next line in the same crop, read from the left half: put before it.
        "5\t1\t1\t1\t2\t1\t10\t40\t15\t20\t90\t1",
    ]
    (line,) = engines._parse_tsv("\n".join(rows), [(28, 68)], 28, prepared)
    assert line.text.replace(" ", "") == "1(주)가온컴퍼니"


def test_the_issue_date_is_the_lowest_printed_date_not_a_guess_below_it() -> None:
    # Holdout corporate 9922, clean: the footer "(hometax.go.kr)에서 발급 사실을…" below the
    # issue date read "2001068×.80.", which holds 2001-06-08 if 년/월/일 were read as digits.
    lines = [
        _line(60, 200, hangul="상호", w=150),
        _line(260, 200, hangul="가온상사", w=300),
        _line(300, 1000, latin="201802号0/", score=0.93, hangul="2018년 02월 07일", w=300),
        _line(200, 1100, hangul="2001068×.80.에서 발급 사실을확인할수있습니다.", w=500),
    ]
    drafts = {d.key: d.value for d in extract_business(lines, (800, 1200), "corporate")}
    assert drafts["issue_date"] == "2018-02-07"


def _card_face(ground: tuple[int, int, int], ink: tuple[int, int, int]) -> np.ndarray:
    """An ID-1 card face, 856 x 540: a photo as dark as its print, and lines of print."""
    face = np.full((540, 856, 3), ground, np.uint8)
    face[60:420, 40:280] = ink  # the photo: a fifth of the card, shaped like a card (1.5)
    for y in range(80, 480, 60):
        face[y : y + 24, 340 : 340 + 300 + (y % 180)] = ink
    return face


def test_a_dark_card_on_a_backdrop_of_a_close_colour_is_found_and_a_card_filling_the_frame_is_not() -> None:
    # Holdout credit cards 9900, 9902, 9905 and 9906, degraded: a purple card on purple cloth,
    # which ``find_document_quad`` finds no closed edge of.
    rng = np.random.default_rng(0)
    frame = np.clip(rng.normal((120, 40, 110), 6, (1200, 1600, 3)), 0, 255).astype(np.uint8)
    face = _card_face((95, 35, 60), (200, 200, 210))
    corners = np.array([[420, 330], [1180, 250], [1230, 730], [470, 810]], np.float32)
    warp = cv2.getPerspectiveTransform(np.array([[0, 0], [855, 0], [855, 539], [0, 539]], np.float32), corners)
    card = cv2.warpPerspective(face, warp, (1600, 1200))
    inside = cv2.warpPerspective(np.full((540, 856), 255, np.uint8), warp, (1600, 1200)) > 0
    frame[inside] = card[inside]
    frame = cv2.GaussianBlur(frame, (9, 9), 0)
    quad = imaging.find_card_on_backdrop(frame)
    assert quad is not None
    assert np.abs(quad - corners).max() < 0.03 * 1600
    # A light card filling the frame: its largest region of another colour than its border is
    # its photo, card-shaped and a fifth of the frame, among the print of the rest.
    assert imaging.find_card_on_backdrop(_card_face((225, 230, 235), (70, 60, 60))) is None
    # An outline whose opposite sides differ by more than a quarter took in more than the card
    # (docgen resident 9700, degraded: glare beside a light card on a light wall).
    # (A failure-hunting seed, not a reported one: its region fills its bounding rectangle and is
    # card-shaped, but the outline's left and right sides differ by a third.)
    from tests.docgen import generate

    doc = generate("id_card", "resident", 9700, degraded=True)
    assert imaging.find_card_on_backdrop(imaging.load_input(doc.data).bgr) is None


def _page_with_a_table(*, border: bool) -> np.ndarray:
    """A certificate-like page: a heading and a number above a ruled table, a date and an office
    below it; ``border``: a printed frame around all of it, near the paper's edge."""
    page = np.full((2000, 1400, 3), 250, np.uint8)
    cv2.rectangle(page, (150, 500), (1250, 1300), (30, 30, 30), 4)  # the table
    for y in range(600, 1300, 100):
        cv2.line(page, (150, y), (1250, y), (30, 30, 30), 2)
        page[y - 60 : y - 35, 200 : 200 + 500 + (y % 300)] = 40  # its rows' print
    for y, x0, x1 in ((200, 450, 950), (330, 400, 1000), (1550, 500, 900), (1700, 450, 950), (1850, 150, 1250)):
        page[y : y + 40, x0:x1] = 40  # the print outside the table
    if border:
        cv2.rectangle(page, (50, 50), (1350, 1950), (30, 30, 30), 5)
    return page


def test_a_page_filling_the_frame_is_not_cut_to_the_table_printed_on_it() -> None:
    # A certificate photographed with its edges outside the frame (holdout individual 2000 with
    # 3-4% cut off every side): its largest closed outline was its table, and rectified to that,
    # the heading and the registration number above it were cut off and never read.
    page = _page_with_a_table(border=False)
    assert imaging.find_document_quad(page) is not None  # the table's outline
    work = imaging.rectify(imaging.InputImage(page, "pixel", 1.0, 1400, 2000), target_long=1800)
    assert not work.rectified and work.bgr.shape[:2] == (1800, 1260)
    # A printed frame that holds all the print is kept, as before: nothing is cut off.
    framed = _page_with_a_table(border=True)
    work = imaging.rectify(imaging.InputImage(framed, "pixel", 1.0, 1400, 2000), target_long=1800)
    assert work.rectified
    # The same page photographed on a backdrop is rectified to the page's edge.
    rng = np.random.default_rng(1)
    frame = np.clip(rng.normal((60, 90, 140), 8, (2600, 2000, 3)), 0, 255).astype(np.uint8)
    corners = np.array([[330, 260], [1700, 330], [1660, 2330], [280, 2280]], np.float32)
    warp = cv2.getPerspectiveTransform(np.array([[0, 0], [1399, 0], [1399, 1999], [0, 1999]], np.float32), corners)
    shot = cv2.warpPerspective(page, warp, (2000, 2600))
    inside = cv2.warpPerspective(np.full((2000, 1400), 255, np.uint8), warp, (2000, 2600)) > 0
    frame[inside] = shot[inside]
    quad = imaging.find_document_quad(frame)
    assert quad is not None and np.abs(quad - corners).max() < 0.02 * 2600
    assert imaging.rectify(imaging.InputImage(frame, "pixel", 1.0, 2000, 2600), target_long=1800).rectified


@pytest.mark.slow
def test_a_certificate_with_its_edges_out_of_the_frame_keeps_its_registration_number() -> None:
    from ocr_integration.local.provider import LocalOcrProvider
    from tests.docgen.holdout import render_holdout

    page, truth, _ = render_holdout("business_registration", "individual", 2000)
    w, h = page.im.size
    buf = io.BytesIO()
    page.im.convert("RGB").crop((int(0.03 * w), int(0.04 * h), int(0.97 * w), int(0.96 * h))).save(buf, "JPEG")

    result = LocalOcrProvider().analyze("business_registration", buf.getvalue(), filename="photo.jpg")

    assert result.value("business_number") == truth["business_number"]


def test_an_address_continues_on_the_rows_that_follow_it_where_it_starts_and_no_further() -> None:
    # Holdout individual 9906, degraded: the labels of the rows below the address were not read,
    # and the 업태 and 종목 row, the issue date and the tax office ran into it.
    label = _line(60, 400, hangul="사업장 소재지", w=150)
    value = _line(260, 400, hangul="강원특별자치도 춘천시 중앙대로 148", w=400)
    wrapped = _line(262, 440, hangul="12층 (효자동, 자이)", w=200)
    other_row = [_line(200, 480, hangul="음식점업", w=120), _line(600, 480, hangul="커피전문점", w=150)]
    foot = [_line(300, 1000, latin="2024-07-25", w=200), _line(280, 1100, hangul="동대구세무서장", w=200)]
    drafts = {
        d.key: d.value for d in extract_business([label, value, wrapped, *other_row, *foot], (800, 1200), "individual")
    }
    assert drafts["business_address"] == "강원특별자치도 춘천시 중앙대로 148 12층 (효자동, 자이)"
    # A value box holding a colon before the value: its next line starts right of the box (docgen
    # individual 9905).
    colon = _line(287, 400, hangul=": 인천광역시 연수구 테헤란길36번길 430 126동", w=500)
    unit = _line(337, 440, hangul="1206호 (신림동, 아이파크)", w=250)
    drafts = {d.key: d.value for d in extract_business([label, colon, unit], (800, 1200), "individual")}
    assert drafts["business_address"] == "인천광역시 연수구 테헤란길36번길 430 126동 1206호 (신림동, 아이파크)"
    # A row far below the value is no part of it, even where it starts.
    far = _line(262, 560, hangul="도소매", w=100)
    drafts = {d.key: d.value for d in extract_business([label, value, far], (800, 1200), "individual")}
    assert drafts["business_address"] == "강원특별자치도 춘천시 중앙대로 148"


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # A second district after a district, unknown in its city: print misread (holdout driver 9901).
        ("대전광역시 유성구 푸녕구 푸른솔로 286 1층", "대전광역시 유성구 푸른솔로 286 1층"),
        ("경기도 성남시 분당구 푸른솔길 343", "경기도 성남시 분당구 푸른솔길 343"),  # a city's district stays
        # A unit number split in two after its block (holdout driver 9908).
        (
            "경기도 성남시분당구 푸른솔길 343 116동 160 7호 (우동, 자이)",
            "경기도 성남시 분당구 푸른솔길 343 116동 1607호 (우동, 자이)",
        ),
        ("부산광역시 해운대구 벚꽃로 131 102동 1203호", "부산광역시 해운대구 벚꽃로 131 102동 1203호"),
        # 벚꽃 read 벗꽂 or 빛꽂 (holdout certificate 9908, resident 9909); 한빛로 stays.
        ("대구광역시 북구 벗꽂로 434 7층", "대구광역시 북구 벚꽃로 434 7층"),
        ("광주광역시 광산구 빛꽂대로23번길 403", "광주광역시 광산구 벚꽃대로23번길 403"),
        ("부산광역시 동래구 한빛길 389", "부산광역시 동래구 한빛길 389"),
    ],
)
def test_a_misread_district_or_a_split_unit_number_is_mended(read: str, expected: str) -> None:
    assert normalise_address(read) == expected


def test_print_under_the_specimen_stamp_is_read_on_a_sheet_of_its_own() -> None:
    # Docgen driver 9700, degraded: the detector boxed the name 구재재 with the stamp over it, and
    # RapidOCR read the box as "ECIMEN".
    img = Image.new("RGB", (400, 200), (245, 245, 245))
    d = ImageDraw.Draw(img)
    d.text((40, 30), "구재재", font=ImageFont.truetype(NANUM, 36), fill=(25, 25, 25))
    d.text((30, 40), "SPECIMEN", font=ImageFont.truetype(NANUM, 40), fill=(235, 170, 170))
    name = TextLine(np.array([[30, 25], [260, 25], [260, 85], [30, 85]], np.float32), "ECIMEN", 0.95)
    # A box over the stamp alone reads as nothing Tesseract is sure of, and stays unread.
    bare = TextLine(np.array([[30, 120], [260, 120], [260, 180], [30, 180]], np.float32), "SPECIMEN", 0.95)
    d.text((30, 125), "SPECIMEN", font=ImageFont.truetype(NANUM, 40), fill=(235, 170, 170))
    # The red stamp is suppressed before any reading (reading.suppress_red), as read_lines does.
    work = reading.suppress_red(imaging.WorkingImage(np.asarray(img)[:, :, ::-1].copy(), np.eye(3), False))
    reading._read_under_stamps(work, [name, bare])
    assert name.hangul[:2] == "구재" and len(name.hangul) == 3  # 재 or its look-alike 제 last
    assert bare.hangul == ""
    # Print another box holds was read there already: the stamp box over the end of the issuer
    # read "1시경찰청장" beside "부산광역시경찰청장" (docgen driver 9904, degraded).
    name.hangul = ""
    holder = TextLine(
        np.array([[0, 20], [400, 20], [400, 90], [0, 90]], np.float32), "", 0.0, hangul="성명 구재재구재제"
    )
    reading._read_under_stamps(work, [name, holder])
    assert name.hangul == ""


@pytest.mark.parametrize(
    ("line1", "viz_given", "given", "rebuilt"),
    [
        # Docgen passport 9900, degraded: line 1 read without its fillers, names split by the visual zone.
        ("PMKORKIMWONWON", "WONWON", "WONWON", "PMKORKIM<<WONWON"),
        # Docgen passport 9902: a narrow letter lost too, which the visual zone restores.
        ("PMKORKIMYOUNGEONG", "YOUNGJEONG", "YOUNGJEONG", "PMKORKIM<<YOUNGJEONG"),
    ],
)
def test_a_line_1_read_without_its_fillers_still_gives_the_names(
    line1: str, viz_given: str, given: str, rebuilt: str
) -> None:
    lines = [
        _line(400, 195, latin="S/Surname", w=120),
        _line(400, 225, latin="KIM", w=60),
        _line(400, 265, latin="Given names", w=150),
        _line(400, 295, latin=viz_given, w=150),
        _line(50, 750, latin=line1, score=0.84, w=500),
        _line(50, 800, latin="S329971311KOR8211262F31041382684088<<<<<<<26", w=900),
    ]
    drafts = {d.key: d for d in extract_passport(lines, (1280, 900))}
    assert drafts["surname"].value == "KIM"
    assert drafts["given_names"].value == given
    assert drafts["mrz_line1"].value == rebuilt.ljust(44, "<")
    # Another row above line 2 that is no line 1 ("PASSPORT" is too short, a label is no name).
    lines[4] = _line(50, 750, latin="PASSPORT", w=500)
    assert "surname" not in {d.key for d in extract_passport(lines, (1280, 900))}


def _line_on_a_shaded_ground(dark: int, noise: float) -> np.ndarray:
    """An address line on paper lit from one side: from ``dark`` grey at the left to near white,
    with ``noise``."""
    w, h = 520, 48
    ramp = np.linspace(dark, 235, w)[None, :].repeat(h, 0)
    ground = np.clip(ramp + np.random.default_rng(0).normal(0, noise, (h, w)), 0, 255).astype(np.uint8)
    img = Image.fromarray(ground).convert("RGB")
    ImageDraw.Draw(img).text(
        (12, 12), "경상남도 김해시 평화로 137", font=ImageFont.truetype(NANUM, 24), fill=(40, 40, 40)
    )
    return np.asarray(img)[:, :, ::-1].copy()


@pytest.mark.parametrize(("dark", "noise"), [(90, 0), (130, 12), (150, 12)])
def test_print_on_the_dim_end_of_unevenly_lit_paper_is_read(dark: int, noise: float) -> None:
    # Holdout driver 10007, degraded: the dim end of the address line was darker than Otsu's
    # threshold after the stretch, went as a table rule with its print, and "경상남도 김" was lost.
    (read,) = engines.read_lines_tesseract([_line_on_a_shaded_ground(dark, noise)], pad=reading.PAD)
    assert read.text == "경상남도 김해시 평화로 137"


def test_a_line_bridged_to_the_specimen_stamp_is_still_detected() -> None:
    # Holdout credit card 10001, degraded: the translucent stamp starts where the card number
    # ends, the detector's region for the number ran on into the stamp's, and the whole region
    # was dropped; the card number was not found.
    from tests.docgen.holdout import generate_holdout

    doc = generate_holdout("credit_card", None, 10001, degraded=True)
    inp = imaging.load_input(doc.data)
    work = imaging.rectify(inp, target_long=1280, card=True)
    work, lines = reading.read_lines(work, whole_stamps=True)
    assert any(doc.truth["card_number"] in ln.latin.replace(" ", "") for ln in lines)
    # The lost box comes from the tighter pass; boxes found by the first one are not doubled.
    found = [np.array([[0, 0], [100, 0], [100, 20], [0, 20]], np.float32)]
    slanted = np.array([[0, 100], [100, 60], [104, 70], [4, 110]], np.float32)
    split = [found[0] + np.float32(2), found[0] + np.float32([0, 50]), slanted]
    assert [b.tolist() for b in engines._lost_lines(found, split)] == [split[1].tolist()]


@pytest.mark.parametrize(
    ("latin", "needs"),
    [
        ("108 2507(,", True),  # "108동 2507호 (정자동," (docgen resident 10003, clean)
        ("1071608 (,)", True),  # "107동 1608호 (신림동, 한신)"
        ("KIM GYUJI", False),
        ("MINISTRY OF FOREIGN AFFAIRS (SEOUL)", False),
    ],
)
def test_brackets_round_nothing_or_left_open_held_hangul(latin: str, needs: bool) -> None:
    assert _needs_hangul(latin, 0.99, 10.0) is needs


@pytest.mark.parametrize(
    ("latin", "aspect", "needs"),
    [
        ("2023050", 4.8, True),  # "2023년 05월 07일" (holdout corporate 10022, degraded)
        ("2034567", 4.0, False),  # the second half of a resident number in a box of its own
        ("2014 725", 6.1, True),  # "2014년 7월 25일" with its units dropped (holdout resident 10700)
        ("2014 7255", 6.1, False),  # a card number's groups
        ("2014 725", 4.0, False),  # digits that fill their box
    ],
)
def test_a_year_with_too_few_digits_for_a_date_in_a_wide_box_held_hangul(
    latin: str, aspect: float, needs: bool
) -> None:
    assert _needs_hangul(latin, 0.99, aspect) is needs


def test_a_date_both_korean_models_print_outvotes_rapidocr_printing_another() -> None:
    from ocr_integration.local.business import _date_of

    # Holdout individual 10216 (degraded): the serif 7 of "2009. 03. 27." read as 1 by RapidOCR at
    # 0.96, as 7 by both Tesseract models.
    ln = _line(300, 400, latin="2009.03.21", score=0.96, hangul="2009. 03. 27.")
    ln.hangul_second = "2009. 03. 27."
    found = _date_of([ln])
    assert found is not None and found[0] == "2009-03-27" and found[2] < 0.9  # RapidOCR read others: review
    # One Korean model agreeing with RapidOCR settles it (holdout individual 1025: "2077.07. 01.").
    ln.latin, ln.latin_score, ln.hangul, ln.hangul_second = "2017.07.01.", 1.0, "2077.07. 01.", "2017.07. 01."
    found = _date_of([ln])
    assert found is not None and found[0] == "2017-07-01" and found[2] > 0.9
    # A date only RapidOCR printed, where a Korean model printed another, goes to review.
    ln.hangul, ln.hangul_second = "", "2017.07. 07."
    found = _date_of([ln])
    assert found is not None and found[0] == "2017-07-01" and found[2] < 0.6


def test_a_date_only_rapidocr_read_on_a_page_is_read_by_both_korean_models_too() -> None:
    img = Image.new("RGB", (420, 80), (250, 250, 250))
    ImageDraw.Draw(img).text((20, 22), "2009. 03. 27.", font=ImageFont.truetype(NANUM, 30), fill=(25, 25, 25))
    work = imaging.WorkingImage(np.asarray(img)[:, :, ::-1].copy(), np.eye(3), False)
    quad = np.array([[16, 18], [236, 18], [236, 58], [16, 58]], np.float32)
    date = TextLine(quad.copy(), "2009.03.21", 0.96)  # RapidOCR's misreading
    label = TextLine(quad.copy(), "2009.03.27", 0.96)  # a line Tesseract read already
    reading._read_dates_twice(work, [date, label], {1})
    assert "27" in date.hangul and "2009" in date.hangul_second
    assert label.hangul == ""


def test_long_lines_kept_only_when_scored_over_their_outline_are_taken_back() -> None:
    """A bent MRZ line's rectangle is two-thirds empty and fails the detector's mean score; scored
    over its outline it passes. Only such long lines, where no kept box lies, are taken back."""

    def box(x: float, y: float, w: float, h: float) -> np.ndarray:
        return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)

    found = [box(0, 0, 300, 30)]
    bent_mrz, short, kept_again = box(20, 700, 1100, 50), box(20, 400, 200, 50), box(10, 2, 280, 26)

    assert [b.tolist() for b in engines._bent_lines(found, [bent_mrz, short, kept_again])] == [bent_mrz.tolist()]
