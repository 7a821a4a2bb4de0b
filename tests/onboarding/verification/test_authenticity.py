"""ID authenticity through the real NHN client against the emulator: every outcome is a record."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ocr_integration.emulator.documents import FIXTURES
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import OcrUnavailable
from onboarding.models import Consent, Document, ExtractedField
from onboarding.verification.models import Check
from onboarding.verification.selectors import case_flag_reasons
from onboarding.verification.services import check_authenticity, document_checks_run

pytestmark = pytest.mark.django_db

RESIDENT = FIXTURES[("id_card", "resident")]
DRIVER = FIXTURES[("id_card", "driver")]


def _set(document: Document, key: str, value: str) -> None:
    field = ExtractedField.objects.get(document=document, key=key)
    field.value = value
    field.save(update_fields=["value"])


def _calls(emulator: Any, fragment: str) -> int:
    return sum(fragment in c for c in emulator.state.calls)


def test_resident_card_with_the_printed_values_is_authentic(nhn_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "resident", RESIDENT)

    check = check_authenticity(document=document)

    assert check is not None and check.outcome == Check.Outcome.PASS and check.provider == "nhn"
    document.refresh_from_db()
    assert document.authenticity_handle == "", "a Request-Key is single use: it is dropped after the answer"


def test_driver_licence_is_checked_with_its_licence_number(nhn_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "driver", DRIVER)
    assert check_authenticity(document=document).outcome == Check.Outcome.PASS  # type: ignore[union-attr]

    _set(document, "license_number", "13-23-881594-86")
    failed = check_authenticity(document=document)
    assert failed is not None and failed.outcome == Check.Outcome.FAIL and failed.field_key == "license_number"


def test_wrong_issue_date_fails_then_the_corrected_value_passes(nhn_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "resident", {**RESIDENT, "issue_date": "2019-03-16"})

    failed = check_authenticity(document=document)
    assert failed is not None and failed.outcome == Check.Outcome.FAIL and failed.field_key == "issue_date"
    assert "do not match" in failed.message and "2019" not in failed.message  # actionable, no personal data
    assert [c.kind for c in case_flag_reasons(case=consented_case)] == ["id_authenticity"]

    _set(document, "issue_date", RESIDENT["issue_date"])
    passed = check_authenticity(document=document)
    assert passed is not None and passed.outcome == Check.Outcome.PASS
    failed.refresh_from_db()
    assert failed.superseded_at is not None
    assert case_flag_reasons(case=consented_case) == []


def test_request_key_expired_at_the_provider_is_renewed_by_one_reanalysis(
    nhn_configured, consented_case, make_document
) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "resident", RESIDENT)
    # A fresh key from a real analysis, then the provider's clock moves past its 1-hour life.
    from ocr_integration import registry

    result = registry.get_provider("nhn").analyze_id_card(b"\x89PNG\r\n\x1a\n" + b"\x01" * 64)  # type: ignore[attr-defined]
    Document.objects.filter(pk=document.pk).update(authenticity_handle=json.dumps(result.authenticity.to_dict()))
    document.refresh_from_db()
    analyses_before = _calls(nhn_configured, "/id-card") - _calls(nhn_configured, "/id-card/")
    nhn_configured.state.advance_clock(3601)

    check = check_authenticity(document=document)

    assert check is not None and check.outcome == Check.Outcome.PASS
    analyses_after = _calls(nhn_configured, "/id-card") - _calls(nhn_configured, "/id-card/")
    assert analyses_after == analyses_before + 1
    assert Check.objects.filter(document=document, kind="id_authenticity_reanalysis").count() == 1


def test_lock_out_stops_calls_and_sends_the_case_to_manual_review(
    nhn_configured, consented_case, make_document
) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "resident", {**RESIDENT, "issue_date": "2018-01-01"})

    outcomes = []
    for _ in range(7):
        check = check_authenticity(document=document)
        outcomes.append(check.evidence.get("locked", False))  # type: ignore[union-attr]
        if outcomes[-1]:
            break
    assert outcomes[-1] is True, "the emulator locks the card after 5 wrong issue dates"
    locked = Check.objects.get(document=document, kind="id_authenticity", superseded_at__isnull=True)
    assert locked.outcome == Check.Outcome.FAIL and "reviewer" in locked.message

    calls_before = len(nhn_configured.state.calls)
    _set(document, "issue_date", RESIDENT["issue_date"])
    again = check_authenticity(document=document)
    assert again is not None and again.outcome == Check.Outcome.FAIL and again.evidence == {"locked": True}
    assert len(nhn_configured.state.calls) == calls_before, "no more calls after a lock-out"


def test_passport_has_no_authenticity_call_and_says_why(nhn_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "passport", FIXTURES[("id_card", "passport")])
    check = check_authenticity(document=document)
    assert check is not None and check.outcome == Check.Outcome.SKIPPED and "MRZ" in check.message
    assert _calls(nhn_configured, "authenticity") == 0


def test_without_a_provider_the_check_is_skipped_not_passed(consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "resident", RESIDENT)
    check = check_authenticity(document=document)
    assert check is not None and check.outcome == Check.Outcome.SKIPPED and check.evidence == {"reason": "no_provider"}


def test_without_identifier_consent_no_call_is_made(nhn_configured, consented_case, make_document) -> None:  # type: ignore[no-untyped-def]
    Consent.objects.filter(case=consented_case, notice__kind="unique_identifiers").update(checked=False)
    document = make_document(consented_case, "id_card", "resident", RESIDENT)

    check = check_authenticity(document=document)

    assert check is not None and check.outcome == Check.Outcome.WARN
    assert _calls(nhn_configured, "authenticity") == 0 and _calls(nhn_configured, "/id-card") == 0


def test_provider_outage_leaves_the_check_pending_and_the_case_flagged(
    nhn_configured, consented_case, make_document
) -> None:  # type: ignore[no-untyped-def]
    document = make_document(consented_case, "id_card", "resident", RESIDENT)
    nhn_configured.state.add_fault(Fault(target="nhn", path="id-card", status=503))

    with pytest.raises(OcrUnavailable):
        check_authenticity(document=document)

    pending = Check.objects.get(document=document, kind="id_authenticity")
    assert pending.outcome == Check.Outcome.PENDING
    assert [c.kind for c in case_flag_reasons(case=consented_case)] == ["id_authenticity"]


def test_the_task_path_runs_every_check_and_never_auto_passes_an_outage(
    nhn_configured, consented_case, make_document
) -> None:  # type: ignore[no-untyped-def]
    from onboarding.verification.tasks import document_checks_task

    document = make_document(consented_case, "id_card", "resident", RESIDENT)
    nhn_configured.state.add_fault(Fault(target="nhn", path="id-card", status=503))

    document_checks_task.delay(document.pk)  # eager here: gives up after the failure, check stays pending

    kinds = dict(Check.objects.filter(document=document, superseded_at__isnull=True).values_list("kind", "outcome"))
    assert kinds["id_authenticity"] == Check.Outcome.PENDING
    assert kinds["resident_number_plausible"] == Check.Outcome.PASS

    nhn_configured.state.clear_faults()
    document_checks_run(document_id=document.pk)
    assert Check.objects.get(document=document, kind="id_authenticity", superseded_at__isnull=True).outcome == "pass"
