"""The access log's uses: CSV export and the monthly access review (개인정보 접속기록 점검).

Both are themselves audited: an export records who exported what and why, a review run records
the month reviewed and what it found.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from onboarding.models import AuditEvent, User
from onboarding.review.errors import ReviewConflict
from onboarding.review.models import Assignment
from onboarding.review.services import PERM_AUDIT, require_perm
from onboarding.services.audit import audit_record

EXPORT_REASON_MIN = 10
# More case views than this by one person in one day is a "bulk view" to explain.
BULK_VIEWS_PER_DAY = 50
# Outside 07:00–22:00 Korean time is after hours.
KST = ZoneInfo("Asia/Seoul")
WORK_HOURS = range(7, 22)
VIEW_ACTIONS = ("case_viewed", "document_viewed")
EXPORT_ACTIONS = ("audit_exported",)
CSV_COLUMNS = ("time_utc", "actor", "action", "case", "subject_user", "ip_address", "reason", "detail")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet must not run a cell as a formula (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@transaction.atomic
def audit_export_csv(
    *,
    events: QuerySet[AuditEvent],
    actor: User,
    reason: str,
    filters: dict[str, str],
    request: HttpRequest | None = None,
) -> str:
    """The events as CSV, for a typed reason; the export itself becomes an audit event."""
    require_perm(actor, PERM_AUDIT)
    reason = " ".join(reason.split())
    if len(reason) < EXPORT_REASON_MIN:
        raise ReviewConflict(
            _("Type the reason for the export (at least %(n)d characters).") % {"n": EXPORT_REASON_MIN}
        )
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for e in events.select_related("actor", "case").iterator():
        writer.writerow(
            [
                _cell(v)
                for v in (
                    e.created_at.astimezone(dt.UTC).isoformat(),
                    e.actor.username if e.actor else "",
                    e.action,
                    e.case.public_id if e.case else "",
                    e.subject_user_id or "",
                    e.ip_address or "",
                    e.reason,
                    json.dumps(e.detail, sort_keys=True, ensure_ascii=False),
                )
            ]
        )
        count += 1
    audit_record(
        action="audit_exported",
        actor=actor,
        request=request,
        reason=reason,
        detail={"rows": count, "filters": {k: v for k, v in filters.items() if v}},
    )
    return buf.getvalue()


@dataclass
class ActorSummary:
    actor: str
    case_views: int = 0
    image_views: int = 0
    reveals: int = 0
    exports: int = 0
    subjects: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Finding:
    kind: str  # bulk_views, reveal, export, export_without_reason, unassigned_access, after_hours
    actor: str
    at: dt.datetime
    case: str
    count: int
    reason: str


@dataclass
class AccessReview:
    month: dt.date
    actors: list[ActorSummary]
    findings: list[Finding]
    events: int
    signature: str = ""


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=KST)
    end = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=KST)
    return start, end


def access_review_build(*, month: dt.date) -> AccessReview:
    """Who looked at whose data in ``month`` (Korean time), and what needs explaining.

    Flags: bulk views (over ``BULK_VIEWS_PER_DAY`` case views a day), every reveal and export (an
    export without a reason separately), views of a case held by another reviewer, and after-hours access.
    """
    start, end = _month_bounds(month)
    events = list(
        AuditEvent.objects.filter(created_at__gte=start, created_at__lt=end, actor__isnull=False)
        .exclude(actor__groups__name="customer")
        .select_related("actor", "case")
        .order_by("created_at", "pk")
    )
    holders = dict(Assignment.objects.values_list("case_id", "reviewer_id"))
    actors: dict[int, ActorSummary] = {}
    per_day: Counter[tuple[int, dt.date]] = Counter()
    findings: list[Finding] = []
    for e in events:
        assert e.actor is not None
        s = actors.setdefault(e.actor_id or 0, ActorSummary(e.actor.username))
        case = str(e.case.public_id) if e.case else ""
        local = e.created_at.astimezone(KST)
        if e.subject_user_id:
            s.subjects.add(e.subject_user_id)
        if e.action == "case_viewed":
            s.case_views += 1
            per_day[(e.actor_id or 0, local.date())] += 1
            holder = holders.get(e.case_id) if e.case_id else None
            if holder is not None and holder != e.actor_id and e.actor.has_perm("onboarding.review_case"):
                findings.append(Finding("unassigned_access", s.actor, e.created_at, case, 1, ""))
        elif e.action == "document_viewed":
            s.image_views += 1
        elif e.action == "sensitive_revealed":
            s.reveals += 1
            findings.append(Finding("reveal", s.actor, e.created_at, case, 1, e.reason))
        elif e.action in EXPORT_ACTIONS:
            s.exports += 1
            kind = "export" if e.reason.strip() else "export_without_reason"
            findings.append(Finding(kind, s.actor, e.created_at, case, int(e.detail.get("rows", 0)), e.reason))
        if local.hour not in WORK_HOURS and e.action in (*VIEW_ACTIONS, "sensitive_revealed", *EXPORT_ACTIONS):
            findings.append(Finding("after_hours", s.actor, e.created_at, case, 1, e.action))
    for (actor_id, day), n in sorted(per_day.items()):
        if n > BULK_VIEWS_PER_DAY:
            findings.append(
                Finding("bulk_views", actors[actor_id].actor, dt.datetime.combine(day, dt.time(), KST), "", n, "")
            )
    return AccessReview(month, sorted(actors.values(), key=lambda a: a.actor), findings, len(events))


def _signature(report: AccessReview) -> str:
    canonical = json.dumps(
        {
            "month": report.month.isoformat(),
            "events": report.events,
            "findings": [[f.kind, f.actor, f.at.isoformat(), f.case, f.count] for f in report.findings],
        },
        sort_keys=True,
    )
    return salted_hmac("onboarding.review.access_review", canonical, algorithm="sha256").hexdigest()


@transaction.atomic
def access_review_run(*, month: dt.date, actor: User | None, request: HttpRequest | None = None) -> AccessReview:
    """Build the month's access review, sign it (HMAC with the server's secret) and audit the run."""
    if actor is not None:
        require_perm(actor, PERM_AUDIT)
    report = access_review_build(month=month)
    report.signature = _signature(report)
    kinds = Counter(f.kind for f in report.findings)
    audit_record(
        action="access_review_run",
        actor=actor,
        request=request,
        detail={"month": month.strftime("%Y-%m"), "events": report.events, "findings": dict(kinds)},
    )
    return report


def access_review_rows(report: AccessReview) -> Iterable[list[str]]:
    yield ["kind", "actor", "time_kst", "case", "count", "reason"]
    for f in report.findings:
        yield [_cell(v) for v in (f.kind, f.actor, f.at.astimezone(KST).isoformat(), f.case, f.count, f.reason)]
