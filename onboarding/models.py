"""Foundation models: users and roles, cases, customer sign-in links, audit events.

Behaviour that changes state lives in ``onboarding.services``; models hold fields and row rules.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.security.fields import EncryptedTextField


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    OPERATOR = "operator", _("Operator")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in. Roles are groups (``Role`` values); customers have no password."""

    # Encrypted at rest; found by its keyed blind index (``email_index``), never by plaintext.
    email = EncryptedTextField(_("email address"), blank=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    def has_role(self, role: str) -> bool:
        return self.groups.filter(name=role).exists()

    @property
    def is_staff_member(self) -> bool:
        return self.is_superuser or self.groups.filter(name__in=[Role.OPERATOR, Role.REVIEWER, Role.ADMIN]).exists()


class Case(models.Model):
    """One onboarding of one applicant (a person, or a business with its representative)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSENTED = "consented", _("Consented")
        COLLECTING = "collecting", _("Collecting documents")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RESUBMISSION_REQUESTED = "resubmission_requested", _("Resubmission requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PURGED = "purged", _("Purged")

    class Flow(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        BUSINESS = "business", _("Business")

    class Channel(models.TextChoices):
        SELF = "self", _("Self-service")
        ASSISTED = "assisted", _("Operator-assisted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    flow = models.CharField(max_length=16, choices=Flow.choices, default=Flow.PERSONAL)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.SELF)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="operated_cases"
    )
    state = models.CharField(max_length=32, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("operate_case", "Can run assisted onboarding for a customer"),
            ("review_case", "Can review cases and propose decisions"),
            ("confirm_decision", "Can confirm another reviewer's decision"),
            ("reveal_sensitive", "Can reveal unmasked images and values with a reason"),
            ("view_audit", "Can view and export the audit log"),
        ]

    def __str__(self) -> str:
        return f"Case {self.public_id} ({self.state})"


class CustomerLink(models.Model):
    """A one-time sign-in link for a customer. Only a hash of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_links")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-in link {self.pk} for user {self.user_id}"


class AuditEvent(models.Model):
    """Access log (접속기록): who, when, from where, whose data, what. No personal values."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events")
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class WorkerHeartbeat(models.Model):
    """Written by the ``worker_ping`` task: proves a worker reached the database through the broker."""

    nonce = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Heartbeat {self.nonce} from {self.hostname}"
