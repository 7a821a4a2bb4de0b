"""Review fixtures: a submitted business case with two checked documents, and a way to flag it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ocr_integration.emulator.documents import FIXTURES
from onboarding.models import Case, Document
from onboarding.services.cases import case_transition
from onboarding.services.documents import case_submit
from onboarding.verification.models import Check

RESIDENT = FIXTURES[("id_card", "resident")]
BUSINESS = FIXTURES[("business_registration", "individual")]


@pytest.fixture
def submitted_case(consented_case: Case, make_document: Callable[..., Document]) -> Case:
    make_document(consented_case, "id_card", "resident", RESIDENT)
    make_document(consented_case, "business_registration", "individual", BUSINESS)
    case_transition(case=consented_case, to=Case.State.COLLECTING, actor=consented_case.applicant)
    return case_submit(case=consented_case, actor=consented_case.applicant)


@pytest.fixture
def flag() -> Callable[[Case], Check]:
    """A current failed check on the case, as the verification services record one."""

    def make(case: Case, **kwargs: Any) -> Check:
        return Check.objects.create(
            case=case,
            kind=kwargs.get("kind", "business_status"),
            outcome=kwargs.get("outcome", Check.Outcome.WARN),
            message="The business is suspended (휴업자).",
            evidence={"code": "05"},
            provider="nhn",
        )

    return make
