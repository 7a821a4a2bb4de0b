"""The review dashboard in real Chromium: claim, reveal with a reason, request a resubmission, the
customer redoes the document through their link, the first reviewer approves and a second confirms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core import mail

from ocr_integration.emulator.documents import FIXTURES
from onboarding.models import AuditEvent, Case, Document, NoticeVersion
from onboarding.review.models import Decision
from onboarding.services.cases import case_transition
from onboarding.services.consents import consent_record
from onboarding.services.documents import case_submit
from onboarding.verification.models import Check
from tests.browser.test_operator_console import staff_sign_in
from tests.conftest import STAFF_PASSWORD
from tests.docgen import generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENT = FIXTURES[("id_card", "resident")]


@pytest.fixture
def flagged_case(customer: Any, make_document: Callable[..., Document]) -> Case:
    """A personal case submitted with a read resident card, flagged by a warning check."""
    case = Case.objects.create(applicant=customer, flow=Case.Flow.PERSONAL)
    notices = [n for n in NoticeVersion.objects.filter(language="ko", provider="") if n.kind != "payment_card"]
    consent_record(case=case, notices=notices, checked_ids={n.pk for n in notices}, actor=customer)
    make_document(case, "id_card", "resident", RESIDENT)
    case_transition(case=case, to=Case.State.COLLECTING, actor=customer)
    case_submit(case=case, actor=customer)
    Check.objects.create(
        case=case,
        kind="id_authenticity",
        outcome=Check.Outcome.WARN,
        message="The authenticity service did not answer.",
        evidence={"code": "timeout"},
        provider="nhn",
    )
    return case


def _context(browser: Any, live_server: Any) -> Any:
    return browser.new_context(base_url=live_server.url, locale="en-US", extra_http_headers={"Accept-Language": "en"})


def _post_status(page: Any, url: str) -> int:
    """POST the way a crafted request would, with the page's CSRF token but without a button."""
    return int(
        page.evaluate(
            """async (url) => {
                const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
                const r = await fetch(url, {
                    method: 'POST',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: 'csrfmiddlewaretoken=' + encodeURIComponent(token),
                });
                return r.status;
            }""",
            url,
        )
    )


