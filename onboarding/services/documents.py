"""Documents: upload, analysis (run by a Celery task), field checking, retake and purge.

Only ids cross into tasks; personal values never reach logs, task arguments or error messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageDraw

from ocr_integration import registry
from ocr_integration.catalogue import field_spec
from ocr_integration.errors import OcrError
from ocr_integration.masking import mask_card_number
from ocr_integration.types import DocumentResult, TextRun
from onboarding.errors import ApplicationError
from onboarding.models import Case, Document, ExtractedField, FieldEdit, NoticeVersion, User
from onboarding.security.blind_index import blind_index
from onboarding.selectors import consent_has_optional
from onboarding.services.audit import audit_record
from onboarding.services.cases import case_transition
from onboarding.services.intake import upload_normalise
from onboarding.services.quality import quality_report
from onboarding.verification.services import card_number_check, document_checks_enqueue

logger = logging.getLogger(__name__)

# A reading not finished after this long is reported as timed out (the Celery hard limit is 150 s).
ANALYSIS_TIMEOUT = dt.timedelta(seconds=180)
MASKED_JPEG_QUALITY = 85

REQUIRED_KINDS_BY_FLOW = {
    Case.Flow.PERSONAL: (Document.Kind.ID_CARD,),
    Case.Flow.BUSINESS: (Document.Kind.ID_CARD, Document.Kind.BUSINESS_REGISTRATION),
}
OPTIONAL_KINDS = (Document.Kind.CREDIT_CARD,)
ID_SUBTYPES = ("resident", "driver", "passport", "alien")
# Per-case cap on captures, retakes included (ASVS 5.2.4 quota): far above honest use, and a stop
# for a script feeding the OCR engine. Replaced captures are purged, so storage stays bounded anyway.
MAX_CAPTURES_PER_CASE = 30
COLLECTING_STATES = frozenset({Case.State.CONSENTED, Case.State.COLLECTING, Case.State.RESUBMISSION_REQUESTED})


class DocumentNotAllowed(ApplicationError):
    code = "document_not_allowed"
    http_status = 409


class FieldsInvalid(ApplicationError):
    code = "fields_invalid"
    http_status = 400


def kinds_for_flow(flow: str) -> tuple[str, ...]:
    return (*REQUIRED_KINDS_BY_FLOW[Case.Flow(flow)], *OPTIONAL_KINDS)


def _check_can_collect(*, case: Case, kind: str) -> None:
    if case.state not in COLLECTING_STATES:
        raise DocumentNotAllowed(_("Documents can no longer be added to this onboarding."))
    if kind not in kinds_for_flow(case.flow):
        raise DocumentNotAllowed(_("This document is not part of this onboarding."))
    if case.documents.count() >= MAX_CAPTURES_PER_CASE:
        raise DocumentNotAllowed(
            _("You have reached the number of pictures one onboarding can take. Please contact support.")
        )
    if kind == Document.Kind.CREDIT_CARD and not consent_has_optional(case=case, kind=NoticeVersion.Kind.PAYMENT_CARD):
        raise DocumentNotAllowed(_("To add a card, you need to agree to the optional payment card item first."))


@transaction.atomic
def document_upload(
    *,
    case: Case,
    kind: str,
    data: bytes,
    actor: User,
    subtype: str = "",
    request: HttpRequest | None = None,
) -> Document:
    """Validate, normalise and store one capture, then queue its reading.

    A rejected file raises ``UploadRejected`` before anything is written. An accepted file replaces
    the earlier capture of the same kind (a retake); the earlier one's files are deleted.
    """
    _check_can_collect(case=case, kind=kind)
    normalised = upload_normalise(data=data, kind=kind)
    report = quality_report(image=normalised.image, kind=kind)
    stored_name = default_storage.save("documents/original", ContentFile(normalised.data))
    try:
        for previous in case.documents.filter(kind=kind).exclude(
            state__in=[Document.State.REPLACED, Document.State.PURGED]
        ):
            document_purge(document=previous, actor=actor, reason="retake", state=Document.State.REPLACED)
        document = Document.objects.create(
            case=case,
            kind=kind,
            subtype=subtype if kind == Document.Kind.ID_CARD and subtype in ID_SUBTYPES else "",
            uploaded_by=actor,
            source_format=normalised.source_format,
            stored_format=normalised.stored_format,
            original_name=stored_name,
            width=normalised.width,
            height=normalised.height,
            byte_size=len(normalised.data),
            sha256=_sha256(normalised.data),
            quality=report,
            text_layer=_text_layer_json(normalised.text),
        )
        if case.state in {Case.State.CONSENTED, Case.State.RESUBMISSION_REQUESTED}:
            case_transition(case=case, to=Case.State.COLLECTING, actor=actor, request=request)
        audit_record(
            action="document_uploaded",
            actor=actor,
            case=case,
            request=request,
            detail={"document": str(document.public_id), "kind": kind, "format": normalised.source_format},
        )
        document_analysis_enqueue(document=document)
    except BaseException:
        # Nothing half-stored: the database rolls back, and the file we just wrote goes too.
        default_storage.delete(stored_name)
        raise
    return document


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_layer_json(runs: tuple[TextRun, ...]) -> str:
    return json.dumps([[r.text, *r.box] for r in runs], ensure_ascii=False) if runs else ""


def _text_layer(stored: str) -> tuple[TextRun, ...]:
    return tuple(TextRun(text, (x0, y0, x1, y1)) for text, x0, y0, x1, y1 in json.loads(stored)) if stored else ()


def document_analysis_enqueue(*, document: Document) -> None:
    """Queue the reading after the transaction commits, so the worker finds the row (ids only)."""
    from onboarding.tasks import analyse_document

    document_id = document.pk
    transaction.on_commit(lambda: analyse_document.delay(document_id))


def document_analyse(*, document_id: int) -> None:
    """Read a queued document with the configured providers and store the result or the failure.

    Idempotent: only a ``queued`` document is claimed, so a redelivered task does nothing.
    """
    claimed = Document.objects.filter(pk=document_id, state=Document.State.QUEUED).update(
        state=Document.State.ANALYSING, analysis_started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return
    document = Document.objects.select_related("case").get(pk=document_id)
    with default_storage.open(document.original_name) as fh:
        data = fh.read()
    try:
        # Messages are stored in the source language and translated when shown, in the reader's language.
        with translation.override("en"):
            result = registry.analyze_document(
                document.kind,
                data,
                filename=f"document.{'jpg' if document.stored_format == 'jpeg' else 'png'}",
                subtype=document.subtype or None,
                text_layer=_text_layer(document.text_layer),
            )
    except OcrError as exc:
        document_analysis_failed(
            document_id=document_id,
            code=f"{exc.provider or 'ocr'}:{exc.code or type(exc).__name__}",
            message=exc.user_message,
            retryable=exc.retryable,
        )
        return
    document_store_result(document=document, result=result)


@transaction.atomic
def document_analysis_failed(*, document_id: int, code: str, message: str, retryable: bool) -> None:
    """Record that reading failed, with a message the person can act on. The case itself is untouched.

    ``message`` is the English source text; pages translate it when they show it.
    """
    document = Document.objects.select_for_update().select_related("case").get(pk=document_id)
    if document.state not in {Document.State.QUEUED, Document.State.ANALYSING}:
        return
    document.state = Document.State.FAILED
    document.error_code = code[:64]
    document.error_message = message
    document.error_retryable = retryable
    document.save(update_fields=["state", "error_code", "error_message", "error_retryable"])
    audit_record(
        action="document_analysis_failed",
        case=document.case,
        detail={"document": str(document.public_id), "code": document.error_code, "retryable": retryable},
    )


def document_expire_if_stale(*, document: Document) -> Document:
    """The time-out path: a reading that has not finished in time becomes a retryable failure."""
    started = document.analysis_started_at or document.created_at
    if document.state in {Document.State.QUEUED, Document.State.ANALYSING} and (
        timezone.now() - started > ANALYSIS_TIMEOUT
    ):
        document_analysis_failed(
            document_id=document.pk,
            code="timeout",
            message=gettext_noop("Reading the document took too long. Please try again."),
            retryable=True,
        )
        document.refresh_from_db()
    return document


@transaction.atomic
def document_retry(*, document: Document, actor: User, request: HttpRequest | None = None) -> Document:
    """Queue a failed reading again (for retryable failures; a rejected picture needs a retake)."""
    if document.state != Document.State.FAILED or not document.error_retryable:
        raise DocumentNotAllowed(_("This reading cannot be retried. Please take a new photo."))
    document.state = Document.State.QUEUED
    document.error_code = document.error_message = ""
    document.error_retryable = False
    document.analysis_started_at = None
    document.save(update_fields=["state", "error_code", "error_message", "error_retryable", "analysis_started_at"])
    audit_record(
        action="document_retry",
        actor=actor,
        case=document.case,
        request=request,
        detail={"document": str(document.public_id)},
    )
    document_analysis_enqueue(document=document)
    return document


def _scaled(polys: Any, sx: float, sy: float) -> list[list[list[float]]]:
    """Polygons from the provider's image coordinates to the stored picture's pixels."""
    return [[[round(float(x) * sx, 1), round(float(y) * sy, 1)] for x, y in poly] for poly in polys]


def _card_parts(number: str) -> dict[str, str]:
    digits = re.sub(r"\D", "", number)
    return {
        "value": mask_card_number(digits),
        "pan_hmac": blind_index(digits, purpose="pan"),
        "pan_bin": digits[:6],
        "pan_last4": digits[-4:],
    }


def _render_masked(*, image_bytes: bytes, document: Document, result: DocumentResult) -> bytes:
    """The display derivative: sensitive regions painted over, so the browser never gets them."""
    with Image.open(io.BytesIO(image_bytes)) as src:
        image = src.convert("RGB")
    sx = image.width / max(result.image.width, 1)
    sy = image.height / max(result.image.height, 1)
    draw = ImageDraw.Draw(image)
    for field in result.fields:
        if not field.sensitive:
            continue
        for poly in field.masking_polygons or field.polygons:
            draw.polygon([(x * sx, y * sy) for x, y in poly], fill=(40, 40, 40))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=MASKED_JPEG_QUALITY)
    return buf.getvalue()


@transaction.atomic
def document_store_result(*, document: Document, result: DocumentResult) -> Document:
    """Keep a provider's reading: fields in catalogue order, masked image, encrypted payload and handle.

    For a credit card the original picture and the raw payload are not kept at all (PCI DSS 3.5.1:
    the picture shows the full number); only the masked derivative and masked fields remain.
    """
    document = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
    with default_storage.open(document.original_name) as fh:
        original = fh.read()
    masked_name = default_storage.save(
        "documents/masked", ContentFile(_render_masked(image_bytes=original, document=document, result=result))
    )
    try:
        document.fields.all().delete()
        sx = document.width / max(result.image.width, 1)
        sy = document.height / max(result.image.height, 1)
        for position, field in enumerate(result.fields):
            spec = field_spec(result.kind, result.subtype, field.key)
            extra: dict[str, str] = {}
            value = field.value
            if field.key == "card_number":
                # The only moment the full number exists on our side: check it, then keep the masked form.
                card_number_check(document=document, pan=field.value)
                extra = _card_parts(field.value)
                value = extra.pop("value")
            ExtractedField.objects.create(
                document=document,
                key=field.key,
                position=position,
                label_ko=spec.label_ko,
                label_en=spec.label_en,
                ocr_value=value,
                value=value,
                confidence=field.confidence,
                needs_review=field.needs_review,
                sensitive=field.sensitive,
                polygons=_scaled(field.polygons, sx, sy),
                masking_polygons=_scaled(field.masking_polygons, sx, sy),
                **extra,
            )
        is_card = document.kind == Document.Kind.CREDIT_CARD
        if not is_card and result.raw is not None:
            document.raw_payload = json.dumps(result.raw, ensure_ascii=False)
        if result.authenticity is not None:
            document.authenticity_handle = json.dumps(result.authenticity.to_dict())
        old_original = document.original_name
        if is_card:
            document.original_name = ""
        document.masked_name = masked_name
        document.subtype = result.subtype or ""
        document.provider = result.provider
        document.resolution = result.resolution
        document.state = Document.State.READY
        document.analysed_at = timezone.now()
        document.error_code = document.error_message = ""
        document.save()
        if is_card:
            transaction.on_commit(lambda: default_storage.delete(old_original))
        audit_record(
            action="document_analysed",
            case=document.case,
            detail={
                "document": str(document.public_id),
                "provider": result.provider,
                "subtype": result.subtype,
                "fields": len(result.fields),
                "needs_review": sum(1 for f in result.fields if f.needs_review),
            },
        )
    except BaseException:
        default_storage.delete(masked_name)
        raise
    return document


@dataclass(frozen=True)
class FieldsOutcome:
    corrected: tuple[str, ...]
    confirmed: tuple[str, ...]
    awaiting_review: tuple[str, ...]


def _clean_value(field: ExtractedField, raw: str) -> tuple[str, dict[str, str]]:
    text = " ".join(raw.split())
    if field.key != "card_number":
        return text, {}
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or not 14 <= len(digits) <= 19:
        raise FieldsInvalid(_("Enter the card number as 14 to 19 digits."), details={"field": field.key})
    parts = _card_parts(digits)
    return parts.pop("value"), parts


@transaction.atomic
def document_fields_update(
    *,
    document: Document,
    values: dict[str, str | None],
    confirmed: set[str],
    actor: User,
    actor_role: str = FieldEdit.ActorRole.CUSTOMER,
    request: HttpRequest | None = None,
) -> FieldsOutcome:
    """Apply corrections and confirmations; every change is appended to the field's history.

    ``values[key]`` is the submitted text, or None to keep the current value (a masked field left
    blank). A corrected or confirmed field counts as reviewed. When no field awaits review any more,
    the document becomes ``confirmed``.
    """
    document = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
    if document.state not in {Document.State.READY, Document.State.CONFIRMED}:
        raise DocumentNotAllowed(_("This document cannot be changed now."))
    if document.case.state not in COLLECTING_STATES:
        raise DocumentNotAllowed(_("This onboarding has been submitted and can no longer be changed."))
    now = timezone.now()
    corrected: list[str] = []
    confirmed_keys: list[str] = []
    for field in document.fields.select_for_update():
        submitted = values.get(field.key)
        if submitted is not None and submitted.strip():
            new_value, extra = _clean_value(field, submitted)
            changed = extra.get("pan_hmac", new_value) != (field.pan_hmac if extra else field.value)
            if changed and field.key == "card_number":
                card_number_check(document=document, pan=submitted)
            if changed:
                FieldEdit.objects.create(
                    field=field,
                    actor=actor,
                    actor_role=actor_role,
                    action=FieldEdit.Action.CORRECTED,
                    old_value=field.value,
                    new_value=new_value,
                    created_at=now,
                )
                field.value = new_value
                for attr, val in extra.items():
                    setattr(field, attr, val)
                field.reviewed_at = now
                field.save()
                corrected.append(field.key)
                continue
        if field.key in confirmed and field.awaiting_review:
            FieldEdit.objects.create(
                field=field,
                actor=actor,
                actor_role=actor_role,
                action=FieldEdit.Action.CONFIRMED,
                old_value=field.value,
                new_value=field.value,
                created_at=now,
            )
            field.reviewed_at = now
            field.save(update_fields=["reviewed_at"])
            confirmed_keys.append(field.key)
    awaiting = tuple(f.key for f in document.fields.all() if f.awaiting_review)
    document.state = Document.State.READY if awaiting else Document.State.CONFIRMED
    document.save(update_fields=["state"])
    if not awaiting:
        # Verification (issue 6) runs on what the person confirmed, after this transaction commits.
        document_checks_enqueue(document=document)
    audit_record(
        action="document_fields_updated",
        actor=actor,
        case=document.case,
        request=request,
        detail={
            "document": str(document.public_id),
            "corrected": corrected,
            "confirmed": confirmed_keys,
            "awaiting_review": list(awaiting),
        },
    )
    return FieldsOutcome(tuple(corrected), tuple(confirmed_keys), awaiting)


@transaction.atomic
def document_purge(*, document: Document, actor: User | None, reason: str, state: str = Document.State.PURGED) -> None:
    """Delete a document's files, payload, handle and fields (after commit for the files)."""
    names = [n for n in (document.original_name, document.masked_name) if n]
    document.original_name = document.masked_name = ""
    document.raw_payload = document.authenticity_handle = document.text_layer = ""
    document.state = state
    document.save()
    document.fields.all().delete()
    audit_record(
        action="document_purged",
        actor=actor,
        case=document.case,
        detail={"document": str(document.public_id), "reason": reason},
    )
    for name in names:
        transaction.on_commit(partial(default_storage.delete, name))


@transaction.atomic
def case_submit(*, case: Case, actor: User, request: HttpRequest | None = None) -> Case:
    """Submit the case for review once every required document is read and checked."""
    if case.state != Case.State.COLLECTING:
        raise DocumentNotAllowed(_("This onboarding cannot be submitted now."))
    current = {d.kind: d for d in case.documents.exclude(state__in=[Document.State.REPLACED, Document.State.PURGED])}
    missing = [k for k in REQUIRED_KINDS_BY_FLOW[Case.Flow(case.flow)] if k not in current]
    unchecked = [k for k, d in current.items() if d.state != Document.State.CONFIRMED]
    if missing or unchecked:
        raise DocumentNotAllowed(
            _("Add and check every document before submitting."),
            details={"missing": missing, "unchecked": unchecked},
        )
    return case_transition(case=case, to=Case.State.SUBMITTED, actor=actor, request=request)


def capture_rejection_record(
    *, case: Case, actor: User, code: str, kind: str, request: HttpRequest | None = None
) -> None:
    """Log why intake refused a file (a code, never the file), for the capture-rejection metric."""
    audit_record(
        action="capture_rejected", actor=actor, case=case, request=request, detail={"code": code, "kind": kind}
    )
