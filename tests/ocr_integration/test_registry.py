"""Provider registry: ordered fallback per document kind, built from settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ocr_integration import registry
from ocr_integration.emulator.documents import emulated_document
from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import OcrConfigurationError, OcrRejectedInput, OcrUnavailable
from tests.ocr_integration.conftest import PNG


def providers_for(emulator: EmulatorServer, *, nhn_secret: str = "emulator-secret") -> dict[str, Any]:  # noqa: S107
    return {
        "nhn": {
            "class": "ocr_integration.providers.nhn.client.NhnOcrProvider",
            "options": {
                "base_url": emulator.url,
                "oauth_base_url": emulator.url,
                "appkey": "registry",
                "secret_key": nhn_secret,
                "uak_id": "",
                "uak_secret": "",
                "api_version": "2.0",
                "timeout": 2,
                "max_retries": 0,
            },
        },
        "clova": {
            "class": "ocr_integration.providers.clova.client.ClovaOcrProvider",
            "options": {"invoke_url": emulator.clova_url, "secret": "emulator-secret", "timeout": 2, "max_retries": 0},
        },
        "missing": {"class": "ocr_integration.providers.nowhere.Provider", "options": {}},
    }


@pytest.fixture
def configure(settings: Any, emulator: EmulatorServer) -> Iterator[Any]:
    def apply(order: list[str], **kwargs: Any) -> None:
        settings.OCR_PROVIDERS = providers_for(emulator, **kwargs)
        settings.OCR_PROVIDER_ORDER = {"id_card": order, "credit_card": order, "business_registration": order}
        registry.reset_providers()

    yield apply
    registry.reset_providers()


def calls(emulator: EmulatorServer, fragment: str) -> int:
    with emulator.state.lock:
        return sum(1 for c in emulator.state.calls if fragment in c)


def test_first_provider_answers(configure: Any, emulator: EmulatorServer) -> None:
    configure(["nhn", "clova"])
    assert registry.analyze_document("id_card", PNG).provider == "nhn"
    assert calls(emulator, "/clova/") == 0


def test_unavailable_provider_falls_back_to_the_next(configure: Any, emulator: EmulatorServer) -> None:
    configure(["nhn", "clova"])
    emulator.state.add_fault(Fault(target="nhn", status=503))
    doc = registry.analyze_document("credit_card", PNG)
    assert doc.provider == "clova" and doc.value("valid_thru") == "04/29"


def test_misconfigured_or_missing_provider_falls_back(configure: Any) -> None:
    configure(["missing", "nhn", "clova"], nhn_secret="wrong")
    assert registry.analyze_document("business_registration", PNG).provider == "clova"


def test_rejected_input_is_not_sent_to_another_provider(configure: Any, emulator: EmulatorServer) -> None:
    configure(["nhn", "clova"])
    with pytest.raises(OcrRejectedInput) as err:
        registry.analyze_document("id_card", emulated_document(not_found=True))
    assert err.value.provider == "nhn"
    assert calls(emulator, "/clova/") == 0


def test_when_every_provider_fails_the_last_error_is_raised(configure: Any, emulator: EmulatorServer) -> None:
    configure(["nhn", "clova"])
    emulator.state.add_fault(Fault(status=502))
    with pytest.raises(OcrUnavailable) as err:
        registry.analyze_document("id_card", PNG)
    assert err.value.provider == "clova"


def test_existing_registry_functions_keep_working(configure: Any) -> None:
    configure(["nhn", "clova"])
    assert registry.provider_names_for("id_card") == ["nhn", "clova"]
    assert registry.configured_provider_names() == ["nhn", "clova"]
    assert registry.get_provider("nhn") is registry.get_provider("nhn")
    with pytest.raises(OcrConfigurationError):
        registry.get_provider("missing")
    with pytest.raises(OcrConfigurationError):
        registry.get_provider("unknown")
