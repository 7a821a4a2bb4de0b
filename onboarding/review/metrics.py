"""Operational metrics for the dashboard, computed from the records (cases, audit events, fields, checks).

Reads only; aggregated counts and durations, never personal values.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from onboarding.models import AuditEvent, Case, Document, ExtractedField
from onboarding.review.models import Decision
from onboarding.verification.models import Check

# The customer's path, in order; a case "reached" a step when it ever entered that state.
FUNNEL = (
    ("started", Case.State.DRAFT),
    ("consented", Case.State.CONSENTED),
    ("collecting", Case.State.COLLECTING),
    ("submitted", Case.State.SUBMITTED),
    ("decided", "decided"),
)
DECIDED = (Case.State.APPROVED, Case.State.REJECTED)


def cases_per_day(*, days: int = 14, today: dt.date | None = None) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Cases opened per day over ``days`` days, split by the state each is in now."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    rows = (
        Case.objects.filter(created_at__date__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values_list("day", "state")
        .annotate(n=Count("pk"))
    )
    grid: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for day, state, n in rows:
        grid[state][day] = n
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    series = [
        (str(Case.State(state).label), [grid[state].get(d, 0) for d in dates])
        for state in Case.State.values
        if state in grid
    ]
    return [d.isoformat() for d in dates], series


@dataclass(frozen=True)
class FunnelStep:
    step: str
    reached: int
    drop_off: float  # share lost since the previous step, 0..1


def funnel() -> list[FunnelStep]:
    """How many cases reached each step, and the share lost at each step."""
    reached_states: dict[int, set[str]] = defaultdict(set)
    for case_id, to in AuditEvent.objects.filter(action="case_state_changed").values_list("case_id", "detail__to"):
        reached_states[case_id].add(to)
    started = Case.objects.count()
    counts = {"started": started}
    for name, state in FUNNEL[1:]:
        wanted = set(DECIDED) if state == "decided" else {state}
        counts[name] = sum(1 for states in reached_states.values() if states & wanted)
    steps = []
    previous = None
    for name, _state in FUNNEL:
        n = counts[name]
        drop = 0.0 if previous in (None, 0) else max(0.0, 1 - n / previous)
        steps.append(FunnelStep(name, n, drop))
        previous = n
    return steps


def capture_rejections() -> list[tuple[str, int]]:
    """Why pictures were refused: intake refusals and readings the provider rejected, by code."""
    counter: Counter[str] = Counter()
    for action, code in AuditEvent.objects.filter(
        action__in=["capture_rejected", "document_analysis_failed"]
    ).values_list("action", "detail__code"):
        counter[str(code or action)] += 1
    return counter.most_common(12)


@dataclass(frozen=True)
class FieldRate:
    key: str
    total: int
    needs_review: int

    @property
    def rate(self) -> float:
        return self.needs_review / self.total if self.total else 0.0


def review_rate_by_key() -> list[FieldRate]:
    rows = ExtractedField.objects.values("key").annotate(
        total=Count("pk"), flagged=Count("pk", filter=Q(needs_review=True))
    )
    rates = [FieldRate(r["key"], r["total"], r["flagged"]) for r in rows]
    return sorted(rates, key=lambda r: (-r.rate, r.key))


@dataclass(frozen=True)
class ProviderStats:
    provider: str
    readings: int
    errors: int
    check_errors: int
    median_seconds: float | None
    p95_seconds: float | None


def provider_stats() -> list[ProviderStats]:
    """Per provider: documents read, reading failures, check errors, and reading latency."""
    latencies: dict[str, list[float]] = defaultdict(list)
    readings: Counter[str] = Counter()
    for provider, started, done in Document.objects.exclude(provider="").values_list(
        "provider", "analysis_started_at", "analysed_at"
    ):
        readings[provider] += 1
        if started and done:
            latencies[provider].append((done - started).total_seconds())
    errors: Counter[str] = Counter()
    for code in Document.objects.exclude(error_code="").values_list("error_code", flat=True):
        errors[code.split(":", 1)[0] if ":" in code else "other"] += 1
    check_errors = Counter(
        Check.objects.filter(outcome=Check.Outcome.ERROR).exclude(provider="").values_list("provider", flat=True)
    )
    names = sorted(set(readings) | set(errors) | set(check_errors))
    out = []
    for name in names:
        values = sorted(latencies.get(name, []))
        out.append(
            ProviderStats(
                name,
                readings[name],
                errors[name],
                check_errors[name],
                statistics.median(values) if values else None,
                values[min(len(values) - 1, int(0.95 * len(values)))] if values else None,
            )
        )
    return out


def median_time_to_decision() -> dt.timedelta | None:
    """Median time from (last) submission to the final decision, over decided cases."""
    durations = [
        (decided - submitted).total_seconds()
        for decided, submitted in Decision.objects.filter(
            state=Decision.State.FINAL, outcome__in=[Decision.Outcome.APPROVE, Decision.Outcome.REJECT]
        ).values_list("decided_at", "case__submitted_at")
        if decided and submitted
    ]
    return dt.timedelta(seconds=statistics.median(durations)) if durations else None
