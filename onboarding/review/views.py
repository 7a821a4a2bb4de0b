"""The review dashboard: queue, case detail, reveal, decisions, metrics, audit log, access review.

Views parse input, call one service or selector, and render. Every page needs a reviewer or admin
sign-in; the services check the finer permission (reveal, confirm, audit) again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocr_integration.masking import mask_value
from onboarding.errors import ApplicationError
from onboarding.models import AuditEvent, Case, ExtractedField, Role
from onboarding.permissions import View, roles_required, signed_in_user
from onboarding.review import charts, metrics
from onboarding.review.access import access_review_run, audit_export_csv
from onboarding.review.decisions import decision_confirm, decision_propose, decision_return
from onboarding.review.forms import (
    AssignForm,
    AuditFilterForm,
    DecisionForm,
    ExportForm,
    MonthForm,
    QueueFilterForm,
    ReturnForm,
    RevealForm,
)
from onboarding.review.models import Decision
from onboarding.review.selectors import (
    audit_events_for_auditor,
    case_assignment,
    case_audit_trail,
    case_checks_all,
    case_consents,
    case_decisions,
    case_document_for_review,
    case_documents_for_review,
    case_get_for_reviewer,
    decision_get_open,
    review_providers,
    review_queue,
    review_state_counts,
    reviewers_active,
)
from onboarding.review.services import (
    PERM_AUDIT,
    PERM_CONFIRM,
    PERM_REVEAL,
    case_assign,
    case_claim,
    case_view_record,
    sensitive_reveal,
)
from onboarding.selectors import document_list_current
from onboarding.verification.selectors import case_flag_reasons
from onboarding.views.document_display import masked_image_response

reviewer_required = roles_required(Role.REVIEWER, Role.ADMIN)


def perm_required(perm: str) -> Callable[[View], View]:
    """Deny before anything else (method, lookup) when the signed-in staff member lacks ``perm``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


auditor_required = perm_required(PERM_AUDIT)


def _case(request: HttpRequest, public_id: UUID) -> Case:
    case = case_get_for_reviewer(user=signed_in_user(request), public_id=public_id)
    if case is None:
        raise Http404
    return case


def _refused(request: HttpRequest, exc: ApplicationError, case: Case | None = None) -> HttpResponse:
    """A refused step: the message and the status say why (403 permission, 409 state, 400 input)."""
    return render(request, "review/refused.html", {"message": exc.message, "case": case}, status=exc.http_status)


@reviewer_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = QueueFilterForm(request.GET or None, providers=review_providers())
    cases = review_queue(user=user, filters=form.filters())
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"case": c, "age": (now - c.submitted_at) if c.submitted_at else None} for c in page]
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "counts": review_state_counts(user=user),
            "query": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _field_rows(fields: list[ExtractedField], language: str) -> list[dict[str, Any]]:
    def shown(field: ExtractedField, value: str) -> str:
        return mask_value(field.key, value) if field.sensitive and value else value

    return [
        {
            "field": f,
            "label": f.label_ko if language == "ko" else f.label_en,
            "ocr": shown(f, f.ocr_value),
            "final": shown(f, f.value),
            "edits": [{"edit": e, "old": shown(f, e.old_value), "new": shown(f, e.new_value)} for e in f.edits.all()],
            "revealable": f.sensitive and f.key != "card_number",
        }
        for f in fields
    ]


@reviewer_required
@require_GET
def case_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = _case(request, public_id)
    case_view_record(case=case, actor=user, request=request)
    return render(request, "review/case.html", _case_context(request, case))


def _case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = signed_in_user(request)
    language = "ko" if (request.LANGUAGE_CODE or "ko").startswith("ko") else "en"
    documents = case_documents_for_review(case=case)
    assignment = case_assignment(case=case)
    open_decision = decision_get_open(case=case)
    checks = [
        {
            "check": c,
            "message": _(c.message) if c.message else "",
            "evidence": json.dumps(c.evidence, ensure_ascii=False, sort_keys=True) if c.evidence else "",
        }
        for c in case_checks_all(case=case)
    ]
    holds = assignment is not None and assignment.reviewer_id == user.pk
    return {
        "case": case,
        "flags": case_flag_reasons(case=case),
        "documents": [
            {"view": d, "rows": _field_rows(d.fields, language), "reveal_form": RevealForm()} for d in documents
        ],
        "checks": checks,
        "consents": case_consents(case=case),
        "audit": case_audit_trail(case=case),
        "decisions": case_decisions(case=case),
        "open_decision": open_decision,
        "assignment": assignment,
        "holds": holds,
        # A resubmitted case comes back "submitted" while still held: its reviewer claims it again.
        "can_claim": case.state == Case.State.SUBMITTED or (case.state == Case.State.IN_REVIEW and assignment is None),
        "can_decide": holds and case.state == Case.State.IN_REVIEW and open_decision is None,
        "can_confirm": open_decision is not None
        and user.has_perm(PERM_CONFIRM)
        and open_decision.proposed_by_id != user.pk,
        "can_reveal": user.has_perm(PERM_REVEAL),
        "can_assign": user.has_perm(PERM_AUDIT) and case.state in {Case.State.SUBMITTED, Case.State.IN_REVIEW},
        "decision_form": DecisionForm(kinds=[d.document.kind for d in documents]),
        "return_form": ReturnForm(),
        "assign_form": AssignForm(reviewers=reviewers_active()),
    }


