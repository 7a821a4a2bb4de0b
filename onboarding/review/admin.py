"""Read-only admin views of review records: decisions and holds change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onboarding.review.models import Assignment, Decision


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = (
        "case",
        "outcome",
        "state",
        "reason_code",
        "proposed_by",
        "confirmed_by",
        "proposed_at",
        "decided_at",
    )
    list_filter = ("outcome", "state", "requires_confirmation")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("case", "reviewer", "assigned_by", "assigned_at")
