"""Operator-assisted onboarding: opening a case for a customer and the operator's own records.

Capture, correction, consent and submission reuse the customer flow's services with the operator
as the actor, so each step is attributed to the operator while the consent stays the customer's.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from onboarding.models import Case, User
from onboarding.review.services import PERM_OPERATE, require_perm
from onboarding.services.accounts import customer_get_or_create, customer_link_send
from onboarding.services.audit import audit_record


@transaction.atomic
def case_open_assisted(*, operator: User, email: str, flow: str, request: HttpRequest | None = None) -> Case:
    """Open an assisted case for the customer with this e-mail; the operator is recorded on the case."""
    require_perm(operator, PERM_OPERATE)
    customer = customer_get_or_create(email=email)
    case = Case.objects.create(applicant=customer, flow=flow, channel=Case.Channel.ASSISTED, operator=operator)
    audit_record(action="case_opened_assisted", actor=operator, case=case, request=request, detail={"flow": flow})
    return case


@transaction.atomic
def case_link_send_for_operator(*, case: Case, operator: User, request: HttpRequest | None = None) -> None:
    """Send the customer their link, so they can read and agree (or continue) on their own device."""
    require_perm(operator, PERM_OPERATE)
    audit_record(action="customer_link_sent", actor=operator, case=case, request=request)
    applicant = case.applicant
    transaction.on_commit(lambda: customer_link_send(user=applicant, case=case))
