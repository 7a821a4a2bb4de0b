"""Review services: claiming and assigning cases, recording views, revealing sensitive data.

Each writes its audit event in the same transaction as the change. Audit details carry ids and
codes only; the reason a reviewer types goes in ``AuditEvent.reason``.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import AuditEvent, Case, Document, User
from onboarding.review.errors import RevealRefused, ReviewConflict, ReviewNotAllowed, StepUpFailed
from onboarding.review.models import Assignment
from onboarding.services.audit import audit_record
from onboarding.services.cases import case_transition

PERM_REVIEW = "onboarding.review_case"
PERM_CONFIRM = "onboarding.confirm_decision"
PERM_REVEAL = "onboarding.reveal_sensitive"
PERM_AUDIT = "onboarding.view_audit"
PERM_OPERATE = "onboarding.operate_case"

STEP_UP_MAX_FAILURES = 5
STEP_UP_WINDOW = dt.timedelta(minutes=15)
# A reveal reason must say something a monthly reviewer can judge ("check" alone cannot be).
REVEAL_REASON_MIN = 10


def require_perm(user: User, perm: str) -> None:
    if not user.is_active or not user.has_perm(perm):
        raise ReviewNotAllowed(_("You do not have permission to do this."))


@transaction.atomic
def case_claim(*, case: Case, reviewer: User, request: HttpRequest | None = None) -> Assignment:
    """Take a submitted case into review, holding it. A case held by someone else is refused.

    A case returning after resubmission is still held by its reviewer, who claims it again.
    """
    require_perm(reviewer, PERM_REVIEW)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    current = Assignment.objects.filter(case=locked).first()
    if current is not None and current.reviewer_id != reviewer.pk and locked.state == Case.State.IN_REVIEW:
        raise ReviewConflict(_("Another reviewer is working on this case."))
    if locked.state not in {Case.State.SUBMITTED, Case.State.IN_REVIEW}:
        raise ReviewConflict(_("Only a submitted case can be claimed."))
    assignment = _assign(case=locked, reviewer=reviewer, assigned_by=reviewer, current=current)
    audit_record(action="case_claimed", actor=reviewer, case=locked, request=request)
    if locked.state == Case.State.SUBMITTED:
        case_transition(case=locked, to=Case.State.IN_REVIEW, actor=reviewer, request=request)
    case.state = locked.state
    return assignment


def _assign(*, case: Case, reviewer: User, assigned_by: User, current: Assignment | None) -> Assignment:
    if current is None:
        return Assignment.objects.create(case=case, reviewer=reviewer, assigned_by=assigned_by)
    current.reviewer, current.assigned_by = reviewer, assigned_by
    current.save(update_fields=["reviewer", "assigned_by"])
    return current


@transaction.atomic
def case_assign(*, case: Case, reviewer: User, assigned_by: User, request: HttpRequest | None = None) -> Assignment:
    """Give a case to a reviewer (a lead's action: needs the audit permission as well as review)."""
    require_perm(assigned_by, PERM_REVIEW)
    require_perm(assigned_by, PERM_AUDIT)
    if not reviewer.is_active or not reviewer.has_perm(PERM_REVIEW):
        raise ReviewNotAllowed(_("This person cannot review cases."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in {Case.State.SUBMITTED, Case.State.IN_REVIEW}:
        raise ReviewConflict(_("Only a submitted case can be assigned."))
    assignment = _assign(
        case=locked, reviewer=reviewer, assigned_by=assigned_by, current=Assignment.objects.filter(case=locked).first()
    )
    audit_record(
        action="case_assigned", actor=assigned_by, case=locked, request=request, detail={"reviewer": reviewer.pk}
    )
    return assignment


def case_view_record(*, case: Case, actor: User, request: HttpRequest | None = None, what: str = "case") -> None:
    """Log that a staff member looked at a case or one of its (masked) images: the monthly review counts these."""
    audit_record(action=f"{what}_viewed", actor=actor, case=case, request=request)


@dataclass(frozen=True)
class Revealed:
    """What a reveal returns: an image as a data URI, or a field's value. Never stored or logged."""

    label: str
    value: str = ""
    image_data_uri: str = ""


def sensitive_reveal(
    *,
    case: Case,
    document: Document,
    actor: User,
    reason: str,
    password: str,
    field_key: str = "",
    request: HttpRequest | None = None,
) -> Revealed:
    """Show one unmasked image or one field value, for a typed reason; audited as who, when, whose, why.

    Step-up: the reviewer re-enters their password for every reveal, so an unattended signed-in
    browser cannot be used to unmask data. Failed attempts are logged (outside the refused
    transaction) and, after ``STEP_UP_MAX_FAILURES`` within ``STEP_UP_WINDOW``, reveals are refused
    without checking, so this form cannot be used to guess passwords around the sign-in lock-out.

    The original image is returned inline (a data URI): it never gets a URL that could be shared or cached.
    A card number is not kept anywhere, so there is nothing to reveal for it.
    """
    require_perm(actor, PERM_REVEAL)
    recent_failures = AuditEvent.objects.filter(
        action="reveal_step_up_failed", actor=actor, created_at__gte=timezone.now() - STEP_UP_WINDOW
    ).count()
    if recent_failures >= STEP_UP_MAX_FAILURES:
        raise StepUpFailed(_("Too many wrong passwords. Sign out and sign in again before revealing."))
    if not actor.check_password(password):
        audit_record(
            action="reveal_step_up_failed",
            actor=actor,
            case=case,
            request=request,
            detail={"document": str(document.public_id)},
        )
        raise StepUpFailed(_("The password is not right. Nothing was revealed."))
    return _reveal(case=case, document=document, actor=actor, reason=reason, field_key=field_key, request=request)


@transaction.atomic
def _reveal(
    *, case: Case, document: Document, actor: User, reason: str, field_key: str, request: HttpRequest | None
) -> Revealed:
    reason = " ".join(reason.split())
    if len(reason) < REVEAL_REASON_MIN:
        raise RevealRefused(_("Type the reason for revealing (at least %(n)d characters).") % {"n": REVEAL_REASON_MIN})
    if document.case_id != case.pk or not document.is_current:
        raise RevealRefused(_("This document is not part of the case any more."))
    if field_key:
        field = document.fields.filter(key=field_key).first()
        if field is None:
            raise RevealRefused(_("This field does not exist."))
        if field.key == "card_number":
            raise RevealRefused(_("Full card numbers are never stored, so they cannot be revealed."))
        result = Revealed(label=field.label_en, value=field.value)
    else:
        if not document.original_name:
            raise RevealRefused(_("The original picture of this document is not kept."))
        with default_storage.open(document.original_name) as fh:
            data = fh.read()
        mime = "image/png" if document.stored_format == "png" else "image/jpeg"
        result = Revealed(label="image", image_data_uri=f"data:{mime};base64,{base64.b64encode(data).decode()}")
    audit_record(
        action="sensitive_revealed",
        actor=actor,
        case=case,
        request=request,
        reason=reason,
        detail={"document": str(document.public_id), "kind": document.kind, "target": field_key or "image"},
    )
    return result
