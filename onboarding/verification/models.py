"""Verification checks as records: kind, outcome, evidence, provider, time.

A check is never edited into another outcome: re-running it adds a new row and marks the earlier
one superseded, so the timeline keeps every attempt. Evidence holds codes and flags, never values.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Check(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        PASS = "pass", _("Passed")
        FAIL = "fail", _("Failed")
        WARN = "warn", _("Warning")
        ERROR = "error", _("Error")
        SKIPPED = "skipped", _("Skipped")

    # Outcomes that flag a case for a reviewer: nothing failed, errored or unfinished passes silently.
    FLAGGING = (Outcome.FAIL, Outcome.WARN, Outcome.ERROR, Outcome.PENDING)

    case = models.ForeignKey("onboarding.Case", on_delete=models.PROTECT, related_name="checks")
    document = models.ForeignKey(
        "onboarding.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="checks"
    )
    kind = models.CharField(max_length=64, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    field_key = models.CharField(max_length=64, blank=True)
    # The English source text of a translatable message (shown translated), never personal data.
    message = models.TextField(blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    provider = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "superseded_at"], name="check_case_current")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.outcome}"

    @property
    def flags_case(self) -> bool:
        return self.superseded_at is None and self.outcome in self.FLAGGING
