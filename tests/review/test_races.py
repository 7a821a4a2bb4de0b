"""Races on PostgreSQL (row locks are real there): two confirmations, two claims, at the same moment.

Part of the services pass (``make test`` runs it on PostgreSQL); skipped on SQLite, whose locks
are per database and would serialise the threads anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from onboarding.models import AuditEvent, Case
from onboarding.review.decisions import decision_confirm, decision_propose
from onboarding.review.errors import ReviewConflict
from onboarding.review.models import Assignment, Decision
from onboarding.review.services import case_claim
from tests.factories import publish_notice_texts

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL (the services pass)")
    publish_notice_texts()


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each result is a return value or an exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_second_reviewers_confirming_at_once_make_one_final_decision(
    submitted_case: Case, reviewer: Any, second_reviewer: Any, admin_user: Any, flag: Any
) -> None:
    flag(submitted_case)
    case_claim(case=submitted_case, reviewer=reviewer)
    decision = decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")

    results = _race(
        lambda: decision_confirm(decision=decision, confirmer=second_reviewer),
        lambda: decision_confirm(decision=decision, confirmer=admin_user),
    )

    assert sum(isinstance(r, Decision) for r in results) == 1
    assert sum(isinstance(r, ReviewConflict) for r in results) == 1
    decision.refresh_from_db()
    assert decision.state == Decision.State.FINAL and decision.confirmed_by in (second_reviewer, admin_user)
    assert AuditEvent.objects.filter(action="case_state_changed", detail__to="approved").count() == 1


def test_two_reviewers_claiming_at_once_leave_one_holder(
    submitted_case: Case, reviewer: Any, second_reviewer: Any
) -> None:
    results = _race(
        lambda: case_claim(case=submitted_case, reviewer=reviewer),
        lambda: case_claim(case=submitted_case, reviewer=second_reviewer),
    )

    assert sum(isinstance(r, Assignment) for r in results) == 1
    assert sum(isinstance(r, ReviewConflict) for r in results) == 1
    assert Assignment.objects.filter(case=submitted_case).count() == 1
    assert AuditEvent.objects.filter(action="case_state_changed", detail__to="in_review").count() == 1
