"""Timeouts, 5xx, malformed JSON and the concurrency cap, for every client, over loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import OcrRateLimited, OcrUnavailable
from tests.ocr_integration.conftest import PNG

CLIENTS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    # family: (path fragment it calls, one call)
    "nhn-v2.0": ("/v2.0/appkeys/test-appkey/id-card", lambda f: f["nhn"]("2.0").analyze("id_card", PNG)),
    "nhn-v2.1": ("/v2.1/appkeys/test-appkey/credit-card", lambda f: f["nhn"]("2.1").analyze("credit_card", PNG)),
    "nhn-v1.1": ("/v1.1/appkeys/test-appkey/business", lambda f: f["nhn"]("2.1").analyze("business_registration", PNG)),
    "clova": ("/clova/document/id-card", lambda f: f["clova"]().analyze("id_card", PNG)),
    "nts": ("/api/nts-businessman/v1/status", lambda f: f["nts"]().status(["6110199810"])),
}


@pytest.fixture
def clients(nhn: Any, clova: Any, nts: Any) -> dict[str, Any]:
    return {"nhn": nhn, "clova": clova, "nts": nts}


def calls(emulator: EmulatorServer, fragment: str) -> int:
    with emulator.state.lock:
        return sum(1 for c in emulator.state.calls if fragment in c)


def target(path: str) -> str:
    return "clova" if path.startswith("/clova") else "nts" if path.startswith("/api/nts") else "nhn"


@pytest.mark.parametrize("name", list(CLIENTS))
def test_timeout_is_unavailable_and_retried(
    emulator: EmulatorServer, name: str, nhn: Any, clova: Any, nts: Any
) -> None:
    path, call = CLIENTS[name]
    emulator.state.add_fault(Fault(target=target(path), path=path, latency=0.6))
    short = {
        "nhn": lambda v: nhn(v, timeout=0.2, max_retries=1),
        "clova": lambda: clova(timeout=0.2, max_retries=1),
        "nts": lambda: nts(timeout=0.2, max_retries=1),
    }
    started = time.monotonic()
    with pytest.raises(OcrUnavailable) as err:
        call(short)
    assert err.value.code == "timeout" and err.value.retryable
    assert time.monotonic() - started < 2.0  # two short attempts, not the 0.6 s the server takes
    assert calls(emulator, path) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("name", list(CLIENTS))
def test_5xx_gateway_page_is_unavailable_and_retried(
    clients: dict[str, Any], emulator: EmulatorServer, name: str, status: int
) -> None:
    path, call = CLIENTS[name]
    emulator.state.add_fault(Fault(target=target(path), path=path, status=status))
    with pytest.raises(OcrUnavailable) as err:
        call(clients)
    assert err.value.retryable and str(status) in err.value.code
    assert err.value.user_message
    assert calls(emulator, path) == 3


@pytest.mark.parametrize("name", list(CLIENTS))
def test_malformed_json_is_unavailable(clients: dict[str, Any], emulator: EmulatorServer, name: str) -> None:
    path, call = CLIENTS[name]
    emulator.state.add_fault(Fault(target=target(path), path=path, malformed=True))
    with pytest.raises(OcrUnavailable) as err:
        call(clients)
    assert err.value.code == "malformed"


@pytest.mark.parametrize("name", list(CLIENTS))
def test_one_transient_failure_is_absorbed_by_the_retry(
    clients: dict[str, Any], emulator: EmulatorServer, name: str
) -> None:
    path, call = CLIENTS[name]
    emulator.state.add_fault(Fault(target=target(path), path=path, status=503, times=1))
    assert call(clients) is not None
    assert calls(emulator, path) == 2


def test_token_endpoint_outage_is_unavailable(nhn: Any, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="oauth", status=503))
    with pytest.raises(OcrUnavailable) as err:
        nhn("2.1").business_status("6110199810")
    assert err.value.code == "token_unavailable"


def test_nhn_gateway_429_is_rate_limited(nhn: Any, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="nhn", path="/business/status", status=429))
    with pytest.raises(OcrRateLimited):
        nhn("2.0").business_status("6110199810")


def test_faults_are_settable_over_http(nhn: Any, emulator: EmulatorServer) -> None:
    url = f"{emulator.url}/_emulator/faults"
    requests.post(url, json={"target": "nhn", "path": "/business/status", "result_code": 5003004}, timeout=2)
    with pytest.raises(OcrUnavailable) as err:
        nhn("2.0").business_status("6110199810")
    assert err.value.code == "5003004"
    requests.delete(url, timeout=2).raise_for_status()
    assert nhn("2.0").business_status("6110199810").code == "01"
    assert requests.post(url, json={"bogus": 1}, timeout=2).status_code == 400


def run_in_parallel(work: Callable[[], Any], n: int) -> list[Any]:
    outcomes: list[Any] = []

    def one() -> None:
        try:
            outcomes.append(work())
        except OcrRateLimited as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_clova_concurrency_cap_keeps_us_under_the_domain_limit(clova: Any, emulator: EmulatorServer) -> None:
    # The emulated domain allows one request at a time and each takes 0.15 s.
    requests.post(f"{emulator.url}/_emulator/config", json={"clova_concurrency": 1}, timeout=2)
    emulator.state.add_fault(Fault(target="clova", latency=0.15))
    client = clova(max_concurrency=1, max_retries=0, timeout=5)
    started = time.monotonic()
    outcomes = run_in_parallel(lambda: client.analyze("credit_card", PNG).value("valid_thru"), 4)
    assert outcomes == ["04/29"] * 4  # queued in-process, never a 0025
    assert time.monotonic() - started >= 0.55  # one after the other


def test_without_the_cap_the_domain_limit_answers_0025(clova: Any, emulator: EmulatorServer) -> None:
    requests.post(f"{emulator.url}/_emulator/config", json={"clova_concurrency": 1}, timeout=2)
    emulator.state.add_fault(Fault(target="clova", latency=0.3))
    client = clova(max_concurrency=8, max_retries=0, timeout=5)
    outcomes = run_in_parallel(lambda: client.analyze("credit_card", PNG), 4)
    limited = [o for o in outcomes if isinstance(o, OcrRateLimited)]
    assert limited and all(o.code == "0025" and o.retryable for o in limited)
