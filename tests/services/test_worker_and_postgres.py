"""Services suite: PostgreSQL, Redis and a real Celery worker process."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from onboarding.models import WorkerHeartbeat
from onboarding.tasks import worker_ping
from tests.factories import UserFactory

pytestmark = pytest.mark.services


def test_a_real_worker_takes_a_task_from_redis_and_writes_to_postgres(celery_worker_process: Any) -> None:
    nonce = uuid.uuid4().hex
    worker_ping.delay(nonce)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not WorkerHeartbeat.objects.filter(nonce=nonce).exists():
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.filter(nonce=nonce).exists(), "the worker never ran the task"


@pytest.mark.django_db
def test_encrypted_column_is_ciphertext_in_postgresql() -> None:
    assert connection.vendor == "postgresql"
    user = UserFactory(username="pg-user", email="pg-user@example.com")
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM onboarding_user WHERE id = %s", [user.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("enc:") and "pg-user" not in raw


@pytest.mark.django_db
def test_healthz_checks_the_real_broker(client: Client) -> None:
    body = client.get("/healthz").json()
    assert body["checks"]["broker"] == "ok"
    assert body["checks"]["database"] == "ok"
