"""The staff URL matrix, generated from the URLconf: every review and operator URL × every role.

A URL added to ``onboarding.review.urls`` without an entry here fails ``test_every_staff_url_has_a_matrix_entry``.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, reverse
from PIL import Image

from onboarding.models import Case, Document, Role
from onboarding.review.decisions import decision_propose
from onboarding.review.services import case_claim
from onboarding.review.urls import operator_patterns, review_patterns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REVIEWERS = frozenset({"reviewer", "admin"})
AUDITORS = frozenset({"admin"})
OPERATORS = frozenset({"operator"})

# url name → (roles that may use it, whether a GET by such a role renders a page)
MATRIX: dict[str, tuple[frozenset[str], bool]] = {
    "review:queue": (REVIEWERS, True),
    "review:case": (REVIEWERS, True),
    "review:claim": (REVIEWERS, False),
    "review:assign": (AUDITORS, False),
    "review:decide": (REVIEWERS, False),
    "review:confirm": (REVIEWERS, False),
    "review:return": (REVIEWERS, False),
    "review:document-image": (REVIEWERS, True),
    "review:reveal": (REVIEWERS, False),
    "review:metrics": (REVIEWERS, True),
    "review:audit": (AUDITORS, True),
    "review:audit-export": (AUDITORS, False),
    "review:access-review": (AUDITORS, True),
    "operator:cases": (OPERATORS, True),
    "operator:start": (OPERATORS, True),
    "operator:case": (OPERATORS, True),
    "operator:send-link": (OPERATORS, False),
    "operator:consent": (OPERATORS, True),
    "operator:capture": (OPERATORS, True),
    "operator:submit": (OPERATORS, False),
    "operator:document": (OPERATORS, True),
    "operator:document-image": (OPERATORS, True),
    "operator:document-retry": (OPERATORS, False),
}


def _names() -> list[str]:
    names = []
    for namespace, patterns in (("review", review_patterns), ("operator", operator_patterns)):
        for p in patterns:
            assert isinstance(p, URLPattern)
            names.append(f"{namespace}:{p.name}")
    return names


def test_every_staff_url_has_a_matrix_entry() -> None:
    missing = set(_names()) - set(MATRIX)
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"


@pytest.fixture
def world(
    submitted_case: Case, operator: Any, reviewer: Any, second_reviewer: Any, admin_user: Any, flag: Any
) -> dict[str, Any]:
    """One case the operator opened and the customer owns, held by a reviewer with an open proposal."""
    submitted_case.channel, submitted_case.operator = Case.Channel.ASSISTED, operator
    submitted_case.save(update_fields=["channel", "operator"])
    flag(submitted_case)
    case_claim(case=submitted_case, reviewer=reviewer)
    decision = decision_propose(case=submitted_case, reviewer=reviewer, outcome="approve")
    # Fixed ids made of letters: Django logs every 403/404 path, and a random id can look like a card
    # number to the log guard.
    Case.objects.filter(pk=submitted_case.pk).update(public_id=uuid.UUID("abcdefab-cdef-4abc-8def-abcdefabcdef"))
    submitted_case.refresh_from_db()
    document = submitted_case.documents.get(kind="id_card")
    buf = io.BytesIO()
    Image.new("RGB", (64, 40), "white").save(buf, format="JPEG")
    Document.objects.filter(pk=document.pk).update(
        public_id=uuid.UUID("fedcbafe-dcba-4fed-8cba-fedcbafedcba"),
        masked_name=default_storage.save("documents/masked", ContentFile(buf.getvalue())),
    )
    document.refresh_from_db()
    args = {
        "public_id": submitted_case.public_id,
        "document_id": document.public_id,
        "decision_id": decision.pk,
        "kind": "id_card",
    }
    return {
        "case": submitted_case,
        "args": args,
        "users": {
            "customer": submitted_case.applicant,
            "operator": operator,
            "reviewer": second_reviewer,
            "admin": admin_user,
        },
    }


def _url(name: str, args: dict[str, Any]) -> str:
    namespace, short = name.split(":")
    patterns = review_patterns if namespace == "review" else operator_patterns
    pattern = next(p for p in patterns if isinstance(p, URLPattern) and p.name == short)
    wanted = {k: v for k, v in args.items() if k in pattern.pattern.converters}
    return reverse(name, kwargs=wanted)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ["customer", "operator", "reviewer", "admin"])
def test_role_outside_the_matrix_gets_403_or_404_with_no_case_data(world: dict[str, Any], name: str, role: str) -> None:
    allowed, renders = MATRIX[name]
    client = Client()
    client.force_login(world["users"][role])
    url = _url(name, world["args"])
    if role in allowed:
        if renders:
            response = client.get(url)
            # 302: a step page sends the operator back to the case when that step is over.
            assert response.status_code in (200, 302), (name, role, response.status_code)
        return
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (403, 404), (name, role, method.__name__, response.status_code)
        # The language switch echoes the requested path; anything else about the case would be a leak.
        body = response.content.decode().replace(url, "")
        assert str(world["case"].public_id) not in body


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_the_staff_sign_in(world: dict[str, Any], name: str) -> None:
    response = Client().get(_url(name, world["args"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("staff-login"))


def test_an_operator_sees_only_the_cases_they_opened(world: dict[str, Any]) -> None:
    other = UserFactory(username="oscar", role=Role.OPERATOR)
    client = Client()
    client.force_login(other)
    for name in ("operator:case", "operator:document", "operator:document-image", "operator:consent"):
        assert client.get(_url(name, world["args"])).status_code == 404, name
    assert str(world["case"].public_id)[:8] not in client.get(reverse("operator:cases")).content.decode()


def test_drafts_are_not_visible_to_reviewers(reviewer: Any, case: Case) -> None:
    client = Client()
    client.force_login(reviewer)
    assert client.get(reverse("review:case", kwargs={"public_id": case.public_id})).status_code == 404
