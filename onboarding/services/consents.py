"""Consent: recording what was shown and ticked, refusing, and withdrawing later."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.errors import ApplicationError
from onboarding.models import Case, Consent, Document, NoticeVersion, User
from onboarding.services.audit import audit_record, client_ip
from onboarding.services.cases import case_transition
from onboarding.services.documents import document_purge

# Without these two, no document can be read online (issue 5; PIPA Art. 15 and Art. 24).
REQUIRED_KINDS = frozenset({NoticeVersion.Kind.COLLECTION, NoticeVersion.Kind.UNIQUE_IDENTIFIERS})
CHECKBOX_KINDS = REQUIRED_KINDS | {NoticeVersion.Kind.PAYMENT_CARD}
_USER_AGENT_MAX = 512


class ConsentNotPossible(ApplicationError):
    code = "consent_not_possible"
    http_status = 409


@dataclass(frozen=True)
class ConsentOutcome:
    granted: bool
    refused_kinds: tuple[str, ...]


@transaction.atomic
def consent_record(
    *,
    case: Case,
    notices: Iterable[NoticeVersion],
    checked_ids: set[int],
    actor: User,
    request: HttpRequest | None = None,
) -> ConsentOutcome:
    """Record one consent screen: a row per notice shown, with its version, text hash and checkbox.

    ``notices`` are the versions that were on the screen (not whatever is newest now). When every
    required box is ticked the case moves to ``consented``; otherwise the refusal is recorded and
    the case stays where it was, with nothing captured.
    """
    if case.state != Case.State.DRAFT:
        raise ConsentNotPossible(_("Consent has already been given for this onboarding."))
    notices = list(notices)
    shown_kinds = {n.kind for n in notices}
    distinct = {(n.kind, n.provider) for n in notices}
    if not shown_kinds >= REQUIRED_KINDS or len(distinct) != len(notices):
        raise ConsentNotPossible(_("The consent page was incomplete. Please reload it and try again."))
    submission = uuid.uuid4()
    now = timezone.now()
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:_USER_AGENT_MAX] if request is not None else ""
    operator = case.operator if case.channel == Case.Channel.ASSISTED else None
    refused: list[str] = []
    for notice in notices:
        checked: bool | None = notice.pk in checked_ids if notice.kind in CHECKBOX_KINDS else None
        required = notice.kind in REQUIRED_KINDS
        if required and not checked:
            refused.append(notice.kind)
        Consent.objects.create(
            case=case,
            subject=case.applicant,
            notice=notice,
            submission=submission,
            text_sha256=notice.sha256,
            required=required,
            checked=checked,
            given_at=now,
            channel=case.channel,
            ip_address=client_ip(request),
            user_agent=user_agent,
            operator=operator,
        )
    detail = {"submission": str(submission), "notices": [n.pk for n in notices], "refused": sorted(refused)}
    if refused:
        audit_record(action="consent_refused", actor=actor, case=case, request=request, detail=detail)
        return ConsentOutcome(granted=False, refused_kinds=tuple(sorted(refused)))
    audit_record(action="consent_given", actor=actor, case=case, request=request, detail=detail)
    case_transition(case=case, to=Case.State.CONSENTED, actor=actor, request=request)
    return ConsentOutcome(granted=True, refused_kinds=())


@transaction.atomic
def consent_withdraw(*, case: Case, actor: User, request: HttpRequest | None = None) -> Case:
    """Withdraw consent: mark the consents withdrawn, delete the document files, close the case.

    The consent rows stay (they prove what was agreed and when it was withdrawn); the images go.
    """
    now = timezone.now()
    withdrawn = case.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    for document in case.documents.exclude(state__in=[Document.State.PURGED, Document.State.REPLACED]):
        document_purge(document=document, actor=actor, reason="consent_withdrawn")
    audit_record(action="consent_withdrawn", actor=actor, case=case, request=request, detail={"consents": withdrawn})
    return case_transition(case=case, to=Case.State.WITHDRAWN, actor=actor, request=request)
