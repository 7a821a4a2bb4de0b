"""Review records: who holds a case, and the decisions taken on it (with four-eyes confirmation).

Reveals, views and exports are access-log entries (``onboarding.AuditEvent``), not rows here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """The reviewer who currently holds a case. Every change is also an audit event."""

    case = models.OneToOneField("onboarding.Case", on_delete=models.PROTECT, related_name="review_assignment")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Case {self.case_id} held by {self.reviewer_id}"


class Decision(models.Model):
    """A reviewer's decision on a case. On a flagged case an approval or rejection stays ``proposed``
    until a different reviewer confirms it (maker-checker); otherwise it is final at once."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        RESUBMIT = "resubmit", _("Request resubmission")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting a second reviewer")
        FINAL = "final", _("Final")
        RETURNED = "returned", _("Returned by the second reviewer")

    class Reason(models.TextChoices):
        UNREADABLE = "unreadable", _("Document unreadable (blur, glare, cropped)")
        WRONG_DOCUMENT = "wrong_document", _("Wrong or incomplete document")
        EXPIRED = "expired", _("Document expired")
        DATA_MISMATCH = "data_mismatch", _("Values do not match the document or each other")
        NOT_AUTHENTIC = "not_authentic", _("Authenticity check failed")
        BUSINESS_INACTIVE = "business_inactive", _("Business closed or suspended")
        OTHER = "other", _("Other (explained in the note)")

    case = models.ForeignKey("onboarding.Case", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason_code = models.CharField(max_length=32, choices=Reason.choices, blank=True)
    # Shown to the customer for a resubmission; reviewers are told not to put personal values in it.
    note = models.TextField(blank=True)
    # Document kinds the customer must capture again (resubmission only).
    documents = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, db_index=True)
    requires_confirmation = models.BooleanField(default=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # What the decision was based on (document ids and hashes, current checks): codes, never values.
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            # Four-eyes in the database too: no code path, admin action or raw insert can self-confirm.
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("proposed_by")),
                name="decision_confirmer_differs_from_proposer",
            ),
            models.CheckConstraint(
                condition=Q(requires_confirmation=False) | ~Q(state="final") | Q(confirmed_by__isnull=False),
                name="decision_flagged_final_needs_confirmer",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="proposed"), name="decision_one_open_proposal_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} on case {self.case_id} ({self.state})"
