"""Local validators on confirmed values: each rule passes good values and names the field it fails."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr_integration.checksums import mrz_check_digit
from onboarding.verification.validators import (
    FAIL,
    PASS,
    SKIPPED,
    WARN,
    check_document,
    check_names_match,
    corporate_number_valid,
)

TODAY = dt.date(2026, 11, 22)


def outcomes(findings):  # type: ignore[no-untyped-def]
    return {f.kind: f.outcome for f in findings}


def td3(
    number: str, birth: str, sex: str, expiry: str, surname: str = "HONG", given: str = "GILDONG"
) -> tuple[str, str]:
    line1 = f"P<KOR{surname}<<{given}".ljust(44, "<")
    number9 = number.ljust(9, "<")
    optional = "<" * 14
    body = (
        f"{number9}{mrz_check_digit(number9)}KOR{birth}{mrz_check_digit(birth)}{sex}{expiry}{mrz_check_digit(expiry)}"
    )
    body += optional + "<"
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + str(mrz_check_digit(composite))


@pytest.mark.parametrize(
    ("number", "expected"),
    [("611-01-99810", PASS), ("120-81-47521", PASS), ("123-45-67890", FAIL), ("120-81-47522", FAIL)],
)
def test_business_number_check_digit(number: str, expected: str) -> None:
    findings = check_document("business_registration", "individual", {"business_number": number}, today=TODAY)
    assert outcomes(findings)["business_number_checksum"] == expected


def test_corporate_number_check_digit() -> None:
    # weights 1,2,1,2,... over the first 12 digits, check = (10 - sum % 10) % 10 -> 9 here.
    assert corporate_number_valid("110111-1234569")
    assert not corporate_number_valid("110111-1234560")
    findings = check_document("business_registration", "corporate", {"corporate_number": "110111-1234563"}, today=TODAY)
    assert outcomes(findings)["corporate_number_checksum"] == WARN


def test_resident_number_is_judged_on_date_and_gender_digit_not_the_new_random_last_digit() -> None:
    # Born 2021: since 2020-10 the last six digits are random, so any last digit is fine.
    assert outcomes(check_document("id_card", "resident", {"resident_number": "210305-3999999"}, today=TODAY)) == {
        "resident_number_plausible": PASS
    }
    # Born 1990 with a legacy checksum that fails: only a soft warning.
    legacy = outcomes(check_document("id_card", "resident", {"resident_number": "900101-1234560"}, today=TODAY))
    assert legacy["resident_number_plausible"] == PASS
    assert legacy.get("resident_number_legacy_checksum", WARN) == WARN
    # Impossible date or gender digit: a failure on that field.
    bad = check_document("id_card", "resident", {"resident_number": "901301-1234567"}, today=TODAY)
    assert outcomes(bad)["resident_number_plausible"] == FAIL and bad[0].field_key == "resident_number"
    assert (
        outcomes(check_document("id_card", "resident", {"resident_number": "900101-5234567"}, today=TODAY))[
            "resident_number_plausible"
        ]
        == FAIL
    )


def test_alien_registration_number_needs_a_foreigner_gender_digit() -> None:
    assert (
        outcomes(check_document("id_card", "alien", {"alien_registration_number": "900101-5234567"}, today=TODAY))[
            "resident_number_plausible"
        ]
        == PASS
    )
    assert (
        outcomes(check_document("id_card", "alien", {"alien_registration_number": "900101-1234567"}, today=TODAY))[
            "resident_number_plausible"
        ]
        == FAIL
    )


@pytest.mark.parametrize(
    ("number", "expected"),
    [("13-23-881594-85", PASS), ("27-23-881594-85", FAIL), ("13-23-88159-85", FAIL), ("28-05-123456-11", PASS)],
)
def test_licence_number_format_and_region(number: str, expected: str) -> None:
    assert (
        outcomes(check_document("id_card", "driver", {"license_number": number}, today=TODAY))["license_number_format"]
        == expected
    )


def test_driver_licence_past_its_renewal_period_is_expired() -> None:
    values = {"license_number": "13-23-881594-85", "renewal_end": "2025-12-31"}
    assert outcomes(check_document("id_card", "driver", values, today=TODAY))["document_expiry"] == FAIL
    values["renewal_end"] = "2031-12-31"
    assert outcomes(check_document("id_card", "driver", values, today=TODAY))["document_expiry"] == PASS


def test_issue_date_in_the_future_fails() -> None:
    assert (
        outcomes(check_document("id_card", "resident", {"issue_date": "2027-01-01"}, today=TODAY))[
            "issue_date_plausible"
        ]
        == FAIL
    )


def test_card_luhn_and_expiry() -> None:
    assert outcomes(
        check_document("credit_card", None, {"card_number": "4111111111111111", "valid_thru": "11/26"}, today=TODAY)
    ) == {
        "card_luhn": PASS,
        "card_expiry": PASS,
    }
    assert (
        outcomes(check_document("credit_card", None, {"card_number": "4111111111111112"}, today=TODAY))["card_luhn"]
        == FAIL
    )
    assert outcomes(check_document("credit_card", None, {"valid_thru": "10/26"}, today=TODAY))["card_expiry"] == FAIL


def test_passport_mrz_check_digits_and_viz_consistency() -> None:
    line1, line2 = td3("M12345678", "900101", "M", "300101")
    values = {
        "mrz_line1": line1,
        "mrz_line2": line2,
        "passport_number": "M12345678",
        "birth_date": "1990-01-01",
        "expiry_date": "2030-01-01",
        "sex": "M",
        "surname": "HONG",
        "given_names": "GILDONG",
    }
    assert outcomes(check_document("id_card", "passport", values, today=TODAY)) == {
        "document_expiry": PASS,
        "mrz_check_digits": PASS,
        "viz_mrz_consistency": PASS,
    }
    tampered = dict(values, mrz_line2=line2[:14] + "8" + line2[15:])
    assert outcomes(check_document("id_card", "passport", tampered, today=TODAY))["mrz_check_digits"] == FAIL

    wrong_viz = dict(values, birth_date="1990-01-02")
    findings = check_document("id_card", "passport", wrong_viz, today=TODAY)
    viz = next(f for f in findings if f.kind == "viz_mrz_consistency")
    assert viz.outcome == FAIL and viz.evidence == {"fields": ["birth_date"]}


def test_icao_specimen_passes_the_maintained_mrz_library_check() -> None:
    line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    findings = check_document("id_card", "passport", {"mrz_line1": line1, "mrz_line2": line2}, today=TODAY)
    assert outcomes(findings)["mrz_check_digits"] == PASS


def test_names_across_documents() -> None:
    assert check_names_match("홍 길동", "홍길동").outcome == PASS
    assert check_names_match("홍길동", "김철수").outcome == FAIL
    assert check_names_match(None, "김철수").outcome == SKIPPED
