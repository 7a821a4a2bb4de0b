"""The cast (alice the customer, ...) and shared fixtures. Browser and services fixtures live in plugins."""

from __future__ import annotations

import pytest

from onboarding.models import Role, User
from tests.factories import CaseFactory, UserFactory

pytest_plugins = [
    "tests.plugins.browser",
    "tests.plugins.services",
    "tests.plugins.pii_logs",
    "tests.plugins.emulator",
    "tests.plugins.verification",
]

STAFF_PASSWORD = "correct horse battery staple"


@pytest.fixture
def customer(db: None) -> User:
    return UserFactory(username="alice", role=Role.CUSTOMER, email="alice@example.com")


@pytest.fixture
def other_customer(db: None) -> User:
    return UserFactory(username="bob", role=Role.CUSTOMER, email="bob@example.com")


@pytest.fixture
def operator(db: None) -> User:
    return UserFactory(username="olivia", role=Role.OPERATOR)


@pytest.fixture
def reviewer(db: None) -> User:
    return UserFactory(username="rita", role=Role.REVIEWER)


@pytest.fixture
def second_reviewer(db: None) -> User:
    return UserFactory(username="sam", role=Role.REVIEWER)


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(username="ada", role=Role.ADMIN)


@pytest.fixture
def case(customer: User):  # type: ignore[no-untyped-def]
    return CaseFactory(applicant=customer)
