"""Case lifecycle services. Every state change goes through here and writes an audit event."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from onboarding.models import Case, User
from onboarding.services.accounts import customer_get_or_create, customer_link_send
from onboarding.services.audit import audit_record


@transaction.atomic
def case_start(*, email: str, flow: str, request: HttpRequest | None = None) -> Case:
    """Open a self-service case for the customer with this e-mail and send them their link."""
    user = customer_get_or_create(email=email)
    case = Case.objects.create(applicant=user, flow=flow, channel=Case.Channel.SELF)
    audit_record(action="case_started", actor=None, case=case, request=request, detail={"flow": flow})
    transaction.on_commit(lambda: customer_link_send(user=user, case=case))
    return case


def case_resume_request(*, user: User | None) -> None:
    """Send a fresh link to a known customer. Callers answer the same whether or not one exists."""
    if user is None or not user.is_active:
        return
    case = user.cases.exclude(state__in=[Case.State.PURGED, Case.State.WITHDRAWN]).first()
    customer_link_send(user=user, case=case)
