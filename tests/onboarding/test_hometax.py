"""Hometax codes drive the business-status verdict; two disagreeing sources go to a reviewer."""

from __future__ import annotations

import pytest

from onboarding.verification.hometax import HOMETAX_CODES, business_status_finding, hometax_meaning
from onboarding.verification.validators import FAIL, PASS, WARN


@pytest.mark.parametrize(
    ("code", "outcome"),
    [("00", FAIL), ("01", PASS), ("02", PASS), ("03", PASS), ("04", PASS), ("05", FAIL), ("06", FAIL), ("09", WARN)],
)
def test_each_hometax_code_has_a_verdict_and_both_meanings(code: str, outcome: str) -> None:
    finding = business_status_finding({"nhn": code})
    assert finding.outcome == outcome
    assert finding.evidence["sources"]["nhn"] == {
        "code": code,
        "ko": HOMETAX_CODES[code][0],
        "en": HOMETAX_CODES[code][1],
    }
    if outcome != PASS:
        assert finding.message


def test_closed_and_suspended_are_named_in_the_message() -> None:
    assert "폐업" in business_status_finding({"nhn": "06"}).message
    assert "휴업" in business_status_finding({"nts": "05"}).message


def test_two_sources_that_disagree_go_to_manual_review() -> None:
    finding = business_status_finding({"nhn": "01", "nts": "06"})
    assert finding.outcome == WARN and finding.evidence["disagreement"] is True


def test_two_sources_that_agree_give_one_verdict() -> None:
    assert business_status_finding({"nhn": "02", "nts": "02"}).outcome == PASS


def test_unknown_code_is_not_passed() -> None:
    assert hometax_meaning("77")["en"] == "Unknown"
    assert business_status_finding({"nhn": "77"}).outcome == WARN
