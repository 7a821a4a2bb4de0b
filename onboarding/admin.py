from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from onboarding.models import AuditEvent, Case, User


@admin.register(User)
class KycUserAdmin(UserAdmin):
    # The e-mail column is ciphertext and cannot be searched; search by username.
    search_fields = ("username", "first_name", "last_name")
    list_display = ("username", "is_active", "is_staff", "last_login")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("public_id", "flow", "channel", "state", "created_at")
    list_filter = ("state", "flow", "channel")
    readonly_fields = ("public_id", "applicant", "operator", "state", "created_at", "updated_at")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "case", "ip_address")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
