"""Decisions on a case: propose, confirm (four-eyes) or return, and apply the outcome.

Four-eyes is enforced twice: here (the proposer is refused with ``FourEyesViolation``) and by the
``decision_confirmer_differs_from_proposer`` constraint, so no other path can bypass it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onboarding.models import Case, Document, User
from onboarding.review.errors import FourEyesViolation, ReviewConflict, ReviewNotAllowed
from onboarding.review.models import Assignment, Decision
from onboarding.review.services import PERM_CONFIRM, PERM_REVIEW, require_perm
from onboarding.services.accounts import customer_link_create
from onboarding.services.audit import audit_record
from onboarding.services.cases import case_transition
from onboarding.verification.selectors import case_checks_current, case_flag_reasons

# Final outcomes that need a second reviewer on a flagged case. A resubmission request decides
# nothing about the customer: it asks for better documents, so one reviewer may send it.
CONFIRMED_OUTCOMES = frozenset({Decision.Outcome.APPROVE, Decision.Outcome.REJECT})
TARGET_STATE = {
    Decision.Outcome.APPROVE: Case.State.APPROVED,
    Decision.Outcome.REJECT: Case.State.REJECTED,
    Decision.Outcome.RESUBMIT: Case.State.RESUBMISSION_REQUESTED,
}
NOTE_MAX = 2000


def _evidence(case: Case) -> dict[str, object]:
    documents = case.documents.exclude(state__in=[Document.State.REPLACED, Document.State.PURGED])
    return {
        "documents": [
            {"id": str(d.public_id), "kind": d.kind, "sha256": d.sha256, "provider": d.provider} for d in documents
        ],
        "checks": [{"id": c.pk, "kind": c.kind, "outcome": c.outcome} for c in case_checks_current(case=case)],
    }


@transaction.atomic
def decision_propose(
    *,
    case: Case,
    reviewer: User,
    outcome: str,
    reason_code: str = "",
    note: str = "",
    documents: Iterable[str] = (),
    request: HttpRequest | None = None,
) -> Decision:
    """Record the reviewer's decision. It is applied at once unless the case is flagged and the
    outcome is approve or reject, in which case it waits for ``decision_confirm`` by someone else.

    Only the reviewer holding the case may decide; a rejection or resubmission needs a reason code,
    a resubmission the document kinds to capture again.
    """
    require_perm(reviewer, PERM_REVIEW)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state != Case.State.IN_REVIEW:
        raise ReviewConflict(_("Claim the case before deciding on it."))
    if not Assignment.objects.filter(case=locked, reviewer=reviewer).exists():
        raise ReviewNotAllowed(_("Only the reviewer holding the case can decide on it."))
    if Decision.objects.filter(case=locked, state=Decision.State.PROPOSED).exists():
        raise ReviewConflict(_("A decision on this case is already waiting for confirmation."))
    outcome = Decision.Outcome(outcome)
    kinds = sorted(set(documents))
    if outcome != Decision.Outcome.APPROVE and reason_code not in Decision.Reason.values:
        raise ReviewConflict(_("Choose a reason code."))
    if outcome == Decision.Outcome.RESUBMIT:
        current = set(
            locked.documents.exclude(state__in=[Document.State.REPLACED, Document.State.PURGED]).values_list(
                "kind", flat=True
            )
        )
        if not kinds or not set(kinds) <= current:
            raise ReviewConflict(_("Choose which documents the customer must capture again."))
    else:
        kinds = []
    flags = case_flag_reasons(case=locked)
    needs_second = bool(flags) and outcome in CONFIRMED_OUTCOMES
    decision = Decision.objects.create(
        case=locked,
        outcome=outcome,
        reason_code=reason_code if outcome != Decision.Outcome.APPROVE else "",
        note=note.strip()[:NOTE_MAX],
        documents=kinds,
        state=Decision.State.PROPOSED,
        requires_confirmation=needs_second,
        proposed_by=reviewer,
        evidence={**_evidence(locked), "flags": [c.kind for c in flags]},
    )
    audit_record(
        action="decision_proposed",
        actor=reviewer,
        case=locked,
        request=request,
        reason=decision.reason_code,
        detail={"decision": decision.pk, "outcome": outcome, "documents": kinds, "needs_second": needs_second},
    )
    if not needs_second:
        _apply(decision=decision, actor=reviewer, request=request)
    case.state = locked.state
    return decision


def decision_confirm(*, decision: Decision, confirmer: User, request: HttpRequest | None = None) -> Decision:
    """A second reviewer confirms a proposed decision, which is then applied. The proposer never can.

    A refused self-confirmation is itself logged (outside the refused transaction, so it stays).
    """
    require_perm(confirmer, PERM_CONFIRM)
    if decision.proposed_by_id == confirmer.pk:
        audit_record(
            action="decision_self_confirm_refused",
            actor=confirmer,
            case=decision.case,
            request=request,
            detail={"decision": decision.pk},
        )
        raise FourEyesViolation(_("You proposed this decision: a second reviewer must confirm it."))
    return _confirm(decision=decision, confirmer=confirmer, request=request)


@transaction.atomic
def _confirm(*, decision: Decision, confirmer: User, request: HttpRequest | None) -> Decision:
    locked = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if locked.proposed_by_id == confirmer.pk:
        raise FourEyesViolation(_("You proposed this decision: a second reviewer must confirm it."))
    if locked.state != Decision.State.PROPOSED:
        raise ReviewConflict(_("This decision is not waiting for confirmation."))
    locked.confirmed_by = confirmer
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(
        action="decision_confirmed",
        actor=confirmer,
        case=locked.case,
        request=request,
        detail={"decision": locked.pk, "outcome": locked.outcome},
    )
    _apply(decision=locked, actor=confirmer, request=request)
    decision.state, decision.confirmed_by = locked.state, confirmer
    return locked


@transaction.atomic
def decision_return(*, decision: Decision, confirmer: User, note: str, request: HttpRequest | None = None) -> Decision:
    """The second reviewer disagrees: the proposal is closed and the case stays in review with its holder."""
    require_perm(confirmer, PERM_CONFIRM)
    locked = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if locked.proposed_by_id == confirmer.pk:
        raise FourEyesViolation(_("You proposed this decision: a second reviewer must answer it."))
    if locked.state != Decision.State.PROPOSED:
        raise ReviewConflict(_("This decision is not waiting for confirmation."))
    locked.state = Decision.State.RETURNED
    locked.note = (locked.note + "\n\n" + note.strip()[:NOTE_MAX]).strip()
    locked.save(update_fields=["state", "note"])
    audit_record(
        action="decision_returned", actor=confirmer, case=locked.case, request=request, detail={"decision": locked.pk}
    )
    return locked


def _apply(*, decision: Decision, actor: User, request: HttpRequest | None) -> None:
    decision.state = Decision.State.FINAL
    decision.decided_at = timezone.now()
    decision.save(update_fields=["state", "decided_at"])
    case_transition(
        case=decision.case,
        to=TARGET_STATE[Decision.Outcome(decision.outcome)],
        actor=actor,
        request=request,
        reason=decision.reason_code,
    )
    if decision.outcome == Decision.Outcome.RESUBMIT:
        case, kinds, note = decision.case, list(decision.documents), decision.note
        transaction.on_commit(lambda: resubmission_notify(case=case, kinds=kinds, note=note))


def resubmission_notify(*, case: Case, kinds: list[str], note: str) -> None:
    """E-mail the customer what to capture again, with a fresh link to do it (Korean, then English)."""
    url = customer_link_create(user=case.applicant, case=case)
    parts = []
    for language in ("ko", "en"):
        with translation.override(language):
            items = "\n".join(f"- {Document.Kind(k).label}" for k in kinds)
            parts.append(
                _(
                    "We need new pictures of these documents to finish your onboarding:\n%(items)s\n\n"
                    "Reviewer's note: %(note)s\n\nOpen this link to take them again. It works once and "
                    "expires in 24 hours.\n%(url)s"
                )
                % {"items": items, "note": note or "-", "url": url}
            )
    with translation.override("ko"):
        subject = _("Please send your documents again")
    send_mail(
        subject=subject,
        message="\n\n----\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[case.applicant.email],
    )
