"""The log guard itself must be able to fail: its detectors find what they are for."""

from tests.plugins.pii_logs import pii_findings


def test_detectors_find_resident_numbers_cards_and_tokens() -> None:
    assert pii_findings("user 900101-1234567 uploaded") == ["resident registration number"]
    assert pii_findings("pan 4111 1111 1111 1111") == ["card number"]
    assert pii_findings("Authorization: Bearer abcdefgh12345678") == ["secret or token"]


def test_detectors_leave_ordinary_numbers_alone() -> None:
    assert pii_findings("case 42 took 1234 ms; order 20261122-0001") == []
    assert pii_findings("4111111111111112") == []  # not Luhn-valid


def test_decimal_fractions_are_not_card_numbers() -> None:
    # A Celery timing whose digits happen to pass Luhn must not trip the guard.
    digits = "45318999100027213"
    assert pii_findings(f"Task succeeded in 0.{digits}s") == []


def test_ids_and_digests_are_not_card_numbers() -> None:
    assert pii_findings("Not Found: /onboarding/12345678-1234-5678-9012-345678901234/") == []
    assert pii_findings("sha256 4111111111111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") == []
    assert pii_findings("card 4111-1111-1111-1111 in a path") == ["card number"]
