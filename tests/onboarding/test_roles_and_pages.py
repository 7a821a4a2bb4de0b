"""Role groups, the bilingual base pages, headers, health and the production settings guard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from onboarding.roles import ROLE_PERMISSIONS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_role_is_a_group_with_its_permissions() -> None:
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(perms), role


@pytest.mark.django_db
def test_home_page_is_korean_by_default_and_english_on_request(client: Client) -> None:
    korean = client.get("/")
    assert korean.status_code == 200
    assert '<html lang="ko">' in korean.content.decode()
    assert "온라인으로 계좌를 여세요" in korean.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/")
    assert '<html lang="en">' in english.content.decode()
    assert "Open your account online" in english.content.decode()


@pytest.mark.django_db
def test_pages_are_not_cached_and_not_sniffed(client: Client) -> None:
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_staff_sign_in_page_has_labelled_fields(client: Client) -> None:
    html = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<label for="id_username"' in html and '<label for="id_password"' in html
    assert 'href="#main"' in html  # skip link for keyboard users


@pytest.mark.django_db
def test_no_media_url_serves_stored_files(client: Client) -> None:
    assert client.get("/media/anything.bin").status_code == 404


@pytest.mark.django_db
def test_healthz_reports_each_dependency(client: Client) -> None:
    response = client.get("/healthz")
    body = response.json()

    assert set(body["checks"]) == {"database", "broker", "storage", "ocr"}
    assert body["checks"]["database"] == "ok" and body["checks"]["storage"] == "ok"
    assert body["checks"]["broker"].startswith("skipped")  # tasks run in-process in this pass
    assert body["checks"]["ocr"] == "ok", body
    assert response.status_code == 200


def test_production_settings_refuse_to_start_without_secrets() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "DJANGO_ENCRYPTION_KEYS" in result.stderr


def test_production_settings_start_with_their_secrets_and_pass_deploy_checks(tmp_path: Path) -> None:
    from config.settings.keys import new_key

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 64 + "-production-secret-for-this-test-only",
        DJANGO_ENCRYPTION_KEYS=f"p1:{new_key()}",
        DJANGO_BLIND_INDEX_KEY=new_key(),
        DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3",
        DJANGO_ALLOWED_HOSTS="kyc.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