@reviewer_required
@require_GET
def document_image(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    """The masked derivative only; originals are shown through ``reveal`` with a reason."""
    case = _case(request, public_id)
    document = case_document_for_review(case=case, public_id=document_id)
    if document is None or not document.masked_name:
        raise Http404
    case_view_record(case=case, actor=signed_in_user(request), request=request, what="document")
    return masked_image_response(document)


@reviewer_required
@require_POST
def claim(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    try:
        case_claim(case=case, reviewer=signed_in_user(request), request=request)
    except ApplicationError as exc:
        return _refused(request, exc, case)
    messages.success(request, _("You hold this case now."))
    return redirect("review:case", public_id=case.public_id)


@reviewer_required
@auditor_required
@require_POST
def assign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    reviewers = reviewers_active()
    form = AssignForm(request.POST, reviewers=reviewers)
    if not form.is_valid():
        raise Http404
    target = next(u for u in reviewers if str(u.pk) == form.cleaned_data["reviewer"])
    try:
        case_assign(case=case, reviewer=target, assigned_by=signed_in_user(request), request=request)
    except ApplicationError as exc:
        return _refused(request, exc, case)
    messages.success(request, _("Assigned to %(name)s.") % {"name": target.username})
    return redirect("review:case", public_id=case.public_id)


@reviewer_required
@require_POST
def reveal(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    document = case_document_for_review(case=case, public_id=document_id)
    if document is None:
        raise Http404
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(
            request, "review/reveal_form.html", {"case": case, "document": document, "form": form}, status=400
        )
    try:
        revealed = sensitive_reveal(
            case=case,
            document=document,
            actor=signed_in_user(request),
            reason=form.cleaned_data["reason"],
            password=form.cleaned_data["password"],
            field_key=form.cleaned_data["field_key"],
            request=request,
        )
    except ApplicationError as exc:
        return _refused(request, exc, case)
    field = document.fields.filter(key=form.cleaned_data["field_key"]).first() if revealed.value else None
    label = "" if field is None else (field.label_ko if request.LANGUAGE_CODE == "ko" else field.label_en)
    return render(
        request,
        "review/revealed.html",
        {
            "case": case,
            "document": document,
            "revealed": revealed,
            "label": label,
            "reason": form.cleaned_data["reason"],
        },
    )


@reviewer_required
@require_POST
def decide(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    kinds = [d.kind for d in document_list_current(case=case)]
    form = DecisionForm(request.POST, kinds=kinds)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("review:case", public_id=case.public_id)
    try:
        decision = decision_propose(
            case=case,
            reviewer=signed_in_user(request),
            outcome=form.cleaned_data["outcome"],
            reason_code=form.cleaned_data["reason_code"],
            note=form.cleaned_data["note"],
            documents=form.cleaned_data["documents"],
            request=request,
        )
    except ApplicationError as exc:
        return _refused(request, exc, case)
    if decision.state == Decision.State.PROPOSED:
        messages.success(request, _("Proposed. A second reviewer must confirm it because the case is flagged."))
    else:
        messages.success(request, _("Decision recorded: %(outcome)s.") % {"outcome": decision.get_outcome_display()})
    return redirect("review:case", public_id=case.public_id)


def _open_decision(case: Case, decision_id: int) -> Decision:
    decision = decision_get_open(case=case)
    if decision is None or decision.pk != decision_id:
        raise Http404
    return decision


@reviewer_required
@require_POST
def confirm(request: HttpRequest, public_id: UUID, decision_id: int) -> HttpResponse:
    case = _case(request, public_id)
    decision = _open_decision(case, decision_id)
    try:
        decision_confirm(decision=decision, confirmer=signed_in_user(request), request=request)
    except ApplicationError as exc:
        return _refused(request, exc, case)
    messages.success(request, _("Confirmed. The decision is final."))
    return redirect("review:case", public_id=case.public_id)


@reviewer_required
@require_POST
def return_decision(request: HttpRequest, public_id: UUID, decision_id: int) -> HttpResponse:
    case = _case(request, public_id)
    decision = _open_decision(case, decision_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you do not confirm."))
        return redirect("review:case", public_id=case.public_id)
    try:
        decision_return(
            decision=decision, confirmer=signed_in_user(request), note=form.cleaned_data["note"], request=request
        )
    except ApplicationError as exc:
        return _refused(request, exc, case)
    messages.success(request, _("Returned to the reviewer holding the case."))
    return redirect("review:case", public_id=case.public_id)


@reviewer_required
@require_GET
def metrics_page(request: HttpRequest) -> HttpResponse:
    days, series = metrics.cases_per_day()
    funnel = metrics.funnel()
    rejections = metrics.capture_rejections()
    rates = metrics.review_rate_by_key()
    providers = metrics.provider_stats()
    step_labels = {
        "started": _("Started"),
        "consented": _("Consented"),
        "collecting": _("Capturing documents"),
        "submitted": _("Submitted"),
        "decided": _("Approved or rejected"),
    }
    context = {
        "series": series,
        "day_rows": [(day, [values[i] for _name, values in series]) for i, day in enumerate(days)],
        "per_day_chart": charts.stacked_columns(
            title=_("Cases opened per day, by current state"), categories=days, series=series
        ),
        "funnel": [(step_labels[s.step], s) for s in funnel],
        "funnel_chart": charts.horizontal_bars(
            title=_("Funnel by step"),
            rows=[(str(step_labels[s.step]), s.reached, f"{s.reached} (−{s.drop_off:.0%})") for s in funnel],
        ),
        "rejections": rejections,
        "rejections_chart": charts.horizontal_bars(
            title=_("Capture rejections by reason"), rows=[(code, n, str(n)) for code, n in rejections]
        ),
        "rates": rates,
        "rates_chart": charts.horizontal_bars(
            title=_("Share of fields needing review, per field"),
            rows=[(r.key, r.rate, f"{r.rate:.0%} ({r.needs_review}/{r.total})") for r in rates[:15]],
            unit_max=1.0,
        ),
        "providers": providers,
        "providers_chart": charts.horizontal_bars(
            title=_("Median reading time per provider (seconds)"),
            rows=[(p.provider, p.median_seconds, f"{p.median_seconds:.1f} s") for p in providers if p.median_seconds],
        ),
        "provider_errors_chart": charts.horizontal_bars(
            title=_("Reading and check errors per provider"),
            rows=[(p.provider, p.errors + p.check_errors, f"{p.errors} + {p.check_errors}") for p in providers],
        ),
        "median_decision": metrics.median_time_to_decision(),
    }
    return render(request, "review/metrics.html", context)


def _filtered_events(request: HttpRequest, form: AuditFilterForm) -> Any:
    events = audit_events_for_auditor(user=signed_in_user(request))
    if form.is_valid():
        d = form.cleaned_data
        if d["action"]:
            events = events.filter(action=d["action"])
        if d["actor"]:
            events = events.filter(actor__username=d["actor"])
        if d["case"]:
            events = events.filter(case__public_id=d["case"])
        if d["since"]:
            events = events.filter(created_at__date__gte=d["since"])
        if d["until"]:
            events = events.filter(created_at__date__lte=d["until"])
    return events


@reviewer_required
@auditor_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered_events(request, form), 50).get_page(request.GET.get("page"))
    actions = sorted(set(AuditEvent.objects.values_list("action", flat=True)))
    return render(
        request,
        "review/audit.html",
        {"form": form, "page": page, "export_form": ExportForm(), "actions": actions, "query": request.GET.urlencode()},
    )


@reviewer_required
@auditor_required
@require_POST
def audit_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    export = ExportForm(request.POST)
    if not export.is_valid():
        page = Paginator(_filtered_events(request, form), 50).get_page(1)
        return render(
            request,
            "review/audit.html",
            {"form": form, "page": page, "export_form": export, "actions": [], "query": request.GET.urlencode()},
            status=400,
        )
    try:
        body = audit_export_csv(
            events=_filtered_events(request, form),
            actor=signed_in_user(request),
            reason=export.cleaned_data["reason"],
            filters={k: str(v) for k, v in request.GET.items()},
            request=request,
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
    return response


@reviewer_required
@auditor_required
@require_GET
def access_review(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.GET or None)
    report = None
    if form.is_bound and form.is_valid():
        month: dt.date = form.cleaned_data["month"]
        report = access_review_run(month=month, actor=signed_in_user(request), request=request)
    return render(request, "review/access_review.html", {"form": form, "report": report})
