"""The customer is told what to redo: the notice the customer's case page can include."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from onboarding.models import Case
from onboarding.review.decisions import decision_propose
from onboarding.review.services import case_claim
from onboarding.services.cases import case_transition
from onboarding.services.documents import case_submit

pytestmark = pytest.mark.django_db
TEMPLATE = Template("{% load review_tags %}{% resubmission_notice case %}")


def _render(case: Case) -> str:
    with translation.override("en"):
        return TEMPLATE.render(Context({"case": case}))


def test_the_notice_lists_the_documents_and_the_note_until_the_customer_submits_again(
    submitted_case: Case, reviewer: Any
) -> None:
    assert "resubmission-request" not in _render(submitted_case)
    case_claim(case=submitted_case, reviewer=reviewer)
    decision_propose(
        case=submitted_case,
        reviewer=reviewer,
        outcome="resubmit",
        reason_code="unreadable",
        note="The certificate is cut off at the bottom.",
        documents=["business_registration"],
    )
    submitted_case.refresh_from_db()
    html = _render(submitted_case)
    assert "Business registration certificate" in html and "cut off at the bottom" in html
    assert "Identity document" not in html

    case_transition(case=submitted_case, to=Case.State.COLLECTING, actor=submitted_case.applicant)
    assert "resubmission-request" in _render(submitted_case)
    case_submit(case=submitted_case, actor=submitted_case.applicant)
    assert "resubmission-request" not in _render(submitted_case)
