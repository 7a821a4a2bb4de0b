"""Value repair the engine applies after reading: Korean spacing, MRZ check-digit repair."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_integration.checksums import mrz_td3_line2_errors
from ocr_integration.local.confidence import calibrate, curve_of
from ocr_integration.local.engines import blank_runs
from ocr_integration.local.korean import (
    normalise_address,
    normalise_local_office,
    parsed_road_address,
    settled_address,
)
from ocr_integration.local.passport import repair_line2

NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
NANUM_BOLD = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"

ICAO_LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("서울 특별시 종로구중앙대로15번길 209", "서울특별시 종로구 중앙대로15번길 209"),
        (
            "전라남도 여수시 청계대로416 125동105호(역삼동,푸르지오)",
            "전라남도 여수시 청계대로 416 125동 105호 (역삼동, 푸르지오)",
        ),
        ("경기도 성남시분당구 동백로59 번길 477", "경기도 성남시 분당구 동백로59번길 477"),
        ("대전광역시 유성구 세종길93번길 477", "대전광역시 유성구 세종길93번길 477"),
        ("서울특별시 구로구 테헤란로 12 (신림동, 힐 스테이트)", "서울특별시 구로구 테헤란로 12 (신림동, 힐스테이트)"),
        ("경기도 화성시 올림픽 길 188 101동 601호", "경기도 화성시 올림픽길 188 101동 601호"),
        ("강원특별자치도 강릉시 경포로 283 7충", "강원특별자치도 강릉시 경포로 283 7층"),
        ("충청북도 충주시 가 람로42번길 418", "충청북도 충주시 가람로42번길 418"),  # docgen driver 10704
        ("서울특별시 중구 세종 대로 110", "서울특별시 중구 세종대로 110"),
    ],
)
def test_address_spacing_follows_the_road_address_standard(read: str, expected: str) -> None:
    assert normalise_address(read) == expected


def test_address_without_a_known_province_keeps_its_words() -> None:
    assert normalise_address("Somewhere  far 12") == "Somewhere far 12"


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("서울 특별시종로구청장", "서울특별시 종로구청장"),
        ("경기도 성남시분당구청장", "경기도 성남시 분당구청장"),
        ("경기도수원시장", "경기도 수원시장"),
        ("제주특별자치도 지사", "제주특별자치도지사"),
        # The office's district misread by a letter is put back from the province's list.
        ("경기도 성남시분당쿠청장", "경기도 성남시 분당구청장"),
        ("대구광역시 달써구청장", "대구광역시 달서구청장"),
        ("대구광역시 달성군수", "대구광역시 달성군수"),
        ("경기도 시흥시장", "경기도 시흥시장"),
        ("서울 특별시종로구정장", "서울특별시 종로구청장"),  # 청 read as 정 (docgen resident 10009)
    ],
)
def test_local_office_spacing(read: str, expected: str) -> None:
    assert normalise_local_office(read) == expected


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # Holdout 4006/4010 and docgen 5002/5003: a letter of the city or district misread.
        ("대구광역시 달써구 새마을대로 93", "대구광역시 달서구 새마을대로 93"),
        ("충청북도 정주시 흥덕구 벚꽃대로 409", "충청북도 청주시 흥덕구 벚꽃대로 409"),
        ("인천광역시 쑤평구 매화로 116", "인천광역시 부평구 매화로 116"),
        ("대구광역시 북 구 해맞이길 137", "대구광역시 북구 해맞이길 137"),
        # Docgen resident 5107: the suffix misread ("충주서"), which the district pattern misses.
        ("충청북도 충주서 동백로 336 3층", "충청북도 충주시 동백로 336 3층"),
        ("경기도 성남서 분당구 가람로 324", "경기도 성남시 분당구 가람로 324"),
        # Docgen driver 5104: a space read inside a unit number.
        (
            "경기도 수원시 영통구 세종길 6 114동 21 08호 (역삼동, 한신)",
            "경기도 수원시 영통구 세종길 6 114동 2108호 (역삼동, 한신)",
        ),
        # A road name right after the province is not taken for a district.
        ("세종특별자치시 한누리대로 2130", "세종특별자치시 한누리대로 2130"),
        # Two names of the province equally close ("둥구": 동구 or 중구 in Daejeon): left as read.
        ("대전광역시 둥구 대전로 1", "대전광역시 둥구 대전로 1"),
        # A name of another province is not "repaired" into this one's.
        ("광주광역시 광산구 첨단로 1", "광주광역시 광산구 첨단로 1"),
    ],
)
def test_a_misread_city_or_district_is_put_back_from_the_province_list(read: str, expected: str) -> None:
    assert normalise_address(read) == expected


def test_every_province_lists_only_cities_counties_and_districts() -> None:
    from ocr_integration.local.districts import DISTRICTS
    from ocr_integration.local.korean import PROVINCES

    assert set(DISTRICTS) == set(PROVINCES) - {"세종특별자치시"}  # Sejong has no districts
    assert all(name[-1] in "시군구" and len(name) >= 2 for names in DISTRICTS.values() for name in names)


def test_mrz_line2_digits_misread_as_letters_are_repaired_by_check_digits() -> None:
    misread = ICAO_LINE2.replace("7408122", "74O8I22")

    repaired, errors = repair_line2(misread)

    assert repaired == ICAO_LINE2
    assert errors == []


def test_mrz_line2_with_one_filler_too_many_is_realigned() -> None:
    read = ICAO_LINE2.replace("<<<<<10", "<<<<<<10")

    repaired, errors = repair_line2(read)

    assert repaired == ICAO_LINE2 and not errors


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        # Holdout passports 7302 and 7303 (clean): the closing digits slid behind a filler, or a
        # speck was read after them.
        (
            "M886631109KOR7607176M2706074<<<<<<<<<<<<<<0<",
            "M886631109KOR7607176M2706074<<<<<<<<<<<<<<<0",
        ),
        (
            "S057R56813KOR8104269M3503225<<<<<<<<<<<<<<8Y",
            "S057R56813KOR8104269M3503225<<<<<<<<<<<<<<<8",
        ),
    ],
)
def test_mrz_line2_check_digits_after_an_empty_optional_field_are_right_aligned(read: str, expected: str) -> None:
    assert repair_line2(read) == (expected, [])


def test_mrz_line2_without_a_composite_digit_read_is_not_completed() -> None:
    read = "M886631109KOR7607176M2706074<<<<<<<<<<<<<<<<"

    repaired, errors = repair_line2(read)

    assert repaired == read and errors == ["composite"]


def test_mrz_line2_with_a_wrong_birth_date_keeps_failing_its_check() -> None:
    read = ICAO_LINE2.replace("7408122", "7408132")

    repaired, errors = repair_line2(read)

    assert "birth_date" in errors
    assert mrz_td3_line2_errors(repaired)


def test_space_detection_separates_word_gaps_from_letter_gaps() -> None:
    line = np.full((40, 400), 255, np.uint8)
    # Three "words" of two "syllables" each: 4 px between syllables, 16 px between words.
    x = 10
    for _ in range(3):
        for _ in range(2):
            line[8:32, x : x + 24] = 0
            x += 28
        x += 12
    spaces = blank_runs(line)

    assert len(spaces) == 2
    assert all(b - a >= 12 for a, b in spaces)


def test_one_spurious_card_digit_is_removed_when_exactly_one_deletion_passes_luhn() -> None:
    from ocr_integration.local.cards import _drop_extra_digit

    assert _drop_extra_digit(["6243", "39749", "1589", "8167"]) == "6243974915898167"
    assert _drop_extra_digit(["6243", "9749", "1589", "8167"]) is None


@pytest.mark.parametrize(
    ("text", "stamp"), [("PECIMEN", True), ("OIMEN", True), ("SIMON", False), ("KIM MINSU", False)]
)
def test_watermark_fragments_are_recognised(text: str, stamp: bool) -> None:
    from ocr_integration.local.idcards import _is_watermark

    assert _is_watermark(text) is stamp


@pytest.mark.parametrize("page", [(40, 40, 40), (245, 245, 245)])
def test_red_stamp_fades_into_the_page_on_dark_cards_and_light_paper(page: tuple[int, int, int]) -> None:
    from ocr_integration.local.imaging import WorkingImage
    from ocr_integration.local.reading import suppress_red

    img = np.zeros((40, 40, 3), np.uint8)
    img[:] = page
    dark = page[0] < 128
    # A semi-transparent red stamp: dark red on the dark card, pink on the paper (BGR).
    img[10:30, 10:30] = (45, 45, 120) if dark else (170, 170, 245)
    out = suppress_red(WorkingImage(img, np.eye(3), False)).bgr
    stamp = int(out[20, 20, 0])
    assert abs(stamp - page[0]) < 80, "the stamp must not become a mid-grey stroke"
    assert (out[0, 0] == img[0, 0]).all()


@pytest.mark.parametrize("whole", [False, True])
def test_on_a_red_card_red_is_the_page_and_nothing_is_faded(whole: bool) -> None:
    """Docgen credit card 8103: on a dark red card the whole card was faded to grey, the lighter
    red SPECIMEN stamp with it, and the stamp merged with the expiry ("08/3ECIMEN")."""
    from ocr_integration.local.imaging import WorkingImage
    from ocr_integration.local.reading import suppress_red

    img = np.zeros((60, 200, 3), np.uint8)
    img[:] = (60, 40, 110)  # BGR: the card
    img[20:40, 20:180] = 235  # light print
    img[45:55, 60:120] = (110, 90, 190)  # a lighter red stamp
    out = suppress_red(WorkingImage(img, np.eye(3), False), whole=whole).bgr
    assert np.array_equal(out, img)


def test_a_translucent_stamp_leaves_no_outline_on_tinted_paper_and_the_print_under_it_stays() -> None:
    """Docgen credit card 8106: a pale pink SPECIMEN drawn over the last number group on
    blue-grey paper. Its anti-aliased edges stayed as outline letters that the detector merged
    with the digits ("6471P179MEN")."""
    from PIL import Image, ImageDraw, ImageFont

    from ocr_integration.local.imaging import WorkingImage
    from ocr_integration.local.reading import suppress_red

    paper = (205, 212, 222)  # RGB, bluish
    base = Image.new("RGB", (420, 120), paper)
    ImageDraw.Draw(base).text((20, 30), "6471 1791", font=ImageFont.truetype(NANUM_BOLD, 56), fill=(25, 25, 30))
    stamp = Image.new("RGBA", base.size, (0, 0, 0, 0))
    ImageDraw.Draw(stamp).text((150, 25), "SPECIMEN", font=ImageFont.truetype(NANUM, 60), fill=(225, 60, 80, 90))
    img = np.asarray(Image.alpha_composite(base.convert("RGBA"), stamp).convert("RGB"))[:, :, ::-1].copy()
    print_only = np.asarray(base)[:, :, ::-1]
    out = suppress_red(WorkingImage(img, np.eye(3), False), whole=True).bgr.astype(int)
    bare = (np.abs(print_only.astype(int) - np.array(paper[::-1])).max(axis=2) < 8) & (img != print_only).any(axis=2)
    assert bare.sum() > 500
    assert np.abs(out[bare] - np.array(paper[::-1])).max(axis=1).mean() < 6, "the stamp still shows"
    under = (print_only.max(axis=2) < 60) & (img != print_only).any(axis=2)
    assert under.sum() > 50 and out[under].max(axis=1).mean() < 110, "the digits under the stamp must stay dark"


def test_one_syllable_words_in_a_company_name_are_joined_to_the_next_word() -> None:
    from ocr_integration.local.business import join_single_syllables

    assert join_single_syllables("가 온건설") == "가온건설"
    assert join_single_syllables("하 람 스튜디오") == "하람스튜디오"
    assert join_single_syllables("주식회사 한빛") == "주식회사 한빛"
    assert join_single_syllables("(주) 가온") == "(주) 가온"


def test_a_label_with_one_misread_syllable_is_accepted_only_where_labels_stand() -> None:
    from ocr_integration.local.business import _label_of, _near_label
    from ocr_integration.local.reading import TextLine

    def line(x: float, y: float, hangul: str) -> TextLine:
        quad = np.array([[x, y], [x + 80, y], [x + 80, y + 30], [x, y + 30]], np.float32)
        return TextLine(quad, "", 0.0, hangul=hangul, hangul_conf=0.9, hangul_min_conf=0.9)

    found = [lab for lab in (_label_of(line(30, 100, "상호")),) if lab]
    near = _near_label(line(32, 160, "정명"), found)
    assert near is not None and near.key == "representative_name"
    assert _near_label(line(400, 160, "정명"), found) is None  # a value, right of the labels
    assert _near_label(line(32, 220, "상회"), found) is None  # 상호 is already found
    # Blur spreads misread letters over several syllables (holdout corporate 3004).
    near = _near_label(line(31, 280, "데께 자"), found)
    assert near is not None and near.key == "representative_name"
    near = _near_label(line(31, 340, "입티"), found)
    assert near is not None and near.key == "business_type"
    assert _near_label(line(31, 400, "도시나"), found) is None  # a name is no label
    # The Korean model lost a syllable, the second reader kept all three (holdout corporate 4010).
    two_readings = line(31, 460, "대가")
    assert _near_label(two_readings, found) is None
    two_readings.hangul_second = "때포가"
    near = _near_label(two_readings, found)
    assert near is not None and near.key == "representative_name"
    # A split row's second label, right of a row that starts in the label column (holdout
    # individual 1006: 생년월일 and 종목 with a syllable misread, beside a garbled 업태).
    row = [line(31, 520, "경대"), line(150, 520, "도매및소매업")]
    birth, item = line(400, 520, "생년월얼"), line(400, 520, "종폭")
    near = _near_label(birth, found, [*row, birth])
    assert near is not None and near.key == "representative_birth_date"
    near = _near_label(item, found, [*row, item])
    assert near is not None and near.key == "business_item"
    assert _near_label(birth, found, [birth]) is None  # no row beside it
    assert _near_label(line(400, 520, "정명"), found, [*row]) is None  # first labels only in the column


def test_spacing_doubts_count_gaps_close_to_the_space_width() -> None:
    from ocr_integration.local.engines import spacing_doubts

    words = [(0, 20, 30, "가", 0.9), (30, 50, 30, "나", 0.9), (70, 90, 30, "다", 0.9)]
    # A letter gap (4 px) and a clear space (20 px) against a 12 px space width: nothing in doubt.
    assert spacing_doubts(words, [(22, 26), (52, 72)], 12.0) == 0
    # A 12 px gap is as likely a space as not.
    assert spacing_doubts(words, [(20, 32), (52, 72)], 12.0) == 1


def test_the_rest_of_a_garbled_company_name_label_is_not_taken_for_the_name() -> None:
    from ocr_integration.local.business import _label_remnant

    assert _label_remnant("(제명)단")  # "법인명(단체명)" read as "법인명(제명)단" (holdout corporate 3000)
    assert _label_remnant("(단체명)")
    assert _label_remnant(")명")  # "법인명(단체명)" read as "법인(단체명)명" (holdout corporate 9502)
    assert not _label_remnant("김")  # not a syllable of the label
    assert not _label_remnant("(주)단명")
    assert not _label_remnant("온새미건설")
    assert not _label_remnant("(주)가온")


def test_an_address_ending_at_an_apartment_block_is_not_whole() -> None:
    # Docgen driver 7111 (degraded): the unit line was not read, and the address scored 0.97.
    assert parsed_road_address("경상남도 진주시 은행로 243 117동 1507호 (매탄동, 자이)")
    assert not parsed_road_address("경상남도 진주시 은행로 243 117동")
    assert parsed_road_address("서울특별시 노원구 올림픽길53번길 139 3층")


@pytest.mark.parametrize(
    "address",
    [
        "경상남도 진주시 새마을대로51번길 410 129동 605호 (매탄동, e편한세상)",
        "경기도 수원시 영통구 새마을대로44번길 284 9층",
        "서울특별시 강남구 테헤란로 123, 4층 (역삼동)",  # the standard form's comma
        "경기도 양평군 양평읍 중앙로 12",
        "세종특별자치시 한누리대로 2130",  # Sejong has no districts
        "제주특별자치도 서귀포시 매화길 128",
    ],
)
def test_a_road_address_in_standard_form_is_settled(address: str) -> None:
    assert settled_address(address)


@pytest.mark.parametrize(
    "address",
    [
        # A syllable torn from its road name (holdout corporate 12004, clean, both models alike).
        "경상남도 창원시 성산구 새마 을길 399 111동 1702호 (역삼동, 래미안)",
        # The building number run into the floor (docgen driver 12003, clean: 442 1층).
        "충청북도 청주시 흥덕구 푸른솔로33번길 4421층",
        "경기도 수원시 영통구 새마을대로44번길",  # no building number
        "경기도 수우시 영통구 새마을대로44번길 284",  # a district not on the list
        "서울특별시 새마을대로 44",  # no district
        "광주광역시 북구 꽃로 139",  # a road name this short is not taken for settled (벚 lost)
        "부산광역시 해운대구 센텀로 12 SPEC",
        "전라남도 목포시 새마을로 333 102동 (역삼동",
    ],
)
def test_an_address_off_the_standard_form_is_not_settled(address: str) -> None:
    assert not settled_address(address)


def test_a_settled_address_both_models_read_alike_has_its_own_curve() -> None:
    address = "경기도 수원시 영통구 새마을대로44번길 284 9층"
    assert curve_of("driver", "address", address, 0, 0.6) == "address_settled"
    assert curve_of("driver", "address", address, 1, 0.6) == "address"  # the second model read a syllable otherwise
    assert curve_of("driver", "address", address, None, 0.6) == "address"
    assert curve_of("driver", "address", address, 0, 0.45) == "address"  # a line read with little confidence
    assert curve_of("driver", "address", "충청북도 청주시 흥덕구 푸른솔로33번길 4421층", 0, 0.6) == "address"
    assert curve_of("driver", "name", "홍길동", 0, 0.6) == "name_ko"
    # Tesseract's word confidences on a long line are low: at the same raw score, a settled
    # address is calibrated above the review threshold, where any other always goes to review.
    settled = calibrate("id_card", "driver", "address", 0.55, curve="address_settled")
    assert settled >= 0.96 > max(calibrate("id_card", "driver", "address", raw) for raw in (0.55, 0.8, 1.0))
