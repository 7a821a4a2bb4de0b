"""Running verification checks and recording each one as a ``Check``.

Provider calls happen outside database transactions. Transient provider failures leave a
``pending`` check and are raised (``OcrUnavailable``/``OcrRateLimited``) so the task retries with
backoff; nothing here ever records a pass it did not get. Messages are stored as their English
source text and shown translated.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ocr_integration import registry
from ocr_integration.errors import OcrConfigurationError, OcrError, OcrRateLimited, OcrRejectedInput, OcrUnavailable
from ocr_integration.providers.nts.client import NtsBusiness, NtsBusinessClient
from ocr_integration.types import AuthenticityHandle
from onboarding.models import Case, Consent, Document, NoticeVersion
from onboarding.security.keyring import DecryptionError
from onboarding.verification import validators
from onboarding.verification.hometax import business_status_finding
from onboarding.verification.models import Check
from onboarding.verification.validators import FAIL, PASS, SKIPPED, WARN, Finding

logger = logging.getLogger(__name__)

# A Request-Key costs an analysis; re-reading one document for a fresh key is capped (cost guard).
MAX_REANALYSES = 10  # above the provider's own lock-out (5 wrong issue dates), so the lock-out is seen
TRANSIENT = (OcrUnavailable, OcrRateLimited)
LOCKED_MESSAGE = _("Online verification of this ID is locked after too many attempts. A reviewer will verify it.")


def _english(build: Callable[[], Any]) -> Any:
    with translation.override("en"):
        return build()


@transaction.atomic
def check_record(
    *, case: Case, document: Document | None, finding: Finding, provider: str = "", attempts: int = 1
) -> Check:
    """Store a finding as the current check of its kind (for this document), superseding the last one."""
    now = timezone.now()
    Check.objects.filter(case=case, document=document, kind=finding.kind, superseded_at__isnull=True).update(
        superseded_at=now
    )
    return Check.objects.create(
        case=case,
        document=document,
        kind=finding.kind,
        outcome=finding.outcome,
        field_key=finding.field_key or "",
        message=finding.message,
        evidence=finding.evidence,
        provider=provider,
        attempts=attempts,
        created_at=now,
    )


def document_values(document: Document) -> dict[str, str]:
    """The confirmed (or current) values of a document's fields, by canonical key."""
    return {f.key: f.value for f in document.fields.all() if f.value}


def checks_run_local(*, document: Document, today: dt.date | None = None) -> list[Check]:
    today = today or timezone.localdate()
    values = document_values(document)
    findings = _english(lambda: validators.check_document(document.kind, document.subtype or None, values, today=today))
    if document.kind == "credit_card":
        # The stored card number is masked: its Luhn check ran when the number was read or typed
        # (``card_number_check``), so it is not repeated (and could not be) on the masked form.
        findings = [f for f in findings if f.kind != "card_luhn"]
    return [check_record(case=document.case, document=document, finding=f, provider="local") for f in findings]


def card_number_check(*, document: Document, pan: str) -> Check:
    """Luhn on the full card number while it is still in memory: it is never stored, so this is the
    only moment the check can run. Records the outcome, never the number."""
    finding = _english(
        lambda: next(
            f for f in validators.check_card({"card_number": pan}, timezone.localdate()) if f.kind == "card_luhn"
        )
    )
    return check_record(case=document.case, document=document, finding=finding, provider="local")


def check_names_across_documents(*, case: Case) -> Check | None:
    """Business onboarding: the name on the representative's ID against the certificate."""
    documents = [d for d in case.documents.all() if d.is_current and d.state == Document.State.CONFIRMED]
    id_doc = next((d for d in documents if d.kind == "id_card"), None)
    biz = next((d for d in documents if d.kind == "business_registration"), None)
    if id_doc is None or biz is None:
        return None
    id_values, biz_values = document_values(id_doc), document_values(biz)
    id_name = id_values.get("name") or id_values.get("korean_name")
    finding = _english(lambda: validators.check_names_match(id_name, biz_values.get("representative_name")))
    return check_record(case=case, document=None, finding=finding, provider="local")


# -- ID authenticity ------------------------------------------------------------------------------


def _identifier_consent_given(case: Case) -> bool:
    return Consent.objects.filter(
        case=case,
        notice__kind=NoticeVersion.Kind.UNIQUE_IDENTIFIERS,
        checked=True,
        withdrawn_at__isnull=True,
    ).exists()


def _authenticity_locked(case: Case) -> bool:
    return Check.objects.filter(case=case, kind="id_authenticity", evidence__locked=True).exists()


