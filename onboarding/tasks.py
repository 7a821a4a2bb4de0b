"""Celery tasks: they take ids, check state first, and call one service."""

from __future__ import annotations

import socket

from celery import shared_task

from onboarding.models import WorkerHeartbeat


@shared_task(name="onboarding.worker_ping")
def worker_ping(nonce: str) -> None:
    """Prove a worker can take a task from the broker and write to the database. Idempotent."""
    WorkerHeartbeat.objects.get_or_create(nonce=nonce, defaults={"hostname": socket.gethostname()})
