"""The real CLOVA client against the emulator over loopback (multipart and JSON modes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import responses

from ocr_integration.emulator.documents import FIXTURES, emulated_document
from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import (
    OcrConfigurationError,
    OcrError,
    OcrRateLimited,
    OcrRejectedInput,
    OcrUnavailable,
)
from ocr_integration.providers.clova.client import ClovaOcrProvider
from tests.ocr_integration.conftest import PNG

Clova = Callable[..., ClovaOcrProvider]
MODES = ["multipart", "json"]


def calls(emulator: EmulatorServer, fragment: str) -> int:
    with emulator.state.lock:
        return sum(1 for c in emulator.state.calls if fragment in c)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("subtype", ["resident", "driver", "passport", "alien"])
def test_id_card_every_subtype(clova: Clova, mode: str, subtype: str) -> None:
    doc = clova(mode=mode).analyze("id_card", emulated_document(subtype=subtype))
    assert (doc.kind, doc.subtype, doc.provider) == ("id_card", subtype, "clova")
    expected = FIXTURES[("id_card", subtype)]
    for key, value in expected.items():
        assert doc.value(key) == value, key
    assert doc.authenticity is None


def test_resident_number_carries_clova_masking_polygons(clova: Clova) -> None:
    doc = clova().analyze("id_card", PNG)
    rrn = doc.get("resident_number")
    assert rrn is not None and rrn.sensitive
    assert rrn.masking_polygons and rrn.masking_polygons != rrn.polygons  # only the back digits
    assert rrn.masking_polygons[0][1] == rrn.polygons[0][1]  # same right edge
    assert rrn.to_dict()["value"] == "900101-1******"
    assert doc.get("issue_date").value == "2019-03-15"  # type: ignore[union-attr]  # from formatted y/m/d


@pytest.mark.parametrize("mode", MODES)
def test_credit_card(clova: Clova, mode: str) -> None:
    doc = clova(mode=mode).analyze("credit_card", PNG)
    assert doc.value("card_number") == FIXTURES[("credit_card", None)]["card_number"]
    assert doc.value("cardholder_name") == "HONG GILDONG"
    assert FIXTURES[("credit_card", None)]["card_number"] not in str(doc.raw)  # PAN redacted in raw


@pytest.mark.parametrize("mode", MODES)
def test_biz_license_individual_and_corporate(clova: Clova, mode: str) -> None:
    individual = clova(mode=mode).analyze("business_registration", PNG)
    assert individual.subtype == "individual" and individual.value("business_number") == "611-01-99810"
    corporate = clova(mode=mode).analyze("business_registration", emulated_document(subtype="corporate"))
    assert corporate.subtype == "corporate" and corporate.value("company_name") == "주식회사 가나다"


def test_passport_mrz_endpoint_with_valid_check_digits(clova: Clova, emulator: EmulatorServer) -> None:
    doc = clova().analyze_passport(emulated_document(subtype="passport"))
    assert doc.value("passport_number") == "M123A4567"
    assert doc.value("mrz_line2") == FIXTURES[("id_card", "passport")]["mrz_line2"]
    assert not doc.get("passport_number").needs_review  # type: ignore[union-attr]  # check digit holds
    assert calls(emulator, "/clova/document/passport") == 1


def test_wrong_secret_is_http_401_code_0002(clova: Clova, emulator: EmulatorServer) -> None:
    raw = requests.post(f"{emulator.clova_url}/document/id-card", headers={"X-OCR-SECRET": "nope"}, timeout=2)
    assert raw.status_code == 401 and raw.json()["code"] == "0002"
    with pytest.raises(OcrConfigurationError) as err:
        clova(secret="nope").analyze("id_card", PNG)
    assert (err.value.code, err.value.retryable) == ("0002", False)


def test_emulator_rejects_bad_bodies_and_versions(emulator: EmulatorServer) -> None:
    headers = {"X-OCR-SECRET": "emulator-secret"}
    url = f"{emulator.clova_url}/document/id-card"
    bad_body = requests.post(url, headers=headers, data=b"not json", timeout=2)
    assert (bad_body.status_code, bad_body.json()["code"]) == (400, "0011")
    old = {
        "version": "V1",
        "requestId": "r",
        "timestamp": 0,
        "images": [{"format": "png", "name": "x", "data": "eA=="}],
    }
    assert requests.post(url, headers=headers, json=old, timeout=2).json()["code"] == "0021"
    unknown = requests.post(f"{emulator.clova_url}/document/receipt", headers=headers, json=old, timeout=2)
    assert (unknown.status_code, unknown.json()["code"]) == (400, "0001")


def test_infer_result_failure_means_retake(clova: Clova, emulator: EmulatorServer) -> None:
    with pytest.raises(OcrRejectedInput) as err:
        clova().analyze("credit_card", emulated_document(not_found=True))
    assert err.value.code == "FAILURE" and "photo" in err.value.user_message
    assert calls(emulator, "/clova/document/credit-card") == 1


def test_infer_result_error_is_unavailable_without_retry(clova: Clova, emulator: EmulatorServer) -> None:
    with pytest.raises(OcrUnavailable) as err:
        clova().analyze("id_card", emulated_document(error=True))
    assert err.value.code == "ERROR" and not err.value.retryable
    assert calls(emulator, "/clova/document/id-card") == 1


def test_document_without_the_requested_section_is_rejected(clova: Clova) -> None:
    with pytest.raises(OcrRejectedInput) as err:
        clova().analyze_passport(emulated_document(subtype="resident"))  # no MRZ on a resident card
    assert err.value.code == "FAILURE"


EXPECTED: list[tuple[str, type[OcrError], bool]] = [
    ("0001", OcrConfigurationError, False),
    ("0002", OcrConfigurationError, False),
    ("0011", OcrConfigurationError, False),
    ("0021", OcrConfigurationError, False),
    ("0022", OcrConfigurationError, False),
    ("0023", OcrRateLimited, False),
    ("0025", OcrRateLimited, True),
    ("0500", OcrUnavailable, True),
    ("0501", OcrUnavailable, True),
    ("1021", OcrConfigurationError, False),
]


@pytest.mark.parametrize(("code", "error", "retryable"), EXPECTED, ids=[c for c, _e, _r in EXPECTED])
def test_error_code_maps_to_the_right_error_and_retry_policy(
    clova: Clova, emulator: EmulatorServer, code: str, error: type[OcrError], retryable: bool
) -> None:
    emulator.state.add_fault(Fault(target="clova", result_code=code))
    with pytest.raises(OcrError) as err:
        clova().analyze("id_card", PNG)
    assert type(err.value) is error
    assert (err.value.provider, err.value.code, err.value.retryable) == ("clova", code, retryable)
    assert err.value.user_message
    assert calls(emulator, "/clova/document/id-card") == (3 if retryable else 1)


def test_rate_limit_backs_off_and_then_succeeds(clova: Clova, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="clova", rate_limit=True, times=1))
    assert clova().analyze("id_card", PNG).value("name") == FIXTURES[("id_card", "resident")]["name"]
    assert calls(emulator, "/clova/document/id-card") == 2


@responses.activate
def test_codes_rendered_with_the_http_status_prefix_are_understood() -> None:
    # The English API page renders codes as HTTP status + code ("4000025"); both forms are read.
    url = "https://clova.example/custom/v1/1/abc/document/id-card"
    responses.post(url, status=400, json={"code": "4000025", "message": "rate", "path": "/", "timestamp": 0})
    responses.post(url, status=400, json={"code": "4000025", "message": "rate", "path": "/", "timestamp": 0})
    client = ClovaOcrProvider(
        invoke_url="https://clova.example/custom/v1/1/abc", secret="s", timeout=1, max_retries=1, backoff=0.01
    )
    with pytest.raises(OcrRateLimited) as err:
        client.analyze("id_card", PNG)
    assert err.value.code == "0025" and len(responses.calls) == 2
    sent = responses.calls[0].request
    assert sent.headers["X-OCR-SECRET"] == "s"
    assert sent.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="message"' in sent.body and b'name="file"' in sent.body


def test_not_configured_fails_before_any_call(emulator: EmulatorServer) -> None:
    with pytest.raises(OcrConfigurationError):
        ClovaOcrProvider(invoke_url="", secret="x").analyze("id_card", PNG)
    assert calls(emulator, "/clova/") == 0
