"""The emulator answering from the embedded OCR engine (issue "Embedded OCR engine")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import EmulatorConfig
from ocr_integration.providers.clova.client import ClovaOcrProvider
from ocr_integration.providers.nhn.client import NhnOcrProvider
from tests.docgen import generate

pytestmark = pytest.mark.slow

NHN_RESIDENT_KEYS = {"name", "resident_number", "issue_date", "issuer"}


@pytest.fixture(scope="module")
def local_emulator() -> Iterator[EmulatorServer]:
    pytest.importorskip("ocr_integration.local.provider")
    server = EmulatorServer(source="local", config=EmulatorConfig()).start()
    yield server
    server.stop()


def test_nhn_and_clova_clients_see_exactly_what_the_engine_read(local_emulator: EmulatorServer) -> None:
    from ocr_integration.local.provider import LocalOcrProvider

    document = generate("id_card", "resident", seed=3)
    engine = LocalOcrProvider().analyze("id_card", document.data, filename=document.filename)
    assert engine.fields, "the engine read nothing from a clean specimen"

    nhn = NhnOcrProvider(
        base_url=local_emulator.url,
        oauth_base_url=local_emulator.url,
        appkey="local",
        uak_id="emulator-uak-id",
        uak_secret="emulator-uak-secret",
        api_version="2.1",
        timeout=120,
        max_retries=0,
    )
    via_nhn = nhn.analyze("id_card", document.data, filename=document.filename)
    expected = {f.key: f.value for f in engine.fields if f.key in NHN_RESIDENT_KEYS}
    assert {f.key: f.value for f in via_nhn.fields} == expected

    clova = ClovaOcrProvider(invoke_url=local_emulator.clova_url, secret="emulator-secret", timeout=120, max_retries=0)
    via_clova = clova.analyze("id_card", document.data, filename=document.filename)
    assert {f.key: f.value for f in via_clova.fields} == {f.key: f.value for f in engine.fields}

    # Authenticity is true for the values the engine read and the person confirmed.
    assert {"name", "resident_number", "issue_date"} <= expected.keys(), "seed 3 is a clean, readable specimen"
    assert via_nhn.authenticity is not None
    values = {k: expected[k] for k in ("name", "resident_number", "issue_date")}
    assert nhn.verify_authenticity(via_nhn.authenticity, "resident", values).authentic is True