def _handle(document: Document) -> AuthenticityHandle | None:
    if not document.authenticity_handle:
        return None
    return AuthenticityHandle.from_dict(json.loads(document.authenticity_handle))


def _store_handle(document: Document, handle: AuthenticityHandle | None) -> None:
    document.authenticity_handle = json.dumps(handle.to_dict()) if handle else ""
    Document.objects.filter(pk=document.pk).update(authenticity_handle=document.authenticity_handle)


def _nhn() -> Any | None:
    """The NHN provider when it is configured, else None (offline default)."""
    try:
        provider = registry.get_provider("nhn")
        provider.check_ready()
    except OcrConfigurationError:
        return None
    return provider


def _reanalyse(document: Document, provider: Any) -> AuthenticityHandle:
    """Read the stored original again with NHN ``id-card`` for a fresh Request-Key (1 h, single use)."""
    if Check.objects.filter(document=document, kind="id_authenticity_reanalysis").count() >= MAX_REANALYSES:
        raise OcrRejectedInput("re-analysis limit reached", provider="nhn", code="reanalysis_limit")
    try:
        with default_storage.open(document.original_name) as fh:
            data = fh.read()
    except (OSError, DecryptionError):
        raise OcrRejectedInput(
            "the stored original cannot be read", provider="nhn", code="original_unavailable"
        ) from None
    result = provider.analyze_id_card(data, filename="id-card.jpg", stand_alone=False)
    Check.objects.create(
        case=document.case,
        document=document,
        kind="id_authenticity_reanalysis",
        outcome=Check.Outcome.PASS,
        provider="nhn",
        superseded_at=timezone.now(),  # bookkeeping only; never a current check
    )
    if result.authenticity is None:
        raise OcrRejectedInput("no Request-Key in the answer", provider="nhn", code="no_request_key")
    _store_handle(document, result.authenticity)
    return result.authenticity


def _authenticity_finding(document: Document) -> tuple[Finding, str]:
    """The authenticity verdict for one ID document and the provider that gave it."""
    case, subtype = document.case, document.subtype
    if subtype == "passport":
        return Finding(
            "id_authenticity",
            SKIPPED,
            str(_("Passports have no authenticity service; the MRZ check digits and printed details are checked.")),
        ), ""
    if subtype not in {"resident", "driver"}:
        return Finding(
            "id_authenticity",
            WARN,
            str(_("No authenticity service exists for this ID type; a reviewer will verify it.")),
        ), ""
    if not _identifier_consent_given(case):
        return Finding(
            "id_authenticity",
            WARN,
            str(_("Authenticity was not checked because consent to process unique identifiers was not given.")),
            evidence={"consent": "unique_identifiers_missing"},
        ), ""
    if _authenticity_locked(case):
        return Finding(
            "id_authenticity",
            FAIL,
            str(LOCKED_MESSAGE),
            evidence={"locked": True},
        ), "nhn"
    provider = _nhn()
    if provider is None:
        return Finding(
            "id_authenticity",
            SKIPPED,
            str(_("No authenticity provider is configured, so the ID was not verified online.")),
            evidence={"reason": "no_provider"},
        ), ""

    values = document_values(document)
    handle = _handle(document)
    if handle is None or handle.expires_at <= timezone.now():
        handle = _reanalyse(document, provider)
    for attempt in (1, 2):
        try:
            result = provider.verify_authenticity(handle, subtype, values)
        except OcrRejectedInput as exc:
            if exc.code == "4000122" and attempt == 1:
                # Expired or already used: one fresh key within the re-analysis cap, then one more try.
                _store_handle(document, None)
                handle = _reanalyse(document, provider)
                continue
            if exc.code == "4000123":
                _store_handle(document, None)
                return Finding(
                    "id_authenticity",
                    FAIL,
                    str(LOCKED_MESSAGE),
                    "issue_date",
                    {"locked": True, "provider_code": exc.code},
                ), "nhn"
            if exc.code == "invalid_values":
                return Finding(
                    "id_authenticity",
                    FAIL,
                    str(
                        _("Some ID details are incomplete, so they could not be verified. Check the number and dates.")
                    ),
                    evidence={"provider_code": exc.code},
                ), "nhn"
            raise
        # The key is spent after a normal answer, whatever it said.
        _store_handle(document, None)
        if result.authentic:
            return Finding("id_authenticity", PASS, field_key="name", evidence={"authentic": True}), "nhn"
        field = "issue_date" if subtype == "resident" else "license_number"
        return Finding(
            "id_authenticity",
            FAIL,
            str(
                _(
                    "The ID details do not match the issuer's records. Check the name, the number and the "
                    "issue date exactly as printed, correct them, and check again."
                )
            ),
            field,
            {"authentic": False},
        ), "nhn"
    raise OcrUnavailable("authenticity retry exhausted", provider="nhn", code="retry_exhausted")


