"""``analyze_document`` and ``ocr_emulator`` management commands."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core.management import call_command

from ocr_integration import registry
from ocr_integration.emulator.documents import FIXTURES, emulated_document
from ocr_integration.emulator.server import EmulatorServer
from tests.ocr_integration.conftest import PNG

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def providers_at_emulator(settings: Any, emulator: EmulatorServer) -> Any:
    """Settings alone point the nhn and clova providers at the emulator."""
    settings.OCR_PROVIDERS = {
        **settings.OCR_PROVIDERS,
        "nhn": {
            "class": "ocr_integration.providers.nhn.client.NhnOcrProvider",
            "options": {
                "base_url": emulator.url,
                "oauth_base_url": emulator.url,
                "appkey": "cli",
                "secret_key": "",
                "uak_id": "emulator-uak-id",
                "uak_secret": "emulator-uak-secret",
                "api_version": "2.1",
            },
        },
        "clova": {
            "class": "ocr_integration.providers.clova.client.ClovaOcrProvider",
            "options": {"invoke_url": emulator.clova_url, "secret": "emulator-secret"},
        },
    }
    registry.reset_providers()
    yield settings
    registry.reset_providers()


def run(*args: str) -> tuple[list[str], int]:
    out = io.StringIO()
    code = 0
    try:
        call_command("analyze_document", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        code = int(exc.code or 0)
    return out.getvalue().splitlines(), code


def test_json_lines_in_input_order_masked(providers_at_emulator: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.json"
    first.write_bytes(PNG)
    second.write_bytes(emulated_document(subtype="driver"))
    lines, code = run("--provider", "nhn", "--kind", "id_card", "--json", str(first), str(second))
    assert code == 0 and len(lines) == 2
    a, b = (json.loads(line) for line in lines)
    assert (a["file"], a["subtype"], b["file"], b["subtype"]) == (str(first), "resident", str(second), "driver")
    rrn = next(f for f in a["fields"] if f["key"] == "resident_number")
    assert rrn["value"] == "900101-1******"
    assert set(a) >= {"kind", "subtype", "provider", "resolution", "image", "fields"}


def test_reveal_prints_sensitive_values(providers_at_emulator: Any, tmp_path: Path) -> None:
    card = tmp_path / "card.png"
    card.write_bytes(PNG)
    lines, _code = run("--provider", "clova", "--kind", "credit_card", "--json", "--reveal", str(card))
    fields = {f["key"]: f["value"] for f in json.loads(lines[0])["fields"]}
    assert fields["card_number"] == FIXTURES[("credit_card", None)]["card_number"]


def test_human_output_and_a_failing_file(providers_at_emulator: Any, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.png", tmp_path / "bad.json"
    good.write_bytes(PNG)
    bad.write_bytes(emulated_document(not_found=True))
    lines, code = run("--provider", "nhn", "--kind", "business_registration", str(good), str(bad))
    assert code == 1
    assert lines[0].startswith(f"{good}: business_registration/individual via nhn")
    assert any("611-01-99810" in line for line in lines)

    lines, code = run("--provider", "nhn", "--kind", "business_registration", "--json", str(good), str(bad))
    assert code == 1 and json.loads(lines[1])["error"]["code"] == "4000101"


def test_ocr_emulator_command_serves_on_the_given_port() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "ocr_emulator",
            "--port",
            "0",
            "--source",
            "fixtures",
            "--fault",
            '{"target": "nts", "status": 503}',
        ],  # a fault given on the command line
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "OCR provider emulator on http://127.0.0.1:" in first
        url = first.split(" on ")[1].split(" ")[0]
        health = requests.get(f"{url}/_emulator/health", timeout=5).json()
        assert health == {"ok": True, "mode": "fixtures"}
        answer = requests.post(f"{url}/clova/document/id-card", headers={"X-OCR-SECRET": "wrong"}, timeout=5)
        assert answer.status_code == 401
        nts = requests.post(f"{url}/api/nts-businessman/v1/status?serviceKey=emulator-secret", json={}, timeout=5)
        assert nts.status_code == 503  # the fault given on the command line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_environment_variables_alone_point_the_providers_at_the_emulator(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    image = tmp_path / "id.png"
    image.write_bytes(PNG)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "NHN_OCR_BASE_URL": emulator.url,
        "NHN_OAUTH_BASE_URL": emulator.url,
        "NHN_APPKEY": "from-env",
        "NHN_API_VERSION": "2.1",
        "NHN_UAK_ID": "emulator-uak-id",
        "NHN_UAK_SECRET": "emulator-uak-secret",
        "CLOVA_INVOKE_URL": emulator.clova_url,
        "CLOVA_SECRET": "emulator-secret",
    }
    for provider in ("nhn", "clova"):
        done = subprocess.run(
            [sys.executable, "manage.py", "analyze_document", "--provider", provider, "--kind", "id_card", "--json",
             str(image)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-500:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert (result["provider"], result["subtype"]) == (provider, "resident")
    with emulator.state.lock:
        assert any("/v2.1/appkeys/from-env/id-card" in c for c in emulator.state.calls)
