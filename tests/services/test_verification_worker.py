"""A real worker runs the verification task and retries it through a provider outage."""

from __future__ import annotations

import time
from typing import Any

import pytest

from ocr_integration.emulator.documents import FIXTURES
from ocr_integration.emulator.state import Fault
from onboarding.verification.models import Check
from onboarding.verification.tasks import document_checks_task

pytestmark = pytest.mark.services


@pytest.fixture
def worker_env(emulator: Any) -> dict[str, str]:
    return {
        "NHN_OCR_BASE_URL": emulator.url,
        "NHN_OAUTH_BASE_URL": emulator.url,
        "NHN_APPKEY": "test-appkey",
        "NHN_UAK_ID": "emulator-uak-id",
        "NHN_UAK_SECRET": "emulator-uak-secret",
        "NHN_API_VERSION": "2.1",
        "OCR_TIMEOUT_SECONDS": "3",
        "OCR_MAX_RETRIES": "0",
    }


def _current(document: Any) -> Check | None:
    return Check.objects.filter(document=document, kind="id_authenticity", superseded_at__isnull=True).first()


def test_worker_retries_an_outage_with_backoff_and_then_records_the_pass(
    emulator: Any, celery_worker_process: Any, consented_case: Any, make_document: Any
) -> None:
    document = make_document(consented_case, "id_card", "resident", FIXTURES[("id_card", "resident")])
    emulator.state.add_fault(Fault(target="nhn", path="id-card", status=503, times=1))

    document_checks_task.delay(document.pk)

    deadline = time.monotonic() + 90
    seen_pending = False
    while time.monotonic() < deadline:
        check = _current(document)
        seen_pending = seen_pending or (check is not None and check.outcome == Check.Outcome.PENDING)
        if check is not None and check.outcome == Check.Outcome.PASS:
            break
        time.sleep(0.25)
    check = _current(document)
    assert check is not None and check.outcome == Check.Outcome.PASS, "the retried task never passed the check"
    assert seen_pending, "the outage should first leave a pending check"
