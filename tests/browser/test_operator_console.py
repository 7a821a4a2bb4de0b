"""The operator console in real Chromium: an assisted onboarding from opening to submission.

The customer consents on the operator's screen (or through their link); every step is recorded
with the operator as the actor, and each consent row names both the customer and the operator.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core import mail

from onboarding.models import AuditEvent, Case, Consent, Document, FieldEdit
from tests.conftest import STAFF_PASSWORD
from tests.docgen import generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_sign_in(page: Any, username: str) -> None:
    page.goto("/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url("**/staff/")


def test_operator_runs_an_assisted_onboarding_with_the_customer_consenting_on_screen(page: Any, operator: Any) -> None:
    staff_sign_in(page, "olivia")
    page.goto("/staff/operator/")
    page.get_by_role("link", name="New assisted onboarding").first.click()
    page.get_by_label("Customer's e-mail address").fill("carol@example.com")
    page.get_by_label("Personal").check()
    page.get_by_role("button", name="Open the case").click()
    assert page.get_by_test_id("case-state").inner_text() == "Draft"
    case = Case.objects.get()
    assert case.channel == Case.Channel.ASSISTED and case.operator == operator

    # Nothing can be captured before the customer agrees.
    assert page.get_by_role("link", name=re.compile("^Add")).count() == 0
    page.get_by_role("link", name="Customer reads and agrees on this screen").click()
    for label in (
        "I agree to the collection and use of my personal data (required).",
        "I agree to the processing of my unique identifiers (required).",
    ):
        box = page.get_by_label(label)
        assert not box.is_checked()
        box.focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("The customer's consent is recorded.").is_visible()

    page.get_by_role("link", name="Add Identity document").click()
    card = generate("id_card", "resident", 2)
    page.get_by_label("Photo or scan of the document").set_input_files(
        files=[{"name": card.filename, "mimeType": "image/jpeg", "buffer": card.data}]
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name="Check what was read, with the customer").wait_for(timeout=60_000)
    # Operators see identifiers masked, like everyone without the reveal permission.
    rrn = page.get_by_label("Resident registration number")
    assert rrn.input_value() == "" and rrn.get_attribute("placeholder").endswith("******")
    for box in page.locator("input[name^=confirm_]").all():
        box.check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved. This document is checked.").wait_for()

    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_test_id("case-state").inner_text() == "Submitted"

    case.refresh_from_db()
    assert case.state == Case.State.SUBMITTED
    consents = list(Consent.objects.filter(case=case))
    assert consents and all(
        c.channel == Case.Channel.ASSISTED and c.operator == operator and c.subject == case.applicant for c in consents
    )
    for action in ("case_opened_assisted", "consent_given", "document_uploaded", "document_fields_updated"):
        assert AuditEvent.objects.get(action=action, case=case).actor == operator, action
    submitted = AuditEvent.objects.get(action="case_state_changed", case=case, detail__to="submitted")
    assert submitted.actor == operator and submitted.subject_user == case.applicant
    assert all(e.actor_role == FieldEdit.ActorRole.OPERATOR for e in FieldEdit.objects.all())
    assert Document.objects.get(case=case).uploaded_by == operator

    # The operator finds the case again by the customer's e-mail.
    page.goto("/staff/operator/")
    page.get_by_label("Customer e-mail or case id").fill("carol@example.com")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_test_id("operator-case").count() == 1


def test_customer_consents_through_the_link_the_operator_sends(
    page: Any, browser: Any, live_server: Any, operator: Any
) -> None:
    staff_sign_in(page, "olivia")
    page.goto("/staff/operator/new/")
    page.get_by_label("Customer's e-mail address").fill("dan@example.com")
    page.get_by_label("Personal").check()
    page.get_by_role("button", name="Open the case").click()
    page.get_by_role("button", name="Send the link to the customer").click()
    assert page.get_by_text("The link is sent").is_visible()

    link = re.search(r"https?://[^\s]+(/link/[\w-]+/)", mail.outbox[-1].body)
    assert link and mail.outbox[-1].to == ["dan@example.com"]
    customer = browser.new_context(
        base_url=live_server.url, locale="en-US", extra_http_headers={"Accept-Language": "en"}
    )
    try:
        cpage = customer.new_page()
        cpage.goto(urlparse(link.group(0)).path)
        cpage.get_by_role("button", name="Continue").click()
        cpage.get_by_role("link", name="Read and agree").click()
        cpage.get_by_label("I agree to the collection and use of my personal data (required).").check()
        cpage.get_by_label("I agree to the processing of my unique identifiers (required).").check()
        cpage.get_by_role("button", name="Continue").click()
        cpage.get_by_text("Thank you. Your consent is recorded.").wait_for()
    finally:
        customer.close()

    case = Case.objects.get()
    consent = Consent.objects.filter(case=case, checked=True).first()
    assert consent is not None and consent.channel == Case.Channel.ASSISTED and consent.operator == operator
    assert AuditEvent.objects.get(action="consent_given", case=case).actor == case.applicant
    page.reload()
    assert page.get_by_test_id("case-state").inner_text() == "Consented"