def check_authenticity(*, document: Document) -> Check | None:
    """Verify an ID card's confirmed values with NHN ``id-card/authenticity``; None for non-IDs."""
    if document.kind != "id_card":
        return None
    try:
        finding, provider = _english(lambda: _authenticity_finding(document))
    except TRANSIENT as exc:
        check_record(case=document.case, document=document, finding=_pending("id_authenticity", exc), provider="nhn")
        raise
    except OcrError as exc:
        finding, provider = _error_finding("id_authenticity", exc), exc.provider
    return check_record(case=document.case, document=document, finding=finding, provider=provider)


def _pending(kind: str, exc: OcrError) -> Finding:
    return _english(
        lambda: Finding(
            kind,
            Check.Outcome.PENDING,
            str(_("The verification service is not answering right now. The check will be retried.")),
            evidence={"provider_code": exc.code, "retryable": True},
        )
    )


def _error_finding(kind: str, exc: OcrError) -> Finding:
    return _english(
        lambda: Finding(
            kind,
            Check.Outcome.ERROR,
            str(_("The check could not be completed. A reviewer will look at it.")),
            evidence={"provider_code": exc.code, "error": exc.__class__.__name__},
        )
    )


# -- Hometax business status -----------------------------------------------------------------------


def _nts() -> NtsBusinessClient | None:
    client = NtsBusinessClient.from_settings()
    try:
        client.check_ready()
    except OcrConfigurationError:
        return None
    return client


def check_business_status(*, document: Document) -> list[Check]:
    """Hometax status from NHN and/or NTS (both: disagreement → review), then NTS validate."""
    if document.kind != "business_registration":
        return []
    case, values = document.case, document_values(document)
    number = values.get("business_number", "")
    nhn, nts = _nhn(), _nts()
    if nhn is None and nts is None:
        finding = _english(
            lambda: Finding(
                "business_status",
                SKIPPED,
                str(_("No business status provider is configured, so Hometax was not asked.")),
                "business_number",
                {"reason": "no_provider"},
            )
        )
        return [check_record(case=case, document=document, finding=finding)]
    codes: dict[str, str | None] = {}
    checks: list[Check] = []
    try:
        if nhn is not None:
            try:
                codes["nhn"] = nhn.business_status(number).code
            except OcrRejectedInput as exc:
                if exc.code != "4000102":
                    raise
                codes["nhn"] = "00"  # NHN: the number does not exist
        if nts is not None:
            codes["nts"] = nts.status([number])[0].hometax_code()
        finding = _english(lambda: business_status_finding(codes))
        checks.append(check_record(case=case, document=document, finding=finding, provider="+".join(codes)))
        if nts is not None and values.get("open_date") and values.get("representative_name"):
            validation = nts.validate([NtsBusiness(number, values["open_date"], values["representative_name"])])[0]
            finding = _english(
                lambda: (
                    Finding("business_validate", PASS, field_key="business_number")
                    if validation.valid
                    else Finding(
                        "business_validate",
                        FAIL,
                        str(_("The tax office could not confirm the number, start date and representative together.")),
                        "open_date",
                        {"valid": False},
                    )
                )
            )
            checks.append(check_record(case=case, document=document, finding=finding, provider="nts"))
    except TRANSIENT as exc:
        checks.append(check_record(case=case, document=document, finding=_pending("business_status", exc)))
        raise
    except OcrError as exc:
        checks.append(
            check_record(
                case=case, document=document, finding=_error_finding("business_status", exc), provider=exc.provider
            )
        )
    return checks


# -- orchestration ---------------------------------------------------------------------------------


def document_checks_run(*, document_id: int) -> None:
    """All checks for one confirmed document, then the cross-document ones. Transient errors raise."""
    document = Document.objects.select_related("case").get(pk=document_id)
    if document.state != Document.State.CONFIRMED:
        return
    checks_run_local(document=document)
    check_names_across_documents(case=document.case)
    check_authenticity(document=document)
    check_business_status(document=document)


def document_checks_enqueue(*, document: Document) -> None:
    """Run the checks after the surrounding transaction commits (ids only in the task)."""
    from onboarding.verification.tasks import document_checks_task

    document_id = document.pk
    transaction.on_commit(lambda: document_checks_task.delay(document_id))


def checks_give_up(*, document_id: int) -> None:
    """After the last retry: the pending check stays pending (flagging the case), never passed."""
    logger.warning("verification checks still pending after retries (document %s)", document_id)
