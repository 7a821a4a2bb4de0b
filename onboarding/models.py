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
    submitted_at = models.DateTimeField(null=True, blank=True)

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


class NoticeVersion(models.Model):
    """One published version of a notice text (consent or consignment), in one language.

    Rows are never edited: an admin publishes a new version, and every consent keeps pointing at
    the row it was shown, so the proof of what a person agreed to cannot change after the fact.
    """

    class Kind(models.TextChoices):
        COLLECTION = "collection", _("Collection and use of personal data")
        UNIQUE_IDENTIFIERS = "unique_identifiers", _("Processing of unique identifiers")
        PAYMENT_CARD = "payment_card", _("Payment card (optional)")
        CONSIGNMENT = "consignment", _("Consignment of processing")

    kind = models.CharField(max_length=32, choices=Kind.choices)
    # The OCR provider a consignment notice is about ("nhn", "clova"); empty for consent notices.
    provider = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    # Plain text; a line's spans written **like this** are emphasised (PIPC guide: ≥20% larger, underlined).
    body = models.TextField()
    sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "provider", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "provider", "language", "version"], name="notice_version_unique")
        ]

    def __str__(self) -> str:
        suffix = f" {self.provider}" if self.provider else ""
        return f"{self.kind}{suffix} [{self.language}] v{self.version}"

    def shown_text(self) -> str:
        """The exact text the person sees, the input of ``sha256``."""
        return f"{self.title}\n\n{self.body}"


class Consent(models.Model):
    """What one person was shown and what they ticked, for one notice, at one moment.

    Consignment notices have no checkbox (``checked`` is None): they are recorded as shown.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents")
    notice = models.ForeignKey(NoticeVersion, on_delete=models.PROTECT, related_name="consents")
    # Submissions group the rows of one consent screen.
    submission = models.UUIDField(db_index=True)
    text_sha256 = models.CharField(max_length=64)
    required = models.BooleanField()
    checked = models.BooleanField(null=True)
    given_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=16, choices=Case.Channel.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:
        return f"Consent {self.pk} case {self.case_id} {self.notice} checked={self.checked}"


class Document(models.Model):
    """One uploaded capture of one document, from intake to the fields the person confirmed.

    The normalised original and the masked derivative are encrypted files with random names; the
    raw provider payload and the authenticity handle are encrypted columns and never leave the server.
    """

    class Kind(models.TextChoices):
        ID_CARD = "id_card", _("Identity document")
        CREDIT_CARD = "credit_card", _("Credit card")
        BUSINESS_REGISTRATION = "business_registration", _("Business registration certificate")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        ANALYSING = "analysing", _("Being read")
        FAILED = "failed", _("Could not be read")
        READY = "ready", _("Ready to check")
        CONFIRMED = "confirmed", _("Checked")
        REPLACED = "replaced", _("Replaced by a new capture")
        PURGED = "purged", _("Deleted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    subtype = models.CharField(max_length=32, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source_format = models.CharField(max_length=8)  # jpeg, png, pdf: what was uploaded
    stored_format = models.CharField(max_length=8)  # jpeg, png: what we re-encoded and keep
    original_name = models.CharField(max_length=255, blank=True)
    masked_name = models.CharField(max_length=255, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    quality = models.JSONField(default=dict)
    provider = models.CharField(max_length=32, blank=True)
    resolution = models.CharField(max_length=8, blank=True)
    raw_payload = EncryptedTextField(blank=True)
    # The visible text of an uploaded PDF (JSON runs in the stored picture's pixels), for the local
    # engine; the PDF itself is not kept. Personal data: encrypted, purged with the document.
    text_layer = EncryptedTextField(blank=True)
    authenticity_handle = EncryptedTextField(blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    error_retryable = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    analysis_started_at = models.DateTimeField(null=True, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Document {self.public_id} {self.kind} ({self.state})"

    @property
    def is_current(self) -> bool:
        return self.state not in {self.State.REPLACED, self.State.PURGED}


class ExtractedField(models.Model):
    """One field read from a document. The OCR value is kept; edits are appended as ``FieldEdit``.

    Values are encrypted. A card number is never stored: ``ocr_value``/``value`` hold its masked
    form, and ``pan_hmac``/``pan_bin``/``pan_last4`` allow matching without the number (PCI 3.5.1).
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(max_length=64)
    position = models.PositiveIntegerField()
    label_ko = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100)
    ocr_value = EncryptedTextField(blank=True)
    value = EncryptedTextField(blank=True)
    confidence = models.FloatField()
    needs_review = models.BooleanField(default=False)
    sensitive = models.BooleanField(default=False)
    polygons = models.JSONField(default=list)
    masking_polygons = models.JSONField(default=list)
    pan_hmac = models.CharField(max_length=64, blank=True)
    pan_bin = models.CharField(max_length=8, blank=True)
    pan_last4 = models.CharField(max_length=4, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="field_key_per_document")]

    def __str__(self) -> str:
        return f"Field {self.key} of document {self.document_id}"

    @property
    def awaiting_review(self) -> bool:
        return self.needs_review and self.reviewed_at is None


class FieldEdit(models.Model):
    """One change to a field (or a confirmation that it is right): who, when, old → new. Append-only."""

    class Action(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CORRECTED = "corrected", _("Corrected")

    class ActorRole(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        OPERATOR = "operator", _("Operator")
        REVIEWER = "reviewer", _("Reviewer")

    field = models.ForeignKey(ExtractedField, on_delete=models.CASCADE, related_name="edits")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=16, choices=ActorRole.choices)
    action = models.CharField(max_length=16, choices=Action.choices)
    old_value = EncryptedTextField(blank=True)
    new_value = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.field_id} by {self.actor_id}"
