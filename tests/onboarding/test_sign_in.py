"""Customers sign in through one-time links; staff with passwords and a lock-out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from freezegun import freeze_time

from onboarding.models import AuditEvent, Case, CustomerLink, User
from tests.conftest import STAFF_PASSWORD

LINK_RE = re.compile(r"https?://[^\s]+/link/([\w-]+)/")


def _link_path_from_mail() -> str:
    match = LINK_RE.search(mail.outbox[-1].body)
    assert match, "no sign-in link in the e-mail"
    return f"/link/{match.group(1)}/"


@pytest.fixture
def post(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """POST and run the on-commit callbacks (mail goes out only after the transaction commits)."""

    def _post(path: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return _post


@pytest.mark.django_db
def test_start_creates_a_case_and_mails_a_one_time_link(post) -> None:  # type: ignore[no-untyped-def]
    response = post("/start/", {"email": "new@example.com", "flow": "business"})

    assert response.status_code == 302 and response["Location"] == "/link-sent/"
    case = Case.objects.get()
    assert case.flow == "business" and case.state == Case.State.DRAFT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.com"]
    token = _link_path_from_mail().split("/")[2]
    assert not CustomerLink.objects.filter(token_hash=token).exists(), "the token itself must not be stored"


@pytest.mark.django_db
def test_link_signs_the_customer_in_once(client: Client, post) -> None:  # type: ignore[no-untyped-def]
    post("/start/", {"email": "new@example.com", "flow": "personal"})
    path = _link_path_from_mail()
    case = Case.objects.get()

    assert client.get(path).status_code == 200  # a prefetching mail scanner does not burn it
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == f"/onboarding/{case.public_id}/"
    assert client.get(response["Location"]).status_code == 200

    again = Client().post(path)
    assert again.status_code == 400
    assert b"no longer valid" in again.content.lower() or "더 이상".encode() in again.content


@pytest.mark.django_db
def test_expired_link_is_refused(client: Client, post) -> None:  # type: ignore[no-untyped-def]
    with freeze_time("2026-01-01 00:00:00"):
        post("/start/", {"email": "new@example.com", "flow": "personal"})
    path = _link_path_from_mail()
    with freeze_time("2026-01-02 00:00:01"):
        assert client.post(path).status_code == 400


@pytest.mark.django_db
def test_resume_answers_the_same_for_known_and_unknown_addresses(post, customer: User) -> None:  # type: ignore[no-untyped-def]
    known = post("/resume/", {"email": "alice@example.com"})
    unknown = post("/resume/", {"email": "stranger@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


@pytest.mark.django_db
def test_customer_cannot_open_another_customers_case(client: Client, customer: User, other_customer: User) -> None:
    other_case = Case.objects.create(applicant=other_customer)
    client.force_login(customer)

    assert client.get(f"/onboarding/{other_case.public_id}/").status_code == 404


@pytest.mark.django_db
def test_staff_sign_in_with_password(client: Client, reviewer: User) -> None:
    response = client.post("/staff/login/", {"username": "rita", "password": STAFF_PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_staff_locked_out_after_five_failures_even_with_the_right_password(client: Client, reviewer: User) -> None:
    for _ in range(5):
        client.post("/staff/login/", {"username": "rita", "password": "wrong"})

    response = client.post("/staff/login/", {"username": "rita", "password": STAFF_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_customer_gets_403_on_staff_pages_and_anonymous_goes_to_sign_in(client: Client, customer: User) -> None:
    assert client.get("/staff/")["Location"].startswith("/staff/login/")
    client.force_login(customer)
    assert client.get("/staff/").status_code == 403


@pytest.mark.django_db
def test_staff_cannot_use_customer_pages(client: Client, operator: User) -> None:
    client.force_login(operator)
    assert client.get("/onboarding/").status_code == 403


@pytest.mark.django_db
def test_case_start_is_audited_without_personal_data(post) -> None:  # type: ignore[no-untyped-def]
    post("/start/", {"email": "new@example.com", "flow": "personal"})
    event = AuditEvent.objects.get(action="case_started")
    assert "new@example.com" not in str(event.detail) and event.case is not None
