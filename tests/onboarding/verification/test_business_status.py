"""Hometax business status via NHN and NTS against the emulator's deterministic registry."""

from __future__ import annotations

import pytest

from ocr_integration.emulator.businesses import business_number_for
from ocr_integration.emulator.documents import FIXTURES
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import OcrUnavailable
from onboarding.verification.models import Check
from onboarding.verification.selectors import case_flag_reasons, case_timeline
from onboarding.verification.services import check_business_status, check_names_across_documents

pytestmark = pytest.mark.django_db

BUSINESS = FIXTURES[("business_registration", "individual")]


def _biz(number: str) -> dict[str, str]:
    return {**BUSINESS, "business_number": f"{number[:3]}-{number[3:5]}-{number[5:]}"}


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        ("00", "fail"),
        ("01", "pass"),
        ("02", "pass"),
        ("03", "pass"),
        ("04", "pass"),
        ("05", "fail"),
        ("06", "fail"),
        ("09", "warn"),
    ],
)
def test_each_hometax_code_from_nhn(nhn_configured, consented_case, make_document, code: str, outcome: str) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "business_registration", "individual", _biz(business_number_for(code)))

    [check] = check_business_status(document=document)

    assert check.outcome == outcome and check.provider == "nhn"
    assert check.evidence["sources"]["nhn"]["code"] == code and check.evidence["sources"]["nhn"]["en"]
    assert bool(case_flag_reasons(case=consented_case)) is (outcome != "pass")


def test_number_failing_its_checksum_is_not_in_business(nhn_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "business_registration", "individual", _biz("1234567890"))
    [check] = check_business_status(document=document)
    assert check.outcome == "fail" and check.evidence["sources"]["nhn"]["code"] == "00"


def test_both_sources_agree_and_nts_validate_confirms(
    nhn_configured, nts_configured, consented_case, make_document
) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "business_registration", "individual", _biz(business_number_for("01")))

    status, validate = check_business_status(document=document)

    assert status.outcome == "pass" and status.provider == "nhn+nts"
    assert validate.kind == "business_validate" and validate.outcome == "pass"


def test_sources_that_disagree_go_to_manual_review(
    nhn_configured, nts_configured, consented_case, make_document
) -> None:  # type: ignore[no-untyped-def]
    # The emulator shows Hometax 09 to NTS as 과세특례자 (→ 01), so the two sources disagree.
    document = make_document(consented_case, "business_registration", "individual", _biz(business_number_for("09")))
    status, _validate = check_business_status(document=document)
    assert status.outcome == "warn" and status.evidence["disagreement"] is True


def test_nts_validate_fails_for_another_representative(nts_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    values = {**_biz(business_number_for("01")), "representative_name": "김철수"}
    document = make_document(consented_case, "business_registration", "individual", values)
    status, validate = check_business_status(document=document)
    assert status.outcome == "pass" and status.provider == "nts"
    assert validate.outcome == "fail" and validate.field_key == "open_date"


def test_without_any_provider_business_status_is_skipped(consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "business_registration", "individual", BUSINESS)
    [check] = check_business_status(document=document)
    assert check.outcome == "skipped" and check.evidence == {"reason": "no_provider"}


def test_nts_outage_leaves_a_pending_check(nts_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    nts_configured.state.add_fault(Fault(target="nts", status=500))
    document = make_document(consented_case, "business_registration", "individual", BUSINESS)
    with pytest.raises(OcrUnavailable):
        check_business_status(document=document)
    assert Check.objects.get(document=document).outcome == "pending"


def test_representative_name_against_the_id_and_one_timeline(consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    make_document(consented_case, "id_card", "resident", {**FIXTURES[("id_card", "resident")], "name": "김철수"})
    make_document(consented_case, "business_registration", "individual", BUSINESS)

    check = check_names_across_documents(case=consented_case)

    assert check is not None and check.outcome == "fail" and check.field_key == "representative_name"
    timeline = case_timeline(case=consented_case)
    assert [e.source for e in timeline].count("check") == 1 and "audit" in {e.source for e in timeline}
    assert timeline == sorted(timeline, key=lambda e: e.at)


def test_card_luhn_is_recorded_from_the_number_in_memory_and_never_stored(consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    from onboarding.verification.services import card_number_check, checks_run_local

    document = make_document(
        consented_case, "credit_card", None, {"card_number": "**** **** **** 1111", "valid_thru": "04/29"}
    )

    assert card_number_check(document=document, pan="4111111111111111").outcome == "pass"
    failed = card_number_check(document=document, pan="4111111111111112")
    assert failed.outcome == "fail" and "4111" not in failed.message + str(failed.evidence)
    kinds = {c.kind: c.outcome for c in checks_run_local(document=document)}
    assert kinds == {"card_expiry": "pass"}, "the masked number is not re-checked"
    current = Check.objects.get(document=document, kind="card_luhn", superseded_at__isnull=True)
    assert current.outcome == "fail"
