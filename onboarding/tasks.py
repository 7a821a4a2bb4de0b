"""Celery tasks: they take ids, check state first, and call one service."""

from __future__ import annotations

import logging
import socket

from celery import shared_task

from onboarding.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


@shared_task(name="onboarding.worker_ping")
def worker_ping(nonce: str) -> None:
    """Prove a worker can take a task from the broker and write to the database. Idempotent."""
    WorkerHeartbeat.objects.get_or_create(nonce=nonce, defaults={"hostname": socket.gethostname()})


@shared_task(name="onboarding.analyse_document", acks_late=True)
def analyse_document(document_id: int) -> None:
    """Read one uploaded document. Takes the id only; the service claims the row, so redelivery is harmless."""
    from celery.exceptions import SoftTimeLimitExceeded
    from django.utils.translation import gettext_noop

    from onboarding.services.documents import document_analyse, document_analysis_failed

    try:
        document_analyse(document_id=document_id)
    except SoftTimeLimitExceeded:
        document_analysis_failed(
            document_id=document_id,
            code="timeout",
            message=gettext_noop("Reading the document took too long. Please try again."),
            retryable=True,
        )
    except Exception as exc:  # noqa: BLE001 — a crash must leave the document retryable, never stuck or lost
        logger.error("analysis of document %s crashed: %s", document_id, type(exc).__name__)
        document_analysis_failed(
            document_id=document_id,
            code="internal",
            message=gettext_noop("Something went wrong while reading the document. Please try again."),
            retryable=True,
        )
