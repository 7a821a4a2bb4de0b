from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from onboarding.models import AuditEvent, Case, Consent, NoticeVersion, User
from onboarding.services.audit import audit_record
from onboarding.services.notices import notice_publish


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


@admin.register(NoticeVersion)
class NoticeVersionAdmin(admin.ModelAdmin):
    """Notices are edited by publishing a new version: "Add" (optionally copied from an existing
    version with ``?copy_from=<id>``) publishes the next version; published versions are read-only,
    because consents point at them as proof of what was shown."""

    list_display = ("kind", "provider", "language", "version", "title", "published_at", "published_by")
    list_filter = ("kind", "provider", "language")
    fields = ("kind", "provider", "language", "title", "body")
    readonly_fields = ("version", "sha256", "published_at", "published_by")

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is None:
            return self.fields
        return (*self.fields, *self.readonly_fields)

    def get_changeform_initial_data(self, request):  # type: ignore[no-untyped-def]
        source = NoticeVersion.objects.filter(pk=request.GET.get("copy_from") or 0).first()
        if source is None:
            return super().get_changeform_initial_data(request)
        return {f: getattr(source, f) for f in ("kind", "provider", "language", "title", "body")}

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        published = notice_publish(
            kind=obj.kind,
            provider=obj.provider,
            language=obj.language,
            title=obj.title,
            body=obj.body,
            published_by=request.user,
        )
        obj.pk = published.pk
        audit_record(
            action="notice_published",
            actor=request.user,
            request=request,
            detail={"notice": published.pk, "kind": published.kind, "version": published.version},
        )


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Consent evidence: read-only, never deleted from here."""

    list_display = ("given_at", "case", "notice", "checked", "channel", "withdrawn_at")
    list_filter = ("channel", "notice__kind", "checked")
    readonly_fields = [f.name for f in Consent._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
