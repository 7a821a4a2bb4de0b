"""The foundation in real Chromium: language switch, start and resume through the e-mailed link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from onboarding.models import Case
from tests.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_starts_onboarding_and_signs_in_with_the_emailed_link(page: Any) -> None:
    page.goto("/")
    page.get_by_label("Language").select_option("ko")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("lang") == "ko"
    page.get_by_label("언어").select_option("en")
    page.get_by_role("button", name="변경").click()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Personal onboarding (ID card)").click()
    page.get_by_label("E-mail address").fill("dana@example.com")
    page.get_by_role("button", name="Send me my link").click()
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()

    link = re.search(r"https?://[^\s]+(/link/[\w-]+/)", mail.outbox[-1].body)
    assert link
    page.goto(link.group(1))
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Your onboarding").is_visible()
    assert page.get_by_test_id("case-state").inner_text() == "Draft"
    assert page.url.endswith(f"/onboarding/{Case.objects.get().public_id}/")


def test_staff_sign_in_by_keyboard(page: Any, reviewer: Any) -> None:
    page.goto("/staff/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type("rita")
    page.keyboard.press("Tab")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert page.get_by_text("Signed in as").is_visible()
