"""An over-sized request is refused before Django reads its body, with advice and nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from onboarding.models import Document


@pytest.mark.django_db
def test_body_over_the_limit_is_refused_before_reading(client: Client, settings, case) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_REQUEST_BYTES = 2 * 1024 * 1024
    client.force_login(case.applicant)
    before = sorted(Path(default_storage.location).rglob("*"))

    response = client.post(
        f"/onboarding/{case.public_id}/capture/id_card/",
        data=b"\xff" * (3 * 1024 * 1024),
        content_type="application/octet-stream",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 413
    assert "larger than 5 MB" in response.content.decode() and "Nothing was saved" in response.content.decode()
    assert not Document.objects.exists() and sorted(Path(default_storage.location).rglob("*")) == before


@pytest.mark.django_db
def test_normal_requests_pass(client: Client) -> None:
    assert client.post("/resume/", {"email": "x@example.com"}).status_code == 302
