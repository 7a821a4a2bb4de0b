"""Reads: queries with their authorization filters applied."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onboarding.models import Case, Document, ExtractedField, NoticeVersion, Role, User
from onboarding.security.blind_index import blind_index


def user_roles(*, user: Any) -> set[str]:
    roles = set(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def user_get_by_email(*, email: str) -> User | None:
    """Find a user by e-mail through its blind index (the column itself is ciphertext)."""
    return User.objects.filter(email_index=blind_index(email, purpose="email")).first()


def case_list_for_customer(*, user: User) -> QuerySet[Case]:
    return Case.objects.filter(applicant=user).exclude(state=Case.State.PURGED)


def case_get_for_customer(*, user: User, public_id: Any) -> Case | None:
    return case_list_for_customer(user=user).filter(public_id=public_id).first()


def consignment_providers_for_case(*, case: Case) -> list[str]:
    """The outside OCR providers that may see this case's documents (settings order), in-house ones excluded."""
    from django.conf import settings

    from onboarding.services.documents import kinds_for_flow
    from onboarding.services.notices import IN_HOUSE_PROVIDERS

    names: list[str] = []
    for kind in kinds_for_flow(case.flow):
        for name in settings.OCR_PROVIDER_ORDER.get(kind, []):
            if name not in IN_HOUSE_PROVIDERS and name not in names:
                names.append(name)
    return names


def notice_latest(*, kind: str, language: str, provider: str = "") -> NoticeVersion | None:
    """The newest version of a notice in ``language``, else in Korean (the notices' source language)."""
    for lang in (language, "ko"):
        notice = NoticeVersion.objects.filter(kind=kind, provider=provider, language=lang).order_by("-version").first()
        if notice is not None:
            return notice
    return None


def notices_for_case(*, case: Case, language: str) -> list[NoticeVersion]:
    """The notices the consent screen shows for ``case``: consents first, then one consignment per provider.

    A configured outside provider without a published consignment notice is a configuration error:
    the documents must not be sent anywhere the person was not told about.
    """
    from django.core.exceptions import ImproperlyConfigured

    notices = [
        notice_latest(kind=kind, language=language)
        for kind in (
            NoticeVersion.Kind.COLLECTION,
            NoticeVersion.Kind.UNIQUE_IDENTIFIERS,
            NoticeVersion.Kind.PAYMENT_CARD,
        )
    ]
    for provider in consignment_providers_for_case(case=case):
        notice = notice_latest(kind=NoticeVersion.Kind.CONSIGNMENT, language=language, provider=provider)
        if notice is None:
            raise ImproperlyConfigured(f"no consignment notice published for OCR provider {provider!r}")
        notices.append(notice)
    return [n for n in notices if n is not None]


def notices_by_ids(*, ids: list[int]) -> list[NoticeVersion]:
    return list(NoticeVersion.objects.filter(pk__in=ids).order_by("pk"))


def document_list_current(*, case: Case) -> list[Document]:
    return list(case.documents.exclude(state__in=[Document.State.REPLACED, Document.State.PURGED]))


def document_get_for_customer(*, case: Case, public_id: Any) -> Document | None:
    return case.documents.filter(public_id=public_id).exclude(state=Document.State.PURGED).first()


def document_fields(*, document: Document) -> list[ExtractedField]:
    return list(document.fields.order_by("position").prefetch_related("edits"))


def consent_has_optional(*, case: Case, kind: str) -> bool:
    """Whether the latest consent screen of ``case`` ticked the optional notice ``kind``."""
    latest = case.consents.filter(withdrawn_at__isnull=True).order_by("-given_at", "-pk").first()
    if latest is None:
        return False
    return case.consents.filter(
        submission=latest.submission, notice__kind=kind, checked=True, withdrawn_at__isnull=True
    ).exists()
