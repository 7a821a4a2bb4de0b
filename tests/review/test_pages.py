"""Dashboard pages: the queue's filters and order, metrics with inline SVG charts, the audit log."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Case, Document, ExtractedField
from onboarding.review.decisions import decision_propose
from onboarding.review.services import case_claim
from onboarding.services.audit import audit_record
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _queue_ids(response: Any) -> list[str]:
    return re.findall(r'data-testid="queue-row" data-case="([0-9a-f-]+)"', response.content.decode())


def test_queue_puts_flagged_cases_first_then_oldest_and_filters(submitted_case: Case, reviewer: Any, flag: Any) -> None:
    older = CaseFactory(state=Case.State.SUBMITTED, submitted_at=timezone.now() - dt.timedelta(days=5))
    newer = CaseFactory(state=Case.State.SUBMITTED, submitted_at=timezone.now() - dt.timedelta(hours=1))
    CaseFactory(state=Case.State.DRAFT)
    flag(newer)
    client = _client(reviewer)
    url = reverse("review:queue")

    ids = _queue_ids(client.get(url))
    assert ids == [str(newer.public_id), str(older.public_id), str(submitted_case.public_id)]
    assert _queue_ids(client.get(url, {"flagged": "no", "sort": "newest"})) == [
        str(submitted_case.public_id),
        str(older.public_id),
    ]
    assert _queue_ids(client.get(url, {"min_age_days": 2})) == [str(older.public_id)]
    assert _queue_ids(client.get(url, {"kind": "business_registration", "state": "open"})) == [
        str(submitted_case.public_id)
    ]
    assert _queue_ids(client.get(url, {"provider": "nhn"})) == [str(submitted_case.public_id)]
    page = client.get(url).content.decode()
    assert re.search(r'<option value="open" selected>', page), "the form shows the filter the queue applies"
    assert re.search(r'data-testid="count-submitted">.*?<strong>3</strong>', page)


def test_queue_shows_who_holds_a_case_and_mine_filters_to_mine(
    submitted_case: Case, reviewer: Any, second_reviewer: Any
) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    assert _queue_ids(_client(second_reviewer).get(reverse("review:queue"), {"mine": "on"})) == []
    response = _client(reviewer).get(reverse("review:queue"), {"mine": "on"})
    assert _queue_ids(response) == [str(submitted_case.public_id)] and "rita" in response.content.decode()


def test_metrics_page_draws_every_chart_as_inline_svg(submitted_case: Case, reviewer: Any) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    field = ExtractedField.objects.filter(document__case=submitted_case).first()
    assert field is not None
    field.needs_review = True
    field.save()
    Document.objects.filter(case=submitted_case).update(
        analysis_started_at=timezone.now() - dt.timedelta(seconds=4), analysed_at=timezone.now()
    )
    audit_record(action="capture_rejected", actor=reviewer, case=submitted_case, detail={"code": "too_many_pixels"})

    response = _client(reviewer).get(reverse("review:metrics"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<svg class="chart" role="img"') == 6
    assert "<script" not in body.split("<main", 1)[1] and "cdn" not in body.lower()
    assert "too_many_pixels" in body and field.key in body
    funnel = re.search(r'data-testid="funnel">(.*?)</table>', body, re.S)
    assert funnel and "Approved or rejected" in funnel.group(1)
    assert 'data-testid="median-decision"' in body and "—" not in body.split('data-testid="median-decision"')[1][:200]


def test_audit_log_and_access_review_pages_for_admins(submitted_case: Case, admin_user: Any) -> None:
    client = _client(admin_user)
    body = client.get(reverse("review:audit"), {"action": "case_state_changed"}).content.decode()
    assert body.count('data-testid="audit-row"') == 3  # consented, collecting, submitted
    month = timezone.localdate().strftime("%Y-%m")
    response = client.get(reverse("review:access-review"), {"month": month})
    assert response.status_code == 200 and "Signature" in response.content.decode()


def test_staff_pages_speak_korean(submitted_case: Case, reviewer: Any, operator: Any) -> None:
    body = _client(reviewer).get(
        reverse("review:case", kwargs={"public_id": submitted_case.public_id}), HTTP_ACCEPT_LANGUAGE="ko"
    )
    text = body.content.decode()
    assert "심사 대기열" in text and "동의 증적" in text and "이 건 담당하기" in text
    assert (
        "새 대면·전화 온보딩"
        in _client(operator).get(reverse("operator:cases"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    )


def test_decisions_are_read_only_in_the_django_admin(submitted_case: Case, reviewer: Any, admin_user: Any) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    decision = decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    client = _client(admin_user)
    assert client.get(reverse("admin:review_decision_changelist")).status_code == 200
    change = reverse("admin:review_decision_change", args=[decision.pk])
    client.post(change, {"confirmed_by": reviewer.pk, "state": "final"})
    decision.refresh_from_db()
    assert decision.confirmed_by is None
    assert client.get(reverse("admin:review_decision_add")).status_code == 403
