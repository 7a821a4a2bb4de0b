"""Operator services and pages: opening assisted cases, intake refusals logged, search limited to one's own cases."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from onboarding.models import AuditEvent, Case, NoticeVersion
from onboarding.review.errors import ReviewNotAllowed
from onboarding.review.operator import case_open_assisted
from onboarding.review.selectors import case_search_for_operator
from onboarding.services.consents import consent_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_operators_open_assisted_cases(reviewer: Any, operator: Any) -> None:
    with pytest.raises(ReviewNotAllowed):
        case_open_assisted(operator=reviewer, email="erin@example.com", flow="personal")
    case = case_open_assisted(operator=operator, email="erin@example.com", flow="business")
    assert case.channel == Case.Channel.ASSISTED and case.operator == operator and case.state == Case.State.DRAFT
    event = AuditEvent.objects.get(action="case_opened_assisted")
    assert event.actor == operator and event.subject_user == case.applicant
    assert "erin" not in str(event.detail)


def test_search_finds_own_cases_by_exact_email_or_id_prefix(operator: Any) -> None:
    mine = case_open_assisted(operator=operator, email="erin@example.com", flow="personal")
    other_operator = UserFactory(username="oscar", role="operator")
    theirs = case_open_assisted(operator=other_operator, email="erin@example.com", flow="personal")

    assert case_search_for_operator(user=operator, query="erin@example.com") == [mine]
    assert case_search_for_operator(user=operator, query="erin@example") == []
    assert case_search_for_operator(user=operator, query=str(mine.public_id)[:8]) == [mine]
    assert case_search_for_operator(user=operator, query=str(theirs.public_id)[:8]) == []
    assert case_search_for_operator(user=operator, query="", state="draft") == [mine]


def test_a_refused_file_is_logged_with_its_code_and_attributed_to_the_operator(operator: Any) -> None:
    case = case_open_assisted(operator=operator, email="erin@example.com", flow="personal")
    notices = [n for n in NoticeVersion.objects.filter(language="ko", provider="") if n.kind != "payment_card"]
    consent_record(case=case, notices=notices, checked_ids={n.pk for n in notices}, actor=operator)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(operator)
    url = reverse("operator:capture", kwargs={"public_id": case.public_id, "kind": "id_card"})

    response = client.post(url, {"file": SimpleUploadedFile("id.jpg", b"not a photo" * 40, "image/jpeg")})

    assert response.status_code == 400 and "not a picture we can read" in response.content.decode()
    event = AuditEvent.objects.get(action="capture_rejected")
    assert event.actor == operator and event.detail == {"code": "not_an_image", "kind": "id_card"}
    consent = case.consents.first()
    assert consent is not None and consent.operator == operator and consent.channel == Case.Channel.ASSISTED
