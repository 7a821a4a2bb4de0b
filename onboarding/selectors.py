"""Reads: queries with their authorization filters applied."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onboarding.models import Case, Role, User
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
