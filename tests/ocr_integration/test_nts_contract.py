"""The NTS business-status client against the emulator over loopback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import requests

from ocr_integration.emulator.businesses import business_number_for
from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import (
    OcrConfigurationError,
    OcrError,
    OcrRateLimited,
    OcrRejectedInput,
    OcrUnavailable,
)
from ocr_integration.providers.nhn.client import NhnOcrProvider
from ocr_integration.providers.nts.client import NtsBusiness, NtsBusinessClient

Nts = Callable[..., NtsBusinessClient]


def calls(emulator: EmulatorServer, fragment: str) -> int:
    with emulator.state.lock:
        return sum(1 for c in emulator.state.calls if fragment in c)


def test_status_rows_come_back_in_input_order(nts: Nts) -> None:
    numbers = [business_number_for("06"), "611-01-99810", business_number_for("00")]
    rows = nts().status(numbers)
    assert [r.business_number for r in rows] == [n.replace("-", "") for n in numbers]
    closed, active, unknown = rows
    assert closed.closed and closed.closed_on == dt.date(2024, 1, 31)
    assert active.active and active.tax_type_code == "01"
    assert not unknown.registered and "등록되지 않은" in unknown.tax_type


def test_more_than_100_numbers_are_sent_in_chunks(nts: Nts, emulator: EmulatorServer) -> None:
    numbers = [business_number_for("01", prefix=f"{10000000 + i}") for i in range(150)]
    rows = nts().status(numbers)
    assert [r.business_number for r in rows] == numbers
    assert calls(emulator, "/api/nts-businessman/v1/status") == 2


@pytest.mark.parametrize("code", ["00", "01", "02", "03", "04", "05", "06"])
def test_nts_agrees_with_nhn_business_status(nts: Nts, emulator: EmulatorServer, code: str) -> None:
    """The two-source rule: both sources describe the same registry entry."""
    number = business_number_for(code)
    nhn = NhnOcrProvider(base_url=emulator.url, appkey="a", secret_key="emulator-secret", api_version="2.0", timeout=2)
    assert nts().status([number])[0].hometax_code() == nhn.business_status(number).code


def test_hometax_09_has_no_nts_twin_so_the_sources_disagree(nts: Nts) -> None:
    assert nts().status([business_number_for("09")])[0].hometax_code() is None


def test_validate_confirms_matching_details_only(nts: Nts) -> None:
    good = NtsBusiness("611-01-99810", dt.date(2014, 6, 9), "홍길동")
    wrong_name = NtsBusiness("611-01-99810", "2014-06-09", "김철수")
    closed_ok = NtsBusiness(business_number_for("06"), "20140609", "홍길동")
    results = nts().validate([good, wrong_name, closed_ok])
    assert [r.valid for r in results] == [True, False, True]
    assert results[1].message == "확인할 수 없습니다." and results[1].status is None
    assert results[2].status is not None and results[2].status.closed


def test_validate_uses_records_registered_through_the_control_api(nts: Nts, emulator: EmulatorServer) -> None:
    number = business_number_for("02", prefix="22087174")
    requests.post(
        f"{emulator.url}/_emulator/businesses",
        json={"b_no": number, "hometax_code": "05", "representative": "이영희", "start_date": "20200102"},
        timeout=2,
    ).raise_for_status()
    (result,) = nts().validate([NtsBusiness(number, "20200102", "이영희")])
    assert result.valid and result.status is not None and result.status.suspended


def test_wrong_service_key_is_a_configuration_error(nts: Nts) -> None:
    with pytest.raises(OcrConfigurationError) as err:
        nts(service_key="wrong").status(["6110199810"])
    assert err.value.code == "-4"


def test_missing_required_validate_fields_are_rejected(nts: Nts) -> None:
    with pytest.raises(OcrRejectedInput) as err:
        nts().validate([NtsBusiness("611-01-99810", "20140609", "")])
    assert err.value.code == "REQUEST_DATA_MALFORMED" and "missing" in err.value.user_message


def test_emulator_speaks_the_nts_request_errors(emulator: EmulatorServer) -> None:
    url = f"{emulator.url}/api/nts-businessman/v1/status?serviceKey=emulator-secret"
    assert requests.post(url, data=b"{nope", timeout=2).json()["status_code"] == "BAD_JSON_REQUEST"
    too_many = requests.post(url, json={"b_no": ["6110199810"] * 101}, timeout=2)
    assert (too_many.status_code, too_many.json()["status_code"]) == (413, "TOO_LARGE_REQUEST")


EXPECTED: list[tuple[str, type[OcrError], bool]] = [
    ("BAD_JSON_REQUEST", OcrConfigurationError, False),
    ("REQUEST_DATA_MALFORMED", OcrRejectedInput, False),
    ("TOO_LARGE_REQUEST", OcrConfigurationError, False),
    ("INTERNAL_ERROR", OcrUnavailable, True),
    ("HTTP_ERROR", OcrUnavailable, True),
]


@pytest.mark.parametrize(("code", "error", "retryable"), EXPECTED, ids=[c for c, _e, _r in EXPECTED])
def test_status_code_maps_to_the_right_error(
    nts: Nts, emulator: EmulatorServer, code: str, error: type[OcrError], retryable: bool
) -> None:
    emulator.state.add_fault(Fault(target="nts", result_code=code))
    with pytest.raises(OcrError) as err:
        nts().status(["6110199810"])
    assert type(err.value) is error and err.value.retryable == retryable and err.value.code == code
    assert calls(emulator, "/v1/status") == (3 if retryable else 1)


def test_gateway_rate_limit_is_retried(nts: Nts, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="nts", rate_limit=True))
    with pytest.raises(OcrRateLimited):
        nts().status(["6110199810"])
    assert calls(emulator, "/v1/status") == 3


def test_no_service_key_fails_before_any_call(emulator: EmulatorServer) -> None:
    with pytest.raises(OcrConfigurationError):
        NtsBusinessClient(base_url=emulator.url, service_key="").status(["6110199810"])
    assert calls(emulator, "/api/nts") == 0


def test_an_emulator_fault_is_answered_as_a_provider_error_not_a_dropped_connection(
    nts: Nts, emulator: EmulatorServer
) -> None:
    number = business_number_for("01", prefix="33333333")
    # A record with a code NTS cannot render makes the emulator itself fail on this number.
    requests.post(f"{emulator.url}/_emulator/businesses", json={"b_no": number, "hometax_code": "77"}, timeout=2)
    with pytest.raises(OcrUnavailable) as err:
        nts(max_retries=0).status([number])
    assert err.value.code == "INTERNAL_ERROR"
