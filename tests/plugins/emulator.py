"""The provider emulator as pytest fixtures: one server per test session on a free loopback port.

``ocr_emulator`` is the session-wide ``EmulatorServer``; ``emulator`` is the same server with its
state (tokens, Request-Keys, lock-outs, faults, clock) reset before and after the test. It answers
from fixture documents (fast and deterministic); tests that need the embedded engine build their
own ``EmulatorServer(source="local")``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import EmulatorConfig


@pytest.fixture(scope="session")
def ocr_emulator() -> Iterator[EmulatorServer]:
    server = EmulatorServer("127.0.0.1", 0, source="fixtures", config=EmulatorConfig()).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def emulator(ocr_emulator: EmulatorServer) -> Iterator[EmulatorServer]:
    ocr_emulator.state.reset()
    try:
        yield ocr_emulator
    finally:
        ocr_emulator.state.reset()
