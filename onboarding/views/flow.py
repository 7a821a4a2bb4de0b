"""The customer's onboarding path: consent, capture, reading progress, checking fields, submit, withdraw.

Views parse input, call one service or selector, and render. Every page works without JavaScript;
the page scripts add the camera, client-side checks, an upload progress bar and polling.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.errors import ApplicationError
from onboarding.forms import ConsentForm, FieldsForm, UploadForm
from onboarding.models import Case, Document, NoticeVersion
from onboarding.permissions import customer_required, signed_in_user
from onboarding.selectors import (
    case_get_for_customer,
    consent_has_optional,
    document_fields,
    document_get_for_customer,
    document_list_current,
    notices_by_ids,
    notices_for_case,
)
from onboarding.services.audit import audit_record
from onboarding.services.consents import consent_record, consent_withdraw
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
from onboarding.services.quality import RECOMMENDED_RESOLUTION, quality_advice
from onboarding.verification.selectors import checks_to_act_on
from onboarding.views.document_display import field_overlay, fields_awaiting, masked_image_response

CAPTURE_KINDS = {k.value for k in Document.Kind}
PROGRESS_STATES = {Document.State.QUEUED, Document.State.ANALYSING}


def _case(request: HttpRequest, public_id: UUID) -> Case:
    case = case_get_for_customer(user=signed_in_user(request), public_id=public_id)
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


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@customer_required
@require_GET
def case_overview(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    current = {d.kind: d for d in document_list_current(case=case)}
    flow = Case.Flow(case.flow)
    required = [(kind, current.get(kind)) for kind in REQUIRED_KINDS_BY_FLOW[flow]]
    card = current.get(Document.Kind.CREDIT_CARD)
    context = {
        "case": case,
        "required_documents": [(Document.Kind(k).label, k, d) for k, d in required],
        "card_document": card,
        "card_allowed": consent_has_optional(case=case, kind=NoticeVersion.Kind.PAYMENT_CARD),
        "ready_to_submit": case.state == Case.State.COLLECTING
        and all(d is not None and d.state == Document.State.CONFIRMED for _k, d in required)
        and (card is None or card.state == Document.State.CONFIRMED),
        "can_withdraw": case.state
        in {Case.State.DRAFT, Case.State.CONSENTED, Case.State.COLLECTING, Case.State.SUBMITTED},
        "checks": checks_to_act_on(case=case),
    }
    return render(request, "onboarding/case_overview.html", context)


@customer_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    if case.state != Case.State.DRAFT:
        return redirect("case-detail", public_id=case.public_id)
    if request.method == "POST":
        shown = notices_by_ids(ids=_posted_ids(request))
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
                    messages.success(request, _("Thank you. Your consent is recorded."))
                    return redirect("case-detail", public_id=case.public_id)
                return render(
                    request,
                    "onboarding/consent_refused.html",
                    {"case": case, "refused": [NoticeVersion.Kind(k).label for k in outcome.refused_kinds]},
                )
    else:
        form = ConsentForm(notices=notices_for_case(case=case, language=_language()))
    return render(request, "onboarding/consent.html", _consent_context(case, form))


def _posted_ids(request: HttpRequest) -> list[int]:
    try:
        return [int(p) for p in request.POST.get("notice_ids", "").split(",") if p]
    except ValueError:
        return []


def _consent_context(case: Case, form: ConsentForm) -> dict[str, Any]:
    sections = []
    for notice in form.notices:
        box = form[f"notice_{notice.pk}"] if f"notice_{notice.pk}" in form.fields else None
        sections.append({"notice": notice, "html": notice_render(notice), "checkbox": box})
    has_consignment = any(n.kind == NoticeVersion.Kind.CONSIGNMENT for n in form.notices)
    return {"case": case, "form": form, "sections": sections, "has_consignment": has_consignment}


@customer_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    case = _case(request, public_id)
    if kind not in CAPTURE_KINDS:
        raise Http404
    if case.state not in COLLECTING_STATES:
        # Consent comes before any capture; after submission nothing more is captured.
        return redirect("case-detail", public_id=case.public_id)
    form = UploadForm(request.POST or None, request.FILES or None, kind=kind)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # Read at most one byte over the limit: intake refuses an oversized file from its length alone.
                data = upload.read(MAX_UPLOAD_BYTES + 1)
                document = document_upload(
                    case=case,
                    kind=kind,
                    data=data,
                    subtype=form.cleaned_data.get("subtype", ""),
                    actor=signed_in_user(request),
                    request=request,
                )
            except ApplicationError as exc:
                if isinstance(exc, UploadRejected):
                    capture_rejection_record(
                        case=case, actor=signed_in_user(request), code=exc.code, kind=kind, request=request
                    )
                form.add_error("file", exc.message)
            else:
                url = reverse(
                    "document-detail", kwargs={"public_id": case.public_id, "document_id": document.public_id}
                )
                if _wants_json(request):
                    return JsonResponse({"redirect": url})
                return redirect(url)
        status = 400
        if _wants_json(request):
            return JsonResponse({"errors": [str(e) for errors in form.errors.values() for e in errors]}, status=400)
    rec_w, rec_h = RECOMMENDED_RESOLUTION[kind]
    context = {
        "case": case,
        "kind": kind,
        "kind_label": Document.Kind(kind).label,
        "form": form,
        "recommended": (rec_w, rec_h),
        "max_bytes": MAX_UPLOAD_BYTES,
        "accepts_pdf": kind == Document.Kind.BUSINESS_REGISTRATION,
        "example": f"img/example-{kind.replace('_', '-')}.svg",
        "capture_config": {
            "maxBytes": MAX_UPLOAD_BYTES,
            "recommended": [rec_w, rec_h],
            "types": ["image/jpeg", "image/png"] + (["application/pdf"] if kind == "business_registration" else []),
            "portraitGuide": kind == Document.Kind.BUSINESS_REGISTRATION,
        },
    }
    return render(request, "onboarding/capture.html", context, status=status)


@customer_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    document = document_expire_if_stale(document=_document(case, document_id))
    user = signed_in_user(request)
    revealed = request.GET.get("reveal") == "1" and document.state in {Document.State.READY, Document.State.CONFIRMED}
    if revealed:
        audit_record(
            action="fields_revealed",
            actor=user,
            case=case,
            request=request,
            detail={"document": str(document.public_id), "own_data": True},
        )
    fields = document_fields(document=document)
    form = None
    status = 200
    if document.state in {Document.State.READY, Document.State.CONFIRMED}:
        form = FieldsForm(request.POST or None, fields=fields, language=_language(), revealed=revealed)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = document_fields_update(
                    document=document, values=form.values(), confirmed=form.confirmed(), actor=user, request=request
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                if not outcome.awaiting_review:
                    messages.success(request, _("Saved. This document is checked."))
                    return redirect("case-detail", public_id=case.public_id)
                messages.error(request, _("Some fields still need your check. Confirm or correct each one."))
                return redirect("document-detail", public_id=case.public_id, document_id=document.public_id)
    elif request.method == "POST":
        return redirect("document-detail", public_id=case.public_id, document_id=document.public_id)
    lang = _language()
    context = {
        "case": case,
        "document": document,
        "in_progress": document.state in PROGRESS_STATES,
        "fields": fields,
        "form": form,
        "revealed": revealed,
        "awaiting": fields_awaiting(fields, lang),
        "advice": quality_advice(document.quality),
        "checks": checks_to_act_on(case=case, document=document),
        # Stored in English (the msgid), shown in the reader's language.
        "error_message": _(document.error_message) if document.error_message else "",
        "overlay": field_overlay(fields),
        "status_url": reverse(
            "document-status", kwargs={"public_id": case.public_id, "document_id": document.public_id}
        ),
    }
    return render(request, "onboarding/document.html", context, status=status)


@customer_required
@require_GET
def document_status(request: HttpRequest, public_id: UUID, document_id: UUID) -> JsonResponse:
    case = _case(request, public_id)
    document = document_expire_if_stale(document=_document(case, document_id))
    return JsonResponse(
        {
            "state": document.state,
            "label": str(Document.State(document.state).label),
            "done": document.state not in PROGRESS_STATES,
        }
    )


@customer_required
@require_GET
def document_image(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    """The masked derivative only; the original never leaves the server through this view."""
    case = _case(request, public_id)
    document = _document(case, document_id)
    return masked_image_response(document)


@customer_required
@require_POST
def document_retry_view(request: HttpRequest, public_id: UUID, document_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    document = _document(case, document_id)
    try:
        document_retry(document=document, actor=signed_in_user(request), request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("document-detail", public_id=case.public_id, document_id=document.public_id)


@customer_required
@require_POST
def submit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    try:
        case_submit(case=case, actor=signed_in_user(request), request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Submitted. We will review your documents and e-mail you."))
    return redirect("case-detail", public_id=case.public_id)


@customer_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    case = _case(request, public_id)
    if request.method == "POST":
        try:
            consent_withdraw(case=case, actor=signed_in_user(request), request=request)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your consent is withdrawn and your document pictures are deleted."))
        return redirect("case-detail", public_id=case.public_id)
    return render(request, "onboarding/withdraw.html", {"case": case})
