"""Reads over checks: the current ones, why a case is flagged, and one timeline per case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from onboarding.models import AuditEvent, Case
from onboarding.verification.models import Check


def case_checks_current(*, case: Case) -> QuerySet[Check]:
    return Check.objects.filter(case=case, superseded_at__isnull=True).select_related("document")


# Bookkeeping rows that are not checks a person could act on.
_INTERNAL_KINDS = ("id_authenticity_reanalysis",)


def checks_to_act_on(*, case: Case, document: Any = None) -> list[Check]:
    """Current checks a customer can act on (failed, warned, errored or pending), worst first."""
    qs = case_checks_current(case=case).filter(outcome__in=Check.FLAGGING).exclude(kind__in=_INTERNAL_KINDS)
    if document is not None:
        qs = qs.filter(document=document)
    order: dict[str, int] = {"fail": 0, "error": 1, "warn": 2, "pending": 3}
    return sorted(qs, key=lambda c: (order.get(str(c.outcome), 9), c.created_at))


def case_flag_reasons(*, case: Case) -> list[Check]:
    """The current checks that flag the case: failed, warned, errored or still pending."""
    return list(case_checks_current(case=case).filter(outcome__in=Check.FLAGGING))


def cases_with_flag_annotation(queryset: QuerySet[Case]) -> QuerySet[Case]:
    flagging = Check.objects.filter(case=OuterRef("pk"), superseded_at__isnull=True, outcome__in=Check.FLAGGING)
    return queryset.annotate(flagged=Exists(flagging))


@dataclass(frozen=True)
class TimelineEntry:
    at: Any
    source: str  # "check" or "audit"
    title: str
    outcome: str
    detail: dict[str, Any]


def case_timeline(*, case: Case) -> list[TimelineEntry]:
    """Every check (including superseded ones) and audit event of a case, oldest first."""
    entries = [
        TimelineEntry(
            c.created_at,
            "check",
            c.kind,
            c.outcome,
            {
                "message": c.message,
                "evidence": c.evidence,
                "provider": c.provider,
                "field": c.field_key,
                "superseded": c.superseded_at is not None,
            },
        )
        for c in Check.objects.filter(case=case).exclude(kind="id_authenticity_reanalysis")
    ]
    entries += [
        TimelineEntry(e.created_at, "audit", e.action, "", {"actor": e.actor_id, "detail": e.detail})
        for e in AuditEvent.objects.filter(case=case)
    ]
    return sorted(entries, key=lambda e: e.at)
