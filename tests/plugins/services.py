"""The services suite: a real Celery worker process on Redis, against the PostgreSQL test database.

Tests marked ``services`` run in make test's second pass with DATABASE_URL and CELERY_BROKER_URL
set (scripts/run-tests.sh). The worker is started as a subprocess pointed at pytest-django's test
database, so what it writes is visible to the test through the real database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _require_services() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or settings.CELERY_TASK_ALWAYS_EAGER:
        message = "the services suite needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (make test sets them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Extra environment for the worker process (override in a test module, e.g. provider URLs)."""
    return {}


@pytest.fixture
def celery_worker_process(transactional_db: None, worker_env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``celery worker`` process using this test's database and broker."""
    _require_services()
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        DJANGO_TEST_STORAGE_DIR=str(settings.STORAGES["default"]["OPTIONS"]["location"]),
        **worker_env,
    )
    from config.celery import app

    app.control.purge()
    # A file, not a pipe: a chatty worker must never block on a full pipe buffer.
    log = tempfile.TemporaryFile()  # noqa: SIM115 — lives as long as the worker, closed in finally
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-n",
            "test@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"celery worker exited: {log.read().decode(errors='replace')[-2000:]}")
            if app.control.ping(timeout=1.0):
                break
        else:
            raise RuntimeError("celery worker did not answer a ping within 60 s")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
