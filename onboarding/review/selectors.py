"""Reads for the review dashboard and the operator console, with their authorization filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from onboarding.models import AuditEvent, Case, Consent, Document, ExtractedField, User
from onboarding.review.models import Assignment, Decision
from onboarding.review.services import PERM_AUDIT, PERM_OPERATE, PERM_REVIEW
from onboarding.security.blind_index import blind_index
from onboarding.verification.models import Check
from onboarding.verification.selectors import cases_with_flag_annotation

# What a reviewer may open: everything from submission on. Drafts are the customer's own business.
REVIEWABLE_STATES = (
    Case.State.SUBMITTED,
    Case.State.IN_REVIEW,
    Case.State.RESUBMISSION_REQUESTED,
    Case.State.APPROVED,
    Case.State.REJECTED,
)
OPEN_STATES = (Case.State.SUBMITTED, Case.State.IN_REVIEW)
# The annotation added by ``cases_with_flag_annotation`` (named here: the type checker cannot see it).
FLAGGED = "flagged"
LIVE_DOCUMENT = ~Q(state__in=[Document.State.REPLACED, Document.State.PURGED])


def case_list_for_reviewer(*, user: User) -> QuerySet[Case]:
    if not user.has_perm(PERM_REVIEW):
        return Case.objects.none()
    return Case.objects.filter(state__in=REVIEWABLE_STATES)


def case_get_for_reviewer(*, user: User, public_id: Any) -> Case | None:
    return case_list_for_reviewer(user=user).select_related("applicant", "operator").filter(public_id=public_id).first()


@dataclass(frozen=True)
class QueueFilters:
    state: str = "open"
    flagged: str = ""  # "", "yes", "no"
    kind: str = ""
    provider: str = ""
    min_age_days: int | None = None
    sort: str = "oldest"
    mine: bool = False


def review_queue(*, user: User, filters: QueueFilters) -> QuerySet[Case]:
    """The queue: flagged cases first, then by age (time since submission)."""
    qs = cases_with_flag_annotation(case_list_for_reviewer(user=user))
    if filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif filters.state:
        qs = qs.filter(state=filters.state)
    if filters.flagged:
        qs = qs.filter(**{FLAGGED: filters.flagged == "yes"})
    live = Document.objects.filter(LIVE_DOCUMENT, case=OuterRef("pk"))
    if filters.kind:
        qs = qs.filter(Exists(live.filter(kind=filters.kind)))
    if filters.provider:
        qs = qs.filter(Exists(live.filter(provider=filters.provider)))
    if filters.min_age_days is not None:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=filters.min_age_days))
    if filters.mine:
        qs = qs.filter(review_assignment__reviewer=user)
    age = "submitted_at" if filters.sort == "oldest" else "-submitted_at"
    return qs.select_related("review_assignment__reviewer", "operator").order_by(f"-{FLAGGED}", age, "pk")


def review_state_counts(*, user: User) -> list[tuple[str, str, int]]:
    counts = dict(
        case_list_for_reviewer(user=user).values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [(s.value, str(s.label), counts.get(s, 0)) for s in REVIEWABLE_STATES]


def review_providers() -> list[str]:
    return sorted(set(Document.objects.exclude(provider="").values_list("provider", flat=True)))


@dataclass
class DocumentView:
    document: Document
    fields: list[ExtractedField]
    overlay: list[dict[str, Any]] = field(default_factory=list)


def case_documents_for_review(*, case: Case) -> list[DocumentView]:
    views = []
    for document in case.documents.filter(LIVE_DOCUMENT).order_by("created_at"):
        fields = list(document.fields.order_by("position").prefetch_related("edits__actor"))
        overlay = [
            {"key": f.key, "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in poly), "review": f.needs_review}
            for f in fields
            for poly in f.polygons
        ]
        views.append(DocumentView(document, fields, overlay))
    return views


def case_document_for_review(*, case: Case, public_id: Any) -> Document | None:
    return case.documents.filter(LIVE_DOCUMENT, public_id=public_id).first()


def case_consents(*, case: Case) -> QuerySet[Consent]:
    return case.consents.select_related("notice", "operator").order_by("given_at", "pk")


def case_audit_trail(*, case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(case=case).select_related("actor").order_by("created_at", "pk")


def case_checks_all(*, case: Case) -> QuerySet[Check]:
    return Check.objects.filter(case=case).select_related("document").order_by("created_at", "pk")


def case_decisions(*, case: Case) -> QuerySet[Decision]:
    return Decision.objects.filter(case=case).select_related("proposed_by", "confirmed_by").order_by("proposed_at")


def decision_get_open(*, case: Case) -> Decision | None:
    return case_decisions(case=case).filter(state=Decision.State.PROPOSED).first()


def case_assignment(*, case: Case) -> Assignment | None:
    return Assignment.objects.filter(case=case).select_related("reviewer").first()


def reviewers_active() -> list[User]:
    return [
        u
        for u in User.objects.filter(is_active=True, groups__name__in=["reviewer", "admin"]).distinct()
        if u.has_perm(PERM_REVIEW)
    ]


def audit_events_for_auditor(*, user: User) -> QuerySet[AuditEvent]:
    if not user.has_perm(PERM_AUDIT):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor", "case").order_by("-created_at", "-pk")


# Operator console ----------------------------------------------------------------------------


def case_list_for_operator(*, user: User) -> QuerySet[Case]:
    """Only the cases this operator opened: operators never browse other people's cases."""
    if not user.has_perm(PERM_OPERATE):
        return Case.objects.none()
    return Case.objects.filter(operator=user, channel=Case.Channel.ASSISTED).select_related("applicant")


def case_get_for_operator(*, user: User, public_id: Any) -> Case | None:
    return case_list_for_operator(user=user).filter(public_id=public_id).first()


def case_search_for_operator(*, user: User, query: str, state: str = "") -> list[Case]:
    """Search the operator's own cases by the customer's exact e-mail (through its blind index) or
    the start of the case id (the operator reads it out to the customer)."""
    qs = case_list_for_operator(user=user).order_by("-created_at")
    if state:
        qs = qs.filter(state=state)
    query = query.strip()
    if not query:
        return list(qs[:200])
    if "@" in query:
        return list(qs.filter(applicant__email_index=blind_index(query, purpose="email")))
    prefix = query.replace("-", "").lower()
    # Case ids are stored differently per database (text or uuid): match the operator's own,
    # bounded set in Python rather than with backend-specific SQL.
    return [c for c in qs if c.public_id.hex.startswith(prefix)]


@dataclass(frozen=True)
class ResubmissionRequest:
    kinds: list[str]
    labels: list[str]
    note: str
    requested_at: dt.datetime


def resubmission_request_open(*, case: Case) -> ResubmissionRequest | None:
    """What the customer was asked to redo, until they submit again."""
    if case.state not in {Case.State.RESUBMISSION_REQUESTED, Case.State.COLLECTING}:
        return None
    decision = (
        Decision.objects.filter(case=case, outcome=Decision.Outcome.RESUBMIT, state=Decision.State.FINAL)
        .order_by("-decided_at")
        .first()
    )
    if decision is None or decision.decided_at is None:
        return None
    if case.submitted_at is not None and case.submitted_at > decision.decided_at:
        return None
    kinds = list(decision.documents)
    return ResubmissionRequest(kinds, [str(Document.Kind(k).label) for k in kinds], decision.note, decision.decided_at)
