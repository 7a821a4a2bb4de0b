"""Response headers for pages that may show personal data."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from onboarding.services.intake import MAX_UPLOAD_BYTES


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every dynamic response: nothing personal lingers in caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response.setdefault("X-Content-Type-Options", "nosniff")
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over ``MAX_REQUEST_BYTES`` before Django reads it.

    Django spools large multipart uploads to disk before any view can check them; this answers 413
    first, with a page that says what to do (the capture page's script shrinks photos, so this is
    mostly met without JavaScript).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            language = translation.get_language_from_request(request)
            with translation.override(language):
                body = render_to_string("413.html", {"limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
