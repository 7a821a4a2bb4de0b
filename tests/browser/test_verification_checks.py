"""Issue 6 in real Chromium: a failed ID authenticity leads the customer to correct a field and pass.

NHN is the ID provider here, served by the in-repo emulator (fixture mode: any picture reads as the
emulator's specimen resident card, 홍길동 issued 2019-03-15).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from ocr_integration import registry
from onboarding.models import Case
from onboarding.services.accounts import customer_link_create
from onboarding.verification.models import Check
from tests.docgen import generate
from tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nhn_reads_ids(nhn_configured: Any, settings: Any) -> Iterator[Any]:
    settings.OCR_PROVIDER_ORDER = {**settings.OCR_PROVIDER_ORDER, "id_card": ["nhn"]}
    registry.reset_providers()
    yield nhn_configured
    registry.reset_providers()


def _save_with(page: Any, label: str, value: str) -> None:
    page.get_by_role("heading", name="Check what we read").wait_for(timeout=30_000)
    page.get_by_label(label, exact=True).fill(value)
    for box in page.locator("input[name^=confirm_]").all():
        box.check()
    page.get_by_role("button", name="Save and continue").click()


def test_failed_authenticity_leads_the_customer_to_correct_the_issue_date(page: Any, nhn_reads_ids: Any) -> None:
    case = CaseFactory()
    page.goto(urlparse(customer_link_create(user=case.applicant, case=case)).path)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Read and agree").click()
    assert page.get_by_text("NHN Cloud").first.is_visible(), "the consignment notice of the provider is shown"
    page.get_by_label("I agree to the collection and use of my personal data (required).").check()
    page.get_by_label("I agree to the processing of my unique identifiers (required).").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("link", name="Add Identity document").click()
    page.get_by_label("Photo or scan of the document").set_input_files(
        files=[{"name": "id.png", "mimeType": "image/png", "buffer": generate("id_card", "resident", 3).data}]
    )
    page.get_by_role("button", name="Upload").click()

    # The customer mistypes the issue date: the issuer's records disagree.
    _save_with(page, "Issue date", "2019-03-16")
    checks = page.get_by_test_id("checks")
    checks.wait_for()
    assert "do not match the issuer" in page.get_by_test_id("check-id_authenticity").inner_text()

    page.get_by_test_id("check-id_authenticity").get_by_role("link", name="Check it").click()
    assert page.get_by_test_id("check-id_authenticity").is_visible()  # the same advice next to the form
    _save_with(page, "Issue date", "2019-03-15")
    page.get_by_text("Saved. This document is checked.").wait_for()
    assert page.get_by_test_id("checks").count() == 0

    current = Check.objects.get(case=case, kind="id_authenticity", superseded_at__isnull=True)
    assert current.outcome == Check.Outcome.PASS and current.provider == "nhn"
    assert Check.objects.filter(case=case, kind="id_authenticity", outcome="fail").exists()
    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_test_id("case-state").inner_text() == "Submitted"
    case.refresh_from_db()
    assert case.state == Case.State.SUBMITTED
