"""The API's one exception handler: ``{"code", "message", "details"}`` for every error."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from onboarding.errors import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "message": exc.message, "details": exc.details}, status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data
        code = getattr(exc, "default_code", "error")
        message = detail.get("detail", "") if isinstance(detail, dict) else ""
        response.data = {"code": code, "message": str(message) or str(code), "details": detail}
    return response
