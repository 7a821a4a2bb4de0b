"""The access log: one service writes every audit event."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from onboarding.models import AuditEvent, Case, User


def client_ip(request: HttpRequest | None) -> str | None:
    # Behind a proxy, REMOTE_ADDR is the proxy; deployments set it right at the proxy (docs/operations.md).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    case: Case | None = None,
    subject_user: User | None = None,
    request: HttpRequest | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record who did what to whose data, from where. ``detail`` must hold no personal values."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        case=case,
        subject_user=subject_user or (case.applicant if case is not None else None),
        ip_address=client_ip(request),
        reason=reason,
        detail=detail or {},
    )
