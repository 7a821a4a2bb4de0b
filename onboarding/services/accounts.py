"""Customer accounts and their one-time sign-in links; staff accounts with roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.errors import ApplicationError
from onboarding.models import Case, CustomerLink, Role, User
from onboarding.roles import role_group
from onboarding.security.blind_index import blind_index
from onboarding.selectors import user_get_by_email
from onboarding.services.audit import audit_record


class LinkInvalid(ApplicationError):
    code = "link_invalid"
    http_status = 400


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_set_email(*, user: User, email: str) -> None:
    user.email = email.strip()
    user.email_index = blind_index(user.email, purpose="email") if user.email else ""
    user.save(update_fields=["email", "email_index"])


@transaction.atomic
def customer_get_or_create(*, email: str) -> User:
    """The customer with this e-mail, created without a password if new."""
    user = user_get_by_email(email=email)
    if user is None:
        user = User(username=f"customer-{uuid.uuid4().hex[:16]}")
        user.set_unusable_password()
        user.save()
        user_set_email(user=user, email=email)
        user.groups.add(role_group(Role.CUSTOMER))
    return user


@transaction.atomic
def staff_create(*, username: str, password: str, role: str, email: str = "") -> User:
    user = User.objects.create_user(username=username, password=password)
    if email:
        user_set_email(user=user, email=email)
    user.groups.add(role_group(role))
    if role == Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


def customer_link_create(*, user: User, case: Case | None = None) -> str:
    """Create a one-time sign-in link and return its full URL. Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    CustomerLink.objects.create(
        user=user,
        case=case,
        token_hash=_hash_token(token),
        expires_at=timezone.now() + dt.timedelta(seconds=settings.CUSTOMER_LINK_MAX_AGE_SECONDS),
    )
    return settings.SITE_URL + reverse("customer-link", kwargs={"token": token})


def customer_link_send(*, user: User, case: Case | None = None) -> None:
    """E-mail a fresh sign-in link (the console backend prints it in development)."""
    url = customer_link_create(user=user, case=case)
    send_mail(
        subject=_("Your onboarding link"),
        message=_(
            "Use this link to continue your onboarding. It works once and expires in 24 hours.\n\n%(url)s\n\n"
            "If you did not ask for it, ignore this message."
        )
        % {"url": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


@transaction.atomic
def customer_link_redeem(*, token: str) -> CustomerLink:
    """Consume a sign-in link: valid, unexpired and unused, else ``LinkInvalid``."""
    link = (
        CustomerLink.objects.select_for_update().select_related("user", "case").filter(token_hash=_hash_token(token))
    ).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now() or not link.user.is_active:
        raise LinkInvalid(_("This link is no longer valid. Ask for a new one below."))
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(action="customer_link_used", actor=link.user, case=link.case, subject_user=link.user)
    return link
