"""Case lifecycle services. Every state change goes through here and writes an audit event."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.errors import InvalidTransition
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


# The allowed moves of the case state machine (design.md "Case states"). Anything else is a bug
# or a race, and raises instead of quietly rewriting history.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Case.State.DRAFT: frozenset({Case.State.CONSENTED, Case.State.WITHDRAWN}),
    Case.State.CONSENTED: frozenset({Case.State.COLLECTING, Case.State.WITHDRAWN}),
    Case.State.COLLECTING: frozenset({Case.State.SUBMITTED, Case.State.WITHDRAWN}),
    Case.State.SUBMITTED: frozenset({Case.State.IN_REVIEW, Case.State.WITHDRAWN}),
    Case.State.IN_REVIEW: frozenset(
        {Case.State.APPROVED, Case.State.REJECTED, Case.State.RESUBMISSION_REQUESTED, Case.State.WITHDRAWN}
    ),
    Case.State.RESUBMISSION_REQUESTED: frozenset({Case.State.COLLECTING, Case.State.WITHDRAWN}),
    Case.State.APPROVED: frozenset({Case.State.PURGED}),
    Case.State.REJECTED: frozenset({Case.State.PURGED}),
    Case.State.WITHDRAWN: frozenset({Case.State.PURGED}),
    Case.State.PURGED: frozenset(),
}


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to: str,
    actor: User | None,
    request: HttpRequest | None = None,
    reason: str = "",
) -> Case:
    """Move ``case`` to state ``to`` and write the audit event; an illegal move raises ``InvalidTransition``.

    The row is re-read under a lock so two requests cannot both move the same case from one state.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if to not in ALLOWED_TRANSITIONS[locked.state]:
        raise InvalidTransition(
            _("This step is not possible while the onboarding is “%(state)s”.") % {"state": locked.get_state_display()},
            details={"from": locked.state, "to": to},
        )
    previous = locked.state
    locked.state = to
    fields = ["state", "updated_at"]
    if to == Case.State.SUBMITTED:
        locked.submitted_at = timezone.now()
        fields.append("submitted_at")
    locked.save(update_fields=fields)
    audit_record(
        action="case_state_changed",
        actor=actor,
        case=locked,
        request=request,
        reason=reason,
        detail={"from": previous, "to": to},
    )
    case.state, case.submitted_at, case.updated_at = locked.state, locked.submitted_at, locked.updated_at
    return case
