"""The operator console: open a case for a customer who is present or on the phone, and run the
same consent, capture, correction and submission steps with them. Operators see only their cases.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.errors import ApplicationError
from onboarding.forms import ConsentForm, FieldsForm, UploadForm
from onboarding.models import Case, Document, FieldEdit, NoticeVersion, Role
from onboarding.permissions import roles_required, signed_in_user
from onboarding.review.forms import AssistedStartForm, OperatorSearchForm
from onboarding.review.operator import case_link_send_for_operator, case_open_assisted
from onboarding.review.selectors import case_get_for_operator, case_search_for_operator
from onboarding.selectors import (
    consent_has_optional,
    document_fields,
    document_get_for_customer,
    document_list_current,
    notices_by_ids,
    notices_for_case,
)
from onboarding.services.consents import consent_record
from onboarding.services.documents import (
    COLLECTING_STATES,
    REQUIRED_KINDS_BY_FLOW,
    capture_rejection_record,
    case_submit,
    document_expire_if_stale,
    document_fields_update,
    document_retry,
    document_upload,
)
from onboarding.services.intake import MAX_UPLOAD_BYTES, UploadRejected
from onboarding.services.notices import notice_render
from onboarding.views.document_display import field_overlay, fields_awaiting, masked_image_response

operator_required = roles_required(Role.OPERATOR)


def _case(request: HttpRequest, public_id: UUID) -> Case:
    case = case_get_for_operator(user=signed_in_user(request), public_id=public_id)
    if case is None:
        raise Http404
    return case


def _document(case: Case, document_id: UUID) -> Document:
    document = document_get_for_customer(case=case, public_id=document_id)
    if document is None:
        raise Http404
    return document


def _language() -> str:
    return "ko" if (get_language() or "ko").startswith("ko") else "en"


@operator_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = OperatorSearchForm(request.GET or None)
    query, state = "", ""
    if form.is_valid():
        query, state = form.cleaned_data["q"], form.cleaned_data["state"]
    cases = case_search_for_operator(user=signed_in_user(request), query=query, state=state)
    return render(request, "operator/cases.html", {"form": form, "cases": cases})


@operator_required
@require_http_methods(["GET", "POST"])
def case_start(request: HttpRequest) -> HttpResponse:
    form = AssistedStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_open_assisted(
                operator=signed_in_user(request),
                email=form.cleaned_data["email"],
                flow=form.cleaned_data["flow"],
                request=request,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("operator:case", public_id=case.public_id)
    return render(request, "operator/start.html", {"form": form})


@operator_required
@require_GET
def case_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    current = {d.kind: d for d in document_list_current(case=case)}
    required = REQUIRED_KINDS_BY_FLOW[Case.Flow(case.flow)]
    card_allowed = consent_has_optional(case=case, kind=NoticeVersion.Kind.PAYMENT_CARD)
    kinds = [*required, *([Document.Kind.CREDIT_CARD] if card_allowed else [])]
    documents = [(Document.Kind(k).label, k, current.get(k)) for k in kinds]
    context = {
        "case": case,
        "documents": documents,
        "collecting": case.state in COLLECTING_STATES,
        "ready_to_submit": case.state == Case.State.COLLECTING
        and all(current.get(k) is not None and current[k].state == Document.State.CONFIRMED for k in required)
        and all(d.state == Document.State.CONFIRMED for d in current.values()),
    }
    return render(request, "operator/case.html", context)


@operator_required
@require_POST
def send_link(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    case_link_send_for_operator(case=case, operator=signed_in_user(request), request=request)
    messages.success(request, _("The link is sent to the customer's e-mail address."))
    return redirect("operator:case", public_id=case.public_id)


@operator_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The customer reads the notices on the operator's screen and ticks the boxes themselves."""
    case = _case(request, public_id)
    if case.state != Case.State.DRAFT:
        return redirect("operator:case", public_id=case.public_id)
    if request.method == "POST":
        try:
            ids = [int(p) for p in request.POST.get("notice_ids", "").split(",") if p]
        except ValueError:
            ids = []
        shown = notices_by_ids(ids=ids)
        form = ConsentForm(request.POST, notices=shown)
        if form.is_valid():
            try:
                outcome = consent_record(
                    case=case,
                    notices=shown,
                    checked_ids=form.checked_ids(),
                    actor=signed_in_user(request),
                    request=request,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if outcome.granted:
                    messages.success(request, _("The customer's consent is recorded."))
                else:
                    messages.error(request, _("The customer refused a required item: nothing can be captured."))
                return redirect("operator:case", public_id=case.public_id)
    else:
        form = ConsentForm(notices=notices_for_case(case=case, language=_language()))
    sections = [
        {
            "notice": n,
            "html": notice_render(n),
            "checkbox": form[f"notice_{n.pk}"] if f"notice_{n.pk}" in form.fields else None,
        }
        for n in form.notices
    ]
    return render(request, "operator/consent.html", {"case": case, "form": form, "sections": sections})


@operator_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    case = _case(request, public_id)
    if kind not in Document.Kind.values:
        raise Http404
    if case.state not in COLLECTING_STATES:
        return redirect("operator:case", public_id=case.public_id)
    form = UploadForm(request.POST or None, request.FILES or None, kind=kind)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = signed_in_user(request)
            try:
                document = document_upload(
                    case=case,
                    kind=kind,
                    data=form.cleaned_data["file"].read(MAX_UPLOAD_BYTES + 1),
                    subtype=form.cleaned_data.get("subtype", ""),
                    actor=user,
                    request=request,
                )
            except ApplicationError as exc:
                if isinstance(exc, UploadRejected):
                    capture_rejection_record(case=case, actor=user, code=exc.code, kind=kind, request=request)
                form.add_error("file", exc.message)
            else:
                return redirect("operator:document", public_id=case.public_id, document_id=document.public_id)
        status = 400
    return render(
        request,
        "operator/capture.html",
        {"case": case, "form": form, "kind": kind, "kind_label": Document.Kind(kind).label},
        status=status,
    )


@operator_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    document = document_expire_if_stale(document=_document(case, document_id))
    fields = document_fields(document=document)
    form = None
    status = 200
    if document.state in {Document.State.READY, Document.State.CONFIRMED}:
        # Operators never see full identifiers: the sensitive fields stay masked (type to correct).
        form = FieldsForm(request.POST or None, fields=fields, language=_language(), revealed=False)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = document_fields_update(
                    document=document,
                    values=form.values(),
                    confirmed=form.confirmed(),
                    actor=signed_in_user(request),
                    actor_role=FieldEdit.ActorRole.OPERATOR,
                    request=request,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                if not outcome.awaiting_review:
                    messages.success(request, _("Saved. This document is checked."))
                    return redirect("operator:case", public_id=case.public_id)
                messages.error(request, _("Some fields still need a check. Confirm or correct each one."))
                return redirect("operator:document", public_id=case.public_id, document_id=document.public_id)
    lang = _language()
    context = {
        "case": case,
        "document": document,
        "in_progress": document.state in {Document.State.QUEUED, Document.State.ANALYSING},
        "fields": fields,
        "form": form,
        "error_message": _(document.error_message) if document.error_message else "",
        "awaiting": fields_awaiting(fields, lang),
        "overlay": field_overlay(fields),
    }
    return render(request, "operator/document.html", context, status=status)


@operator_required
@require_GET
def document_image(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    """The masked derivative only, for the operator's own case."""
    case = _case(request, public_id)
    document = _document(case, document_id)
    return masked_image_response(document)


@operator_required
@require_POST
def document_retry_view(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    document = _document(case, document_id)
    try:
        document_retry(document=document, actor=signed_in_user(request), request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operator:document", public_id=case.public_id, document_id=document.public_id)


@operator_required
@require_POST
def submit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    try:
        case_submit(case=case, actor=signed_in_user(request), request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Submitted for review."))
    return redirect("operator:case", public_id=case.public_id)
