"""Readiness of what the product depends on, for /healthz. Reports names and states, no data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from kombu import Connection

from ocr_integration import registry
from ocr_integration.errors import OcrError


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=3) as conn:
        conn.ensure_connection(max_retries=1, timeout=3)


def _check_storage() -> None:
    probe = b"healthz"
    name = default_storage.save("healthz/probe", ContentFile(probe))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != probe:
                raise RuntimeError("storage round trip returned different bytes")
    finally:
        default_storage.delete(name)


def _check_ocr() -> None:
    for name in registry.configured_provider_names():
        registry.get_provider(name).check_ready()


def health_report() -> dict[str, Any]:
    """``{"status": "ok"|"error", "checks": {name: "ok"|"skipped"|"error: <class>"}}``."""
    checks: dict[str, str] = {}
    probes = {
        "database": _check_database,
        "broker": None if settings.CELERY_TASK_ALWAYS_EAGER else _check_broker,
        "storage": _check_storage,
        "ocr": _check_ocr,
    }
    for name, probe in probes.items():
        if probe is None:
            checks[name] = "skipped: tasks run in-process"
            continue
        try:
            probe()
            checks[name] = "ok"
        except OcrError as exc:
            checks[name] = f"error: {exc.__class__.__name__} ({exc.provider or 'ocr'}: {exc.code})"
        except Exception as exc:  # noqa: BLE001 — a health probe reports every failure as data
            checks[name] = f"error: {exc.__class__.__name__}"
    ok = all(not v.startswith("error") for v in checks.values())
    return {"status": "ok" if ok else "error", "checks": checks}
