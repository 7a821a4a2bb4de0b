"""Reveals, the audit export and the monthly access review: each audited, none holding personal values."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from onboarding.models import AuditEvent, Case
from onboarding.review.access import BULK_VIEWS_PER_DAY, access_review_run, audit_export_csv
from onboarding.review.errors import RevealRefused, ReviewConflict, ReviewNotAllowed, StepUpFailed
from onboarding.review.services import STEP_UP_MAX_FAILURES, case_claim, case_view_record, sensitive_reveal
from onboarding.services.audit import audit_record
from tests.conftest import STAFF_PASSWORD
from tests.review.conftest import RESIDENT

pytestmark = pytest.mark.django_db
KST = ZoneInfo("Asia/Seoul")


def _id_card(case: Case) -> Any:
    return case.documents.get(kind="id_card")


def test_reveal_needs_the_permission_and_a_real_reason(submitted_case: Case, operator: Any, reviewer: Any) -> None:
    document = _id_card(submitted_case)
    with pytest.raises(ReviewNotAllowed):
        sensitive_reveal(
            password=STAFF_PASSWORD,
            case=submitted_case,
            document=document,
            actor=operator,
            reason="Customer asked by phone",
        )
    with pytest.raises(RevealRefused):
        sensitive_reveal(
            password=STAFF_PASSWORD,
            case=submitted_case,
            document=document,
            actor=reviewer,
            reason="check",
            field_key="name",
        )
    assert not AuditEvent.objects.filter(action="sensitive_revealed").exists()


def test_reveal_of_a_value_and_of_the_original_image_are_audited_without_the_values(
    submitted_case: Case, reviewer: Any
) -> None:
    document = _id_card(submitted_case)
    value = sensitive_reveal(
        password=STAFF_PASSWORD,
        case=submitted_case,
        document=document,
        actor=reviewer,
        reason="Number looks altered",
        field_key="resident_number",
    )
    image = sensitive_reveal(
        password=STAFF_PASSWORD,
        case=submitted_case,
        document=document,
        actor=reviewer,
        reason="Check the photo for tampering",
    )

    assert value.value == RESIDENT["resident_number"]
    assert image.image_data_uri.startswith("data:image/png;base64,")
    events = list(AuditEvent.objects.filter(action="sensitive_revealed").order_by("pk"))
    assert [e.detail["target"] for e in events] == ["resident_number", "image"]
    for e in events:
        assert e.actor == reviewer and e.subject_user == submitted_case.applicant and e.reason
        assert RESIDENT["resident_number"] not in str(e.detail)


def test_every_reveal_needs_the_password_and_repeated_failures_lock_reveals(
    submitted_case: Case, reviewer: Any
) -> None:
    document = _id_card(submitted_case)
    for _ in range(STEP_UP_MAX_FAILURES):
        with pytest.raises(StepUpFailed):
            sensitive_reveal(
                case=submitted_case, document=document, actor=reviewer, reason="Digits look altered", password="guess"
            )
    failures = AuditEvent.objects.filter(action="reveal_step_up_failed", actor=reviewer)
    assert failures.count() == STEP_UP_MAX_FAILURES and failures.first().subject_user == submitted_case.applicant  # type: ignore[union-attr]
    with pytest.raises(StepUpFailed):
        sensitive_reveal(
            password=STAFF_PASSWORD,
            case=submitted_case,
            document=document,
            actor=reviewer,
            reason="Digits look altered",
        )
    assert not AuditEvent.objects.filter(action="sensitive_revealed").exists()


def test_a_card_number_cannot_be_revealed(consented_case: Case, make_document: Any, reviewer: Any) -> None:
    card = make_document(consented_case, "credit_card", None, {"card_number": "5123-45**-****-1234"})
    with pytest.raises(RevealRefused):
        sensitive_reveal(
            password=STAFF_PASSWORD,
            case=consented_case,
            document=card,
            actor=reviewer,
            reason="Card number check",
            field_key="card_number",
        )


def test_the_reveal_page_shows_the_value_once_and_the_case_page_stays_masked(
    submitted_case: Case, reviewer: Any
) -> None:
    client = Client()
    client.force_login(reviewer)
    case_url = reverse("review:case", kwargs={"public_id": submitted_case.public_id})
    assert RESIDENT["resident_number"] not in client.get(case_url).content.decode()
    url = reverse(
        "review:reveal",
        kwargs={"public_id": submitted_case.public_id, "document_id": _id_card(submitted_case).public_id},
    )
    short = client.post(url, {"field_key": "resident_number", "reason": "why", "password": STAFF_PASSWORD})
    assert short.status_code == 400 and not AuditEvent.objects.filter(action="sensitive_revealed").exists()
    wrong = client.post(url, {"field_key": "resident_number", "reason": "Digits unclear on the image", "password": "x"})
    assert wrong.status_code == 403 and RESIDENT["resident_number"] not in wrong.content.decode()
    shown = client.post(
        url, {"field_key": "resident_number", "reason": "Digits unclear on the image", "password": STAFF_PASSWORD}
    )
    assert shown.status_code == 200 and RESIDENT["resident_number"] in shown.content.decode()
    assert AuditEvent.objects.filter(action="case_viewed", actor=reviewer).count() == 1


def test_audit_export_needs_a_reason_neutralises_formulas_and_is_itself_audited(
    submitted_case: Case, admin_user: Any, reviewer: Any
) -> None:
    audit_record(action="note", actor=reviewer, case=submitted_case, reason='=HYPERLINK("http://x")')
    with pytest.raises(ReviewConflict):
        audit_export_csv(events=AuditEvent.objects.all(), actor=admin_user, reason="", filters={})
    with pytest.raises(ReviewNotAllowed):
        audit_export_csv(events=AuditEvent.objects.all(), actor=reviewer, reason="Quarterly audit request", filters={})

    body = audit_export_csv(
        events=AuditEvent.objects.all(), actor=admin_user, reason="Quarterly audit request", filters={"action": "note"}
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["time_utc", "actor", "action"]
    assert any(r[6] == '\'=HYPERLINK("http://x")' for r in rows[1:])
    export = AuditEvent.objects.get(action="audit_exported")
    assert export.actor == admin_user and export.reason == "Quarterly audit request"
    assert export.detail["rows"] == len(rows) - 1


def test_audit_export_over_http_is_a_csv_attachment_for_admins_only(
    submitted_case: Case, admin_user: Any, reviewer: Any
) -> None:
    url = reverse("review:audit-export") + "?action=case_claimed"
    client = Client()
    client.force_login(reviewer)
    assert client.post(url, {"reason": "Looking around the log"}).status_code == 403
    client.force_login(admin_user)
    response = client.post(url, {"reason": "Monthly audit sample"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")


def test_monthly_review_lists_bulk_views_reveals_exports_unassigned_and_after_hours_access(
    submitted_case: Case, reviewer: Any, second_reviewer: Any, admin_user: Any
) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    for _ in range(BULK_VIEWS_PER_DAY + 1):
        case_view_record(case=submitted_case, actor=reviewer)
    case_view_record(case=submitted_case, actor=second_reviewer)  # held by rita
    sensitive_reveal(
        password=STAFF_PASSWORD,
        case=submitted_case,
        document=_id_card(submitted_case),
        actor=reviewer,
        reason="Smudged digits here",
    )
    audit_export_csv(events=AuditEvent.objects.all(), actor=admin_user, reason="Regulator request #12", filters={})
    AuditEvent.objects.create(
        action="audit_exported", actor=admin_user, detail={"rows": 3}
    )  # a legacy export, no reason
    late = AuditEvent.objects.create(action="case_viewed", actor=second_reviewer, case=submitted_case)
    now = dt.datetime.now(KST)
    AuditEvent.objects.filter(pk=late.pk).update(
        created_at=now.replace(hour=2, minute=30, day=max(1, min(now.day, 28)))
    )

    report = access_review_run(month=now.date().replace(day=1), actor=admin_user)

    kinds = {(f.kind, f.actor) for f in report.findings}
    assert ("bulk_views", "rita") in kinds
    assert ("unassigned_access", "sam") in kinds
    assert ("reveal", "rita") in kinds
    assert ("export", "ada") in kinds and ("export_without_reason", "ada") in kinds
    assert ("after_hours", "sam") in kinds
    assert len(report.signature) == 64
    rita = next(a for a in report.actors if a.actor == "rita")
    assert rita.case_views == BULK_VIEWS_PER_DAY + 1 and rita.reveals == 1
    run = AuditEvent.objects.get(action="access_review_run")
    assert run.actor == admin_user and run.detail["findings"]["reveal"] == 1


def test_access_review_command_writes_the_findings(submitted_case: Case, reviewer: Any, tmp_path: Any) -> None:
    sensitive_reveal(
        password=STAFF_PASSWORD,
        case=submitted_case,
        document=_id_card(submitted_case),
        actor=reviewer,
        reason="Smudged digits here",
    )
    out = io.StringIO()
    target = tmp_path / "findings.csv"
    call_command("access_review", month=dt.datetime.now(KST).strftime("%Y-%m"), csv=str(target), stdout=out)
    assert "reveal rita" in out.getvalue()
    assert list(csv.reader(target.open()))[1][:2] == ["reveal", "rita"]
    assert AuditEvent.objects.filter(action="access_review_run", actor=None).exists()