def test_claim_reveal_resubmission_then_four_eyes_approval(
    page: Any, browser: Any, live_server: Any, flagged_case: Case, reviewer: Any, second_reviewer: Any
) -> None:
    case = flagged_case
    case_url = f"/staff/review/cases/{case.public_id}/"

    # Rita works the queue: the flagged case comes first.
    staff_sign_in(page, "rita")
    page.goto("/staff/review/")
    row = page.get_by_test_id("queue-row").first
    assert row.get_attribute("data-case") == str(case.public_id) and "Flagged" in row.inner_text()
    assert page.get_by_test_id("count-submitted").inner_text().endswith("1")
    row.get_by_role("link").click()
    assert page.get_by_role("region", name="Why this case is flagged").is_visible()
    assert page.get_by_test_id("consent-row").count() >= 2
    page.get_by_role("button", name="Claim this case").click()
    assert page.get_by_text("You hold this case now.").is_visible()
    assert page.get_by_test_id("case-state").inner_text() == "In review"

    # Masked by default; revealing needs a typed reason and is logged with it.
    final = page.get_by_test_id("final-resident_number")
    assert RESIDENT["resident_number"] not in final.inner_text()
    final.locator("summary").click()
    final.get_by_label("Reason for revealing").fill("Compare with the photo: digits look smudged")
    final.get_by_label("Your password").fill(STAFF_PASSWORD)
    final.get_by_role("button", name="Reveal value").click()
    assert page.get_by_test_id("revealed-value").inner_text() == RESIDENT["resident_number"]
    reveal = AuditEvent.objects.get(action="sensitive_revealed")
    assert reveal.actor == reviewer and reveal.subject_user == case.applicant
    assert reveal.reason == "Compare with the photo: digits look smudged"
    assert RESIDENT["resident_number"] not in str(reveal.detail)
    page.get_by_role("link", name="Back to the case (masked again)").click()

    # Ask the customer to capture the ID card again.
    page.get_by_label("Request resubmission").check()
    page.get_by_label("Reason code").select_option("unreadable")
    page.get_by_role("checkbox", name="Identity document").check()
    page.get_by_label("Note").fill("Glare covers the issue date. Please retake it without flash.")
    page.get_by_role("button", name="Record decision").click()
    assert page.get_by_test_id("case-state").inner_text() == "Resubmission requested"

    # The customer is told what to redo, and does it through the link in that e-mail.
    message = mail.outbox[-1]
    assert message.to == ["alice@example.com"] and "Identity document" in message.body
    assert "without flash" in message.body
    link = re.search(r"https?://[^\s]+(/link/[\w-]+/)", message.body)
    assert link
    customer = _context(browser, live_server)
    try:
        cpage = customer.new_page()
        cpage.goto(urlparse(link.group(0)).path)
        cpage.get_by_role("button", name="Continue").click()
        cpage.get_by_role("link", name="Retake Identity document").click()
        retake = generate("id_card", "resident", 3)
        cpage.get_by_label("Photo or scan of the document").set_input_files(
            files=[{"name": retake.filename, "mimeType": "image/jpeg", "buffer": retake.data}]
        )
        cpage.get_by_role("button", name="Upload").click()
        cpage.get_by_role("heading", name="Check what we read").wait_for(timeout=60_000)
        for box in cpage.locator("input[name^=confirm_]").all():
            box.check()
        cpage.get_by_role("button", name="Save and continue").click()
        cpage.get_by_text("Saved. This document is checked.").wait_for()
        cpage.get_by_role("button", name="Submit for review").click()
        cpage.get_by_text("Submitted.").first.wait_for()
    finally:
        customer.close()
    case.refresh_from_db()
    assert case.state == Case.State.SUBMITTED
    assert case.documents.filter(state=Document.State.REPLACED).count() == 1

    # Rita, still holding the case, approves; the flag makes it a proposal.
    page.goto(case_url)
    # The new capture is shown masked, with the outlines of what was read; a row points at its outline.
    document = page.get_by_test_id("doc-id_card")
    image = document.get_by_role("img", name="The document, with sensitive numbers covered")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert document.locator("polygon").count() > 0
    document.get_by_test_id("field-name").hover()
    assert "active" in document.locator('polygon[data-key="name"]').first.get_attribute("class")
    page.get_by_role("button", name="Claim this case").click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record decision").click()
    assert page.get_by_text("A second reviewer must confirm it").is_visible()
    assert page.get_by_test_id("case-state").inner_text() == "In review"
    assert page.get_by_test_id("awaiting-second").is_visible()
    assert page.get_by_role("button", name="Confirm as second reviewer").count() == 0

    # Even a crafted request cannot make Rita confirm her own proposal.
    decision = Decision.objects.get(state=Decision.State.PROPOSED)
    assert _post_status(page, f"{case_url}decisions/{decision.pk}/confirm/") == 403
    decision.refresh_from_db()
    assert decision.state == Decision.State.PROPOSED and decision.confirmed_by is None

    # Sam confirms as the second reviewer.
    second = _context(browser, live_server)
    try:
        spage = second.new_page()
        staff_sign_in(spage, "sam")
        spage.goto(case_url)
        assert "approve" in spage.get_by_test_id("open-decision").inner_text().lower()
        spage.get_by_role("button", name="Confirm as second reviewer").click()
        assert spage.get_by_text("Confirmed. The decision is final.").is_visible()
        assert spage.get_by_test_id("case-state").inner_text() == "Approved"
    finally:
        second.close()
    decision.refresh_from_db()
    assert decision.state == Decision.State.FINAL
    assert decision.proposed_by == reviewer and decision.confirmed_by == second_reviewer
    assert AuditEvent.objects.filter(action="decision_self_confirm_refused", actor=reviewer).count() == 1
