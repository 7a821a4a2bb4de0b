"""Value repair the engine applies after reading: Korean spacing, MRZ check-digit repair."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_integration.checksums import mrz_td3_line2_errors
from ocr_integration.local.engines import blank_runs
from ocr_integration.local.korean import normalise_address, normalise_local_office
from ocr_integration.local.passport import repair_line2

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
    ],
)
def test_local_office_spacing(read: str, expected: str) -> None:
    assert normalise_local_office(read) == expected


def test_mrz_line2_digits_misread_as_letters_are_repaired_by_check_digits() -> None:
    misread = ICAO_LINE2.replace("7408122", "74O8I22")

    repaired, errors = repair_line2(misread)

    assert repaired == ICAO_LINE2
    assert errors == []


def test_mrz_line2_with_one_filler_too_many_is_realigned() -> None:
    read = ICAO_LINE2.replace("<<<<<10", "<<<<<<10")

    repaired, errors = repair_line2(read)

    assert repaired == ICAO_LINE2 and not errors


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
