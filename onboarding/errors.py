"""Domain errors: one base class carrying a code, an HTTP status and a translated message."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A domain rule was broken. The message is safe to show (no personal data)."""

    code = "application_error"
    http_status = 400

    def __init__(self, message: Any = None, *, code: str | None = None, details: dict[str, Any] | None = None) -> None:
        self.message = str(message or _("The request could not be completed."))
        self.code = code or self.code
        self.details = details or {}
        super().__init__(self.message)


class NotFound(ApplicationError):
    code = "not_found"
    http_status = 404


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    http_status = 403


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    http_status = 409
