"""Claiming, deciding and four-eyes confirmation, in the services and in the database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from onboarding.errors import InvalidTransition
from onboarding.models import AuditEvent, Case
from onboarding.review.decisions import decision_confirm, decision_propose, decision_return
from onboarding.review.errors import FourEyesViolation, ReviewConflict, ReviewNotAllowed
from onboarding.review.models import Decision
from onboarding.review.services import case_assign, case_claim
from onboarding.services.cases import case_transition
from tests.review.conftest import BUSINESS, RESIDENT

pytestmark = pytest.mark.django_db


def _personal_values() -> list[str]:
    return [v for v in (*RESIDENT.values(), *BUSINESS.values()) if len(v) >= 4]


def _assert_no_personal_values_in_audit() -> None:
    for event in AuditEvent.objects.all():
        blob = repr(event.detail) + event.reason
        for value in _personal_values():
            assert value not in blob, f"{event.action} holds a personal value"


def test_claim_moves_a_submitted_case_into_review_and_holds_it(submitted_case: Case, reviewer: Any) -> None:
    assignment = case_claim(case=submitted_case, reviewer=reviewer)

    submitted_case.refresh_from_db()
    assert submitted_case.state == Case.State.IN_REVIEW and assignment.reviewer == reviewer
    assert AuditEvent.objects.filter(
        action="case_claimed", actor=reviewer, subject_user=submitted_case.applicant
    ).exists()


def test_a_case_held_by_another_reviewer_cannot_be_claimed(
    submitted_case: Case, reviewer: Any, second_reviewer: Any
) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    with pytest.raises(ReviewConflict):
        case_claim(case=submitted_case, reviewer=second_reviewer)


def test_operator_and_customer_cannot_claim_or_decide(submitted_case: Case, operator: Any, customer: Any) -> None:
    for person in (operator, customer):
        with pytest.raises(ReviewNotAllowed):
            case_claim(case=submitted_case, reviewer=person)
    with pytest.raises(ReviewNotAllowed):
        decision_propose(case=submitted_case, reviewer=operator, outcome="approve")


def test_only_a_lead_with_audit_permission_assigns(
    submitted_case: Case, reviewer: Any, second_reviewer: Any, admin_user: Any, operator: Any
) -> None:
    with pytest.raises(ReviewNotAllowed):
        case_assign(case=submitted_case, reviewer=second_reviewer, assigned_by=reviewer)
    with pytest.raises(ReviewNotAllowed):
        case_assign(case=submitted_case, reviewer=operator, assigned_by=admin_user)
    assert (
        case_assign(case=submitted_case, reviewer=second_reviewer, assigned_by=admin_user).reviewer == second_reviewer
    )


def test_deciding_needs_a_claim_by_the_same_reviewer(submitted_case: Case, reviewer: Any, second_reviewer: Any) -> None:
    with pytest.raises(ReviewConflict):
        decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    case_claim(case=submitted_case, reviewer=reviewer)
    with pytest.raises(ReviewNotAllowed):
        decision_propose(case=submitted_case, reviewer=second_reviewer, outcome="approve")


def test_unflagged_approval_is_final_at_once(submitted_case: Case, reviewer: Any) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    decision = decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")

    submitted_case.refresh_from_db()
    assert decision.state == Decision.State.FINAL and not decision.requires_confirmation
    assert submitted_case.state == Case.State.APPROVED
    assert {d["kind"] for d in decision.evidence["documents"]} == {"id_card", "business_registration"}
    assert all(len(d["sha256"]) == 64 for d in decision.evidence["documents"])


def test_flagged_approval_waits_for_a_second_reviewer_and_the_proposer_cannot_confirm(
    submitted_case: Case, reviewer: Any, second_reviewer: Any, flag: Any
) -> None:
    flag(submitted_case)
    case_claim(case=submitted_case, reviewer=reviewer)
    decision = decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    submitted_case.refresh_from_db()
    assert decision.state == Decision.State.PROPOSED and decision.requires_confirmation
    assert submitted_case.state == Case.State.IN_REVIEW
    assert decision.evidence["flags"] == ["business_status"]

    with pytest.raises(FourEyesViolation):
        decision_confirm(decision=decision, confirmer=reviewer)
    decision.refresh_from_db()
    assert decision.state == Decision.State.PROPOSED and decision.confirmed_by is None
    assert AuditEvent.objects.filter(action="decision_self_confirm_refused", actor=reviewer).exists()

    decision_confirm(decision=decision, confirmer=second_reviewer)
    decision.refresh_from_db()
    submitted_case.refresh_from_db()
    assert decision.state == Decision.State.FINAL and decision.confirmed_by == second_reviewer
    assert submitted_case.state == Case.State.APPROVED
    _assert_no_personal_values_in_audit()


def test_a_direct_insert_of_a_self_confirmed_decision_fails_in_the_database(
    submitted_case: Case, reviewer: Any
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=submitted_case,
            outcome="approve",
            state=Decision.State.FINAL,
            requires_confirmation=True,
            proposed_by=reviewer,
            confirmed_by=reviewer,
        )


def test_a_flagged_final_decision_without_a_confirmer_fails_in_the_database(
    submitted_case: Case, reviewer: Any
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=submitted_case, outcome="reject", state="final", requires_confirmation=True, proposed_by=reviewer
        )


def test_an_updated_row_cannot_make_the_proposer_the_confirmer(
    submitted_case: Case, reviewer: Any, second_reviewer: Any, flag: Any
) -> None:
    flag(submitted_case)
    case_claim(case=submitted_case, reviewer=reviewer)
    decision = decision_propose(case=submitted_case, reviewer=reviewer, outcome="reject", reason_code="not_authentic")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(confirmed_by=reviewer)


def test_returned_proposal_leaves_the_case_in_review_for_a_new_decision(
    submitted_case: Case, reviewer: Any, second_reviewer: Any, flag: Any
) -> None:
    flag(submitted_case)
    case_claim(case=submitted_case, reviewer=reviewer)
    first = decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    with pytest.raises(ReviewConflict):
        decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    decision_return(decision=first, confirmer=second_reviewer, note="The suspension needs a look")
    submitted_case.refresh_from_db()
    assert submitted_case.state == Case.State.IN_REVIEW
    second = decision_propose(case=submitted_case, reviewer=reviewer, outcome="reject", reason_code="business_inactive")
    assert second.state == Decision.State.PROPOSED


def test_rejection_needs_a_reason_code(submitted_case: Case, reviewer: Any) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    with pytest.raises(ReviewConflict):
        decision_propose(case=submitted_case, reviewer=reviewer, outcome="reject")
    decision_propose(case=submitted_case, reviewer=reviewer, outcome="reject", reason_code="expired", note="Expired")
    submitted_case.refresh_from_db()
    assert submitted_case.state == Case.State.REJECTED


def test_resubmission_names_documents_and_mails_the_customer_a_link(
    submitted_case: Case, reviewer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    with pytest.raises(ReviewConflict):
        decision_propose(case=submitted_case, reviewer=reviewer, outcome="resubmit", reason_code="unreadable")
    with pytest.raises(ReviewConflict):
        decision_propose(
            case=submitted_case,
            reviewer=reviewer,
            outcome="resubmit",
            reason_code="unreadable",
            documents=["credit_card"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        decision_propose(
            case=submitted_case,
            reviewer=reviewer,
            outcome="resubmit",
            reason_code="unreadable",
            note="The photo is blurred; retake it in daylight.",
            documents=["id_card"],
        )
    submitted_case.refresh_from_db()
    assert submitted_case.state == Case.State.RESUBMISSION_REQUESTED
    message = mail.outbox[-1]
    assert message.to == ["alice@example.com"]
    assert "신분증" in message.body and "Identity document" in message.body
    assert "retake it in daylight" in message.body
    assert re.search(r"/link/[\w-]+/", message.body)


def test_decided_cases_refuse_illegal_transitions(submitted_case: Case, reviewer: Any) -> None:
    case_claim(case=submitted_case, reviewer=reviewer)
    decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    with pytest.raises(InvalidTransition):
        case_transition(case=submitted_case, to=Case.State.IN_REVIEW, actor=reviewer)
    with pytest.raises(ReviewConflict):
        case_claim(case=submitted_case, reviewer=reviewer)
    with pytest.raises(ReviewConflict):
        decision_propose(case=submitted_case, reviewer=reviewer, outcome="reject", reason_code="other")
    submitted_case.refresh_from_db()
    assert submitted_case.state == Case.State.APPROVED
