"""Client factories pointed at the emulator. The emulator fixtures come from tests.plugins.emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.providers.clova.client import ClovaOcrProvider
from ocr_integration.providers.nhn.client import NhnOcrProvider
from ocr_integration.providers.nts.client import NtsBusinessClient


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """User-facing provider messages are asserted in English (the UI default is Korean)."""
    with translation.override("en"):
        yield


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # any PNG-looking bytes: the emulator answers from fixtures

# Short timeouts and backoff keep the fault tests fast; the retry policy is still the real one.
FAST = {"timeout": 2.0, "max_retries": 2, "backoff": 0.01}


@pytest.fixture
def nhn(emulator: EmulatorServer) -> Callable[..., NhnOcrProvider]:
    """``nhn("2.1")`` builds a real NHN client for that API version against the emulator."""

    def build(version: str = "2.1", **extra: Any) -> NhnOcrProvider:
        creds: dict[str, Any] = (
            {"uak_id": "emulator-uak-id", "uak_secret": "emulator-uak-secret"}
            if version.endswith(".1")
            else {"secret_key": "emulator-secret"}
        )
        options = {**FAST, **creds, **extra}
        return NhnOcrProvider(
            base_url=emulator.url, oauth_base_url=emulator.url, appkey="test-appkey", api_version=version, **options
        )

    return build


@pytest.fixture
def clova(emulator: EmulatorServer) -> Callable[..., ClovaOcrProvider]:
    def build(**extra: Any) -> ClovaOcrProvider:
        options = {**FAST, "secret": "emulator-secret", **extra}
        return ClovaOcrProvider(invoke_url=emulator.clova_url, **options)

    return build


@pytest.fixture
def nts(emulator: EmulatorServer) -> Callable[..., NtsBusinessClient]:
    def build(**extra: Any) -> NtsBusinessClient:
        options = {**FAST, "service_key": "emulator-secret", **extra}
        return NtsBusinessClient(base_url=emulator.url, **options)

    return build
