"""The customer's whole path in real Chromium: consent, capture, reading, checking fields, submitting."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from ocr_integration import registry
from onboarding.models import Case, Consent, Document, FieldEdit, NoticeVersion
from onboarding.selectors import notices_for_case
from onboarding.services.accounts import customer_link_create
from onboarding.services.consents import consent_record
from onboarding.services.documents import document_analysis_failed
from tests.docgen import generate, specimen
from tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, case: Case) -> None:
    page.goto(urlparse(customer_link_create(user=case.applicant, case=case)).path)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/onboarding/{case.public_id}/")


def _consent(page: Any, *, card: bool = True) -> None:
    page.get_by_role("link", name="Read and agree").click()
    # By keyboard: focus each box and press Space, as a keyboard or screen-reader user would.
    for label in (
        "I agree to the collection and use of my personal data (required).",
        "I agree to the processing of my unique identifiers (required).",
        *(["I agree to the collection of payment card data (optional)."] if card else []),
    ):
        box = page.get_by_label(label)
        assert not box.is_checked(), "no box is ticked for the customer"
        box.focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("Thank you. Your consent is recorded.").is_visible()


def _upload(page: Any, name: str, mime: str, data: bytes) -> None:
    page.get_by_label("Photo or scan of the document").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_role("button", name="Upload").click()


def _confirm_and_save(page: Any) -> list[str]:
    """Tick every "I checked …" box the page asks for and save; returns the fields that needed review."""
    page.get_by_role("heading", name="Check what we read").wait_for()
    keys = [b.get_attribute("name").removeprefix("confirm_") for b in page.locator("input[name^=confirm_]").all()]
    for key in keys:
        page.locator(f"input[name=confirm_{key}]").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved. This document is checked.").wait_for()
    return keys


def _oversized_photo(data: bytes) -> bytes:
    """A phone-sized, noisy JPEG of the document, well over the 5 MB limit."""
    with Image.open(io.BytesIO(data)) as src:
        big = np.asarray(src.convert("RGB").resize((3600, 2268)), dtype=np.int16)
    noisy = np.clip(big + np.random.default_rng(5).normal(0, 12, big.shape), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(noisy).save(buf, format="JPEG", quality=98)
    assert buf.tell() > 5 * 1024 * 1024
    return buf.getvalue()


def _pdf(kind: str, subtype: str, seed: int) -> bytes:
    image = specimen(kind, subtype, seed).image
    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=image.width / 8.27)
    return buf.getvalue()


@pytest.fixture
def name_always_needs_review(settings: Any) -> Iterator[None]:
    """A review threshold above any confidence for the name (the ``review_thresholds`` option)."""
    settings.OCR_PROVIDERS = {
        **settings.OCR_PROVIDERS,
        "local": {**settings.OCR_PROVIDERS["local"], "options": {"review_thresholds": {"name": 1.01}}},
    }
    registry.reset_providers()
    yield
    registry.reset_providers()


@pytest.mark.usefixtures("name_always_needs_review")
def test_personal_onboarding_with_a_resident_card_a_retake_and_a_field_to_review(page: Any) -> None:
    case = CaseFactory()
    _sign_in(page, case)
    assert page.get_by_test_id("case-state").inner_text() == "Draft"
    _consent(page)

    page.get_by_role("link", name="Add Identity document").click()
    assert page.get_by_role("heading", name="How to take a good picture").is_visible()
    assert page.get_by_text("Resolution: at least 760 × 480 pixels is recommended.").is_visible()
    assert page.get_by_role("img", name=re.compile("Example of a good capture")).is_visible()
    assert page.get_by_label("Photo or scan of the document").get_attribute("capture") == "environment"

    # A text file with a photo's name: the browser lets it through, the server refuses it by content.
    _upload(page, "id.jpg", "image/jpeg", b"not a photo at all\n" * 50)
    error = page.get_by_test_id("upload-error")
    assert "not a picture we can read" in error.inner_text()
    assert not Document.objects.exists()

    # The retake is a large phone photo: the page reduces it to fit 5 MB before uploading.
    card = generate("id_card", "resident", 1)
    _upload(page, "IMG_0001.jpg", "image/jpeg", _oversized_photo(card.data))
    page.get_by_role("heading", name="Check what we read").wait_for(timeout=60_000)
    document = Document.objects.get()
    assert document.byte_size <= 5 * 1024 * 1024 and document.width >= 760

    assert page.get_by_label("Resident registration number").input_value() == ""
    assert page.get_by_label("Resident registration number").get_attribute("placeholder").endswith("******")
    review = page.get_by_role("region", name=re.compile("need your check"))
    assert review.get_by_role("link", name="Name").is_visible()

    # The form and the outlines on the image point at each other.
    page.get_by_label("Name", exact=True).focus()
    assert "active" in page.locator('polygon[data-key="name"]').first.get_attribute("class")
    page.locator('polygon[data-key="resident_number"]').first.click()
    assert page.evaluate("document.activeElement.id") == "id_value_resident_number"

    # Saving without confirming is refused and says which field is still open.
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_text("Some fields still need your check.").is_visible()
    assert "name" in _confirm_and_save(page)
    assert FieldEdit.objects.get(field__key="name").action == FieldEdit.Action.CONFIRMED

    assert page.get_by_test_id("doc-id_card").get_by_text("Checked").is_visible()
    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_test_id("case-state").inner_text() == "Submitted"
    page.reload()
    assert page.get_by_role("heading", name="What happens next").is_visible()
    case.refresh_from_db()
    assert case.state == Case.State.SUBMITTED


def test_business_onboarding_with_a_driver_licence_and_a_certificate(page: Any) -> None:
    case = CaseFactory(flow=Case.Flow.BUSINESS)
    _sign_in(page, case)
    _consent(page, card=False)
    assert page.get_by_text("a card cannot be added").is_visible()

    page.get_by_role("link", name="Add Identity document").click()
    # No camera in this browser: the page says so and the file input remains. First let the page's
    # script decide whether to offer the camera at all (it runs after the page is parsed).
    page.wait_for_function(
        "document.getElementById('camera-status').textContent || !document.getElementById('camera-start-wrap').hidden"
    )
    if page.get_by_role("button", name="Use the camera").is_visible():
        page.get_by_role("button", name="Use the camera").click()
    page.get_by_text("The camera is not available in this browser").wait_for(timeout=10_000)
    assert page.get_by_label("Photo or scan of the document").is_enabled()
    page.get_by_label("Which ID is it?").select_option("driver")
    licence = generate("id_card", "driver", 0)
    _upload(page, licence.filename, "image/jpeg", licence.data)
    page.get_by_role("heading", name="Check what we read").wait_for(timeout=60_000)
    assert page.get_by_label("Licence number").get_attribute("placeholder")
    _confirm_and_save(page)

    page.get_by_role("link", name="Add Business registration certificate").click()
    assert page.get_by_text("Resolution: at least 1280 × 720 pixels is recommended.").is_visible()
    _upload(page, "certificate.pdf", "application/pdf", _pdf("business_registration", "individual", 0))
    page.get_by_role("heading", name="Check what we read").wait_for(timeout=60_000)
    assert page.get_by_label("Business registration number").input_value()
    _confirm_and_save(page)

    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_test_id("case-state").inner_text() == "Submitted"
    kinds = set(Document.objects.filter(state=Document.State.CONFIRMED).values_list("kind", flat=True))
    assert kinds == {"id_card", "business_registration"}
    assert Document.objects.get(kind="id_card").subtype == "driver"


def test_adding_a_credit_card_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        extra_http_headers={"Accept-Language": "en"},
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        case = CaseFactory()
        _sign_in(page, case)
        _consent(page, card=True)
        page.get_by_role("link", name="Add a credit card").click()
        assert page.get_by_text("Never photograph the back with the security code.").is_visible()
        card = generate("credit_card", None, 1)
        _upload(page, card.filename, "image/png", card.data)
        number = page.get_by_label("Card number")
        assert number.get_attribute("placeholder") == f"**** **** **** {card.truth['card_number'][-4:]}"
        assert card.truth["card_number"] not in page.content()
        _confirm_and_save(page)
        assert page.get_by_test_id("doc-credit_card").get_by_text("Checked").is_visible()
        assert Document.objects.get().kind == "credit_card"
    finally:
        context.close()


def test_refusing_a_required_consent_explains_and_allows_no_capture(page: Any) -> None:
    case = CaseFactory()
    _sign_in(page, case)
    page.get_by_role("link", name="Read and agree").click()
    assert page.get_by_role("heading", name=re.compile(r"\[Required\] Consent to the collection and use")).is_visible()
    assert page.locator(".notice-collection .emphasis").first.is_visible()
    page.get_by_label("I agree to the collection and use of my personal data (required).").check()
    page.get_by_role("button", name="Continue").click()

    assert page.get_by_role("heading", name="We cannot continue online").is_visible()
    assert page.get_by_role("alert").get_by_text("Processing of unique identifiers").is_visible()
    page.goto(f"/onboarding/{case.public_id}/capture/id_card/")
    assert page.get_by_role("heading", name="Step 1: your consent").is_visible()
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT and not Document.objects.exists()
    refused = Consent.objects.get(notice__kind=NoticeVersion.Kind.UNIQUE_IDENTIFIERS)
    assert refused.checked is False and refused.user_agent and refused.ip_address == "127.0.0.1"


def test_reading_progress_is_polled_and_a_provider_outage_offers_a_retry(page: Any) -> None:
    case = CaseFactory()
    notices = notices_for_case(case=case, language="en")
    consent_record(case=case, notices=notices, checked_ids={n.pk for n in notices}, actor=case.applicant)
    # A capture waiting for a worker (as when Celery runs out of process).
    document = Document.objects.create(
        case=case,
        kind="id_card",
        uploaded_by=case.applicant,
        source_format="jpeg",
        stored_format="jpeg",
        original_name=default_storage.save("documents/original", ContentFile(b"\xff\xd8\xff placeholder")),
        width=1000,
        height=630,
        byte_size=20,
        sha256="0" * 64,
    )
    _sign_in(page, case)
    page.goto(f"/onboarding/{case.public_id}/documents/{document.public_id}/")
    status = page.get_by_test_id("analysis-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert status.inner_text() == "Waiting to be read…"

    # The provider is down: the worker records a retryable failure; the polling page shows it.
    document_analysis_failed(
        document_id=document.pk,
        code="nhn:5000001",
        message="The reading service is temporarily unavailable. Please try again shortly.",
        retryable=True,
    )
    page.get_by_role("heading", name="We could not read this picture").wait_for(timeout=10_000)
    assert page.get_by_test_id("analysis-error").inner_text().startswith("The reading service is temporarily")
    assert page.get_by_role("button", name="Try again").is_visible()
    assert page.get_by_role("link", name="Take a new photo").is_visible()
