"""Verification task: takes an id, retries transient provider failures with backoff."""

from __future__ import annotations

from celery import shared_task

from ocr_integration.errors import OcrRateLimited, OcrUnavailable
from onboarding.verification.services import checks_give_up, document_checks_run


@shared_task(bind=True, name="verification.document_checks", max_retries=4)
def document_checks_task(self, document_id: int) -> None:  # type: ignore[no-untyped-def]
    try:
        document_checks_run(document_id=document_id)
    except (OcrUnavailable, OcrRateLimited) as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            checks_give_up(document_id=document_id)
            return
        # Exponential backoff with jitter, capped; honour a provider's Retry-After.
        countdown = exc.retry_after or min(300, 10 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from None
