"""What every document page shows, whoever looks (customer, operator, reviewer): the masked
picture and the field outlines drawn over it. Access checks stay in each caller's view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse

from onboarding.models import Document


def masked_image_response(document: Document | None) -> HttpResponse:
    """The masked derivative as an inline JPEG; never the original."""
    if document is None or not document.masked_name:
        raise Http404
    with default_storage.open(document.masked_name) as fh:
        body = fh.read()
    response = HttpResponse(body, content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="masked-{document.public_id}.jpg"'
    return response


def field_overlay(fields: Iterable[Any]) -> list[dict[str, Any]]:
    """One SVG polygon per field outline, with the key that links it to its form field."""
    return [
        {"key": f.key, "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in poly), "review": f.awaiting_review}
        for f in fields
        for poly in f.polygons
    ]


def fields_awaiting(fields: Iterable[Any], language: str) -> list[tuple[str, str]]:
    """(key, label in the reader's language) of the fields still waiting for a person's check."""
    return [(f.key, f.label_ko if language == "ko" else f.label_en) for f in fields if f.awaiting_review]
