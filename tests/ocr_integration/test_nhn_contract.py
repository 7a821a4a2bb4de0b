"""The real NHN client (v1.0, v1.1, v2.0, v2.1) against the emulator over loopback."""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Callable

import pytest
import requests
from django.utils import timezone

from ocr_integration import envelope
from ocr_integration.emulator.businesses import business_number_for
from ocr_integration.emulator.documents import FIXTURES, emulated_document
from ocr_integration.emulator.server import EmulatorServer
from ocr_integration.emulator.state import Fault
from ocr_integration.errors import (
    OcrConfigurationError,
    OcrEnvelopeError,
    OcrError,
    OcrRateLimited,
    OcrRejectedInput,
    OcrUnavailable,
)
from ocr_integration.providers.nhn import codes
from ocr_integration.providers.nhn.client import NhnOcrProvider
from ocr_integration.types import AuthenticityHandle
from tests.ocr_integration.conftest import PNG

Nhn = Callable[..., NhnOcrProvider]
VERSIONS = ["2.0", "2.1"]  # each also drives v1.0 / v1.1 for business and plain credit card
RESIDENT = FIXTURES[("id_card", "resident")]
DRIVER = FIXTURES[("id_card", "driver")]


def calls(emulator: EmulatorServer, fragment: str) -> int:
    with emulator.state.lock:
        return sum(1 for c in emulator.state.calls if fragment in c)


def resident_values(**override: str) -> dict[str, str]:
    return {"name": RESIDENT["name"], "resident_number": RESIDENT["resident_number"],
            "issue_date": RESIDENT["issue_date"], **override}  # fmt: skip


# -- analysis endpoints ------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_id_card_values_are_decrypted_normalised_and_the_request_key_kept(
    nhn: Nhn, emulator: EmulatorServer, version: str
) -> None:
    doc = nhn(version).analyze("id_card", PNG, filename="id.png")

    assert (doc.kind, doc.subtype, doc.provider) == ("id_card", "resident", "nhn")
    assert doc.value("resident_number") == RESIDENT["resident_number"]
    assert doc.value("issue_date") == "2019-03-15"  # sent as "2019.03.15"
    assert doc.get("resident_number").to_dict()["value"] == "900101-1******"  # type: ignore[union-attr]
    assert doc.get("name").polygons  # type: ignore[union-attr]  # from keyValues[].bbox
    assert doc.authenticity is not None
    assert dt.timedelta(minutes=58) < doc.authenticity.expires_at - timezone.now() <= dt.timedelta(hours=1)
    assert doc.authenticity.request_key in emulator.state.request_keys
    # The kept raw payload holds only ciphertext under a key that no longer exists.
    raw_values = [kv["value"] for kv in doc.raw["result"]["keyValues"]]  # type: ignore[index]
    assert RESIDENT["name"] not in raw_values and all(base64.b64decode(v) for v in raw_values)
    assert calls(emulator, f"/v{version}/appkeys/test-appkey/id-card") == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_stand_alone_id_card_has_no_request_key(nhn: Nhn, emulator: EmulatorServer, version: str) -> None:
    doc = nhn(version).analyze_id_card(PNG, stand_alone=True)
    assert doc.value("name") == RESIDENT["name"] and doc.authenticity is None
    assert calls(emulator, "/id-card/stand-alone") == 1


def test_driver_licence_and_passport_are_read(nhn: Nhn) -> None:
    client = nhn("2.1")
    driver = client.analyze("id_card", emulated_document(subtype="driver"))
    assert driver.subtype == "driver" and driver.authenticity is not None
    assert driver.value("license_number") == "13-23-881594-85"
    assert driver.get("license_number").to_dict()["value"] == "13-23-******-85"  # type: ignore[union-attr]
    assert driver.value("serial_number") == "A1B2C3"

    passport = client.analyze("id_card", emulated_document(subtype="passport"))
    assert passport.subtype == "passport" and passport.authenticity is None  # only resident/driver get a key
    assert passport.value("birth_date") == "1987-02-01"  # from dateOfBirthYMD
    assert passport.value("mrz_line2") == FIXTURES[("id_card", "passport")]["mrz_line2"]


def test_alien_cards_are_not_an_nhn_document(nhn: Nhn) -> None:
    with pytest.raises(OcrConfigurationError) as err:
        nhn("2.1").analyze("id_card", PNG, subtype="alien")
    assert err.value.code == "unsupported"


@pytest.mark.parametrize("version", VERSIONS)
def test_credit_card_through_the_envelope(nhn: Nhn, emulator: EmulatorServer, version: str) -> None:
    doc = nhn(version).analyze("credit_card", PNG)
    card = doc.get("card_number")
    assert card is not None and card.value == FIXTURES[("credit_card", None)]["card_number"]
    assert len(card.polygons) == 4 and doc.value("valid_thru") == "04/29"
    assert calls(emulator, f"/v{version}/appkeys/test-appkey/public-keys/credit-card") == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_plain_v1_credit_card_never_keeps_the_pan_in_the_raw_payload(
    nhn: Nhn, emulator: EmulatorServer, version: str
) -> None:
    doc = nhn(version).analyze_credit_card(PNG, encrypted=False)
    assert doc.value("card_number") == FIXTURES[("credit_card", None)]["card_number"]
    assert FIXTURES[("credit_card", None)]["card_number"] not in str(doc.raw)
    v1 = "v1.1" if version == "2.1" else "v1.0"
    assert calls(emulator, f"/{v1}/appkeys/test-appkey/credit-card") == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_business_registration_is_read_from_korean_labels(nhn: Nhn, version: str) -> None:
    individual = nhn(version).analyze("business_registration", PNG)
    assert individual.subtype == "individual"
    assert individual.value("business_number") == "611-01-99810"
    assert individual.value("open_date") == "2014-06-09"  # sent as "2014 년 06 월 09 일"
    assert individual.value("tax_type") == "일반과세자"  # sent with the leading space

    corporate = nhn(version).analyze("business_registration", emulated_document(subtype="corporate"))
    assert corporate.subtype == "corporate"
    assert corporate.value("corporate_number") == "110111-1234567"
    assert corporate.value("company_name") == "주식회사 가나다"  # label 법인명(단체명)


def test_business_registration_pdf_is_measured_in_points(nhn: Nhn) -> None:
    doc = nhn("2.1").analyze("business_registration", b"%PDF-1.4\n" + emulated_document())
    assert doc.image.unit == "point"


# -- business status ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", [f"0{d}" for d in range(10)])
@pytest.mark.parametrize("version", VERSIONS)
def test_business_status_produces_every_hometax_code(nhn: Nhn, version: str, code: str) -> None:
    status = nhn(version).business_status(business_number_for(code))
    assert status.code == code
    assert status.active == (code in {"01", "02", "03", "04"})
    assert status.suspended == (code == "05") and status.closed == (code == "06")
    assert status.needs_manual_review == (code in {"07", "08", "09"})
    assert status.business_number.count("-") == 2


def test_business_number_failing_the_checksum_does_not_exist(nhn: Nhn) -> None:
    with pytest.raises(OcrRejectedInput) as err:
        nhn("2.1").business_status("1234567890")  # NHN's own placeholder fails the checksum
    assert err.value.code == "4000102" and not err.value.retryable
    assert "does not exist" in err.value.user_message


def test_business_number_that_is_not_ten_digits_is_an_invalid_parameter(nhn: Nhn) -> None:
    with pytest.raises(OcrRejectedInput) as err:
        nhn("2.0").business_status("123-45")
    assert err.value.code == "4000001"


# -- authenticity ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_authenticity_is_true_only_for_the_values_of_the_analysed_card(nhn: Nhn, version: str) -> None:
    client = nhn(version)
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    assert client.verify_authenticity(handle, "resident", resident_values()).authentic is True

    other = client.analyze("id_card", PNG).authenticity
    assert other is not None
    assert client.verify_authenticity(other, "resident", resident_values(name="김철수")).authentic is False


def test_driver_authenticity_sends_seven_rrn_digits_and_checks_the_serial(nhn: Nhn) -> None:
    client = nhn("2.1")
    values = {k: DRIVER[k] for k in ("name", "resident_number", "license_number", "serial_number")}
    handle = client.analyze("id_card", emulated_document(subtype="driver")).authenticity
    assert handle is not None
    assert client.verify_authenticity(handle, "driver", values).authentic is True

    handle = client.analyze("id_card", emulated_document(subtype="driver")).authenticity
    assert handle is not None
    assert client.verify_authenticity(handle, "driver", {**values, "serial_number": "ZZZZZZ"}).authentic is False


def test_request_key_is_single_use_after_a_normal_answer(nhn: Nhn) -> None:
    client = nhn("2.1")
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    assert client.verify_authenticity(handle, "resident", resident_values(name="김철수")).authentic is False
    with pytest.raises(OcrRejectedInput) as err:
        client.verify_authenticity(handle, "resident", resident_values())
    assert err.value.code == "4000122" and "photograph" in err.value.user_message


def test_request_key_expires_after_one_hour_on_the_provider_clock(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.0")
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    emulator.state.advance_clock(3601)
    with pytest.raises(OcrRejectedInput) as err:
        client.verify_authenticity(handle, "resident", resident_values())
    assert err.value.code == "4000122"


def test_request_key_within_the_hour_still_works(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.0")
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    emulator.state.advance_clock(3500)
    assert client.verify_authenticity(handle, "resident", resident_values()).authentic is True


def test_a_handle_known_to_be_expired_is_refused_without_a_call(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.1")
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    stale = AuthenticityHandle(handle.provider, handle.request_key, timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(OcrRejectedInput) as err:
        client.verify_authenticity(stale, "resident", resident_values())
    assert err.value.code == "4000122"
    assert calls(emulator, "/id-card/authenticity") == 0


def test_five_wrong_issue_dates_lock_the_card(nhn: Nhn) -> None:
    client = nhn("2.1")
    for day in range(1, 6):
        handle = client.analyze("id_card", PNG).authenticity
        assert handle is not None
        wrong = resident_values(issue_date=f"2019-03-0{day}")
        assert client.verify_authenticity(handle, "resident", wrong).authentic is False
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    with pytest.raises(OcrRejectedInput) as err:
        client.verify_authenticity(handle, "resident", resident_values())  # even the right date
    assert err.value.code == "4000123" and not err.value.retryable
    assert "staff" in err.value.user_message


def test_badly_shaped_values_are_refused_before_the_key_is_spent(nhn: Nhn) -> None:
    client = nhn("2.1")
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    with pytest.raises(OcrRejectedInput) as err:
        client.verify_authenticity(handle, "resident", resident_values(issue_date="sometime"))
    assert err.value.code == "invalid_values"
    assert client.verify_authenticity(handle, "resident", resident_values()).authentic is True


def test_passport_authenticity_was_removed(nhn: Nhn) -> None:
    client = nhn("2.1")
    handle = client.analyze("id_card", PNG).authenticity
    assert handle is not None
    with pytest.raises(OcrConfigurationError):
        client.verify_authenticity(handle, "passport", resident_values())


# -- credentials, token and public keys --------------------------------------------------------


def test_wrong_secret_key_is_a_configuration_error(nhn: Nhn) -> None:
    with pytest.raises(OcrConfigurationError) as err:
        nhn("2.0", secret_key="wrong").analyze("id_card", PNG)
    assert err.value.code == "4010001" and not err.value.retryable


def test_wrong_user_access_key_is_a_configuration_error(nhn: Nhn) -> None:
    with pytest.raises(OcrConfigurationError) as err:
        nhn("2.1", uak_secret="wrong").analyze("business_registration", PNG)
    assert err.value.code == "token_rejected"


def test_missing_credentials_fail_before_any_call(emulator: EmulatorServer) -> None:
    client = NhnOcrProvider(base_url=emulator.url, appkey="app", api_version="2.0")
    with pytest.raises(OcrConfigurationError):
        client.check_ready()
    with pytest.raises(OcrConfigurationError):
        client.analyze("id_card", PNG)
    assert calls(emulator, "/v2.0/") == 0


def test_token_is_cached_until_it_expires(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.1")
    client.analyze("business_registration", PNG)
    client.business_status(business_number_for("01"))
    client.analyze("id_card", PNG)
    assert calls(emulator, "/oauth2/token/create") == 1


def test_short_lived_tokens_are_renewed_before_they_expire(nhn: Nhn, emulator: EmulatorServer) -> None:
    requests.post(f"{emulator.url}/_emulator/config", json={"token_ttl": 1}, timeout=2)
    client = nhn("2.1")
    client.business_status(business_number_for("01"))
    time.sleep(1.1)
    client.business_status(business_number_for("01"))
    assert calls(emulator, "/oauth2/token/create") == 2


def test_invalid_token_is_refreshed_once_and_the_call_succeeds(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.1")
    client.business_status(business_number_for("01"))
    emulator.state.expire_tokens()  # the provider forgot the token; our cache still holds it
    assert client.business_status(business_number_for("02")).code == "02"
    assert calls(emulator, "/oauth2/token/create") == 2


def test_invalid_token_is_refreshed_only_once(nhn: Nhn, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="nhn", path="/business/status", result_code="4010006"))
    with pytest.raises(OcrConfigurationError) as err:
        nhn("2.1").business_status(business_number_for("01"))
    assert err.value.code == "4010006"
    assert calls(emulator, "/oauth2/token/create") == 2
    assert calls(emulator, "/business/status") == 2


def test_public_key_is_cached_per_service(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.0")
    client.analyze("id_card", PNG)
    client.analyze("id_card", PNG)
    client.analyze("credit_card", PNG)
    assert calls(emulator, "/public-keys/id-card") == 1
    assert calls(emulator, "/public-keys/credit-card") == 1


def test_rotated_public_key_is_refetched_once_on_4000301(nhn: Nhn, emulator: EmulatorServer) -> None:
    client = nhn("2.1")
    client.analyze("id_card", PNG)
    requests.post(f"{emulator.url}/_emulator/public-keys/id-card/rotate", timeout=2).raise_for_status()
    doc = client.analyze("id_card", PNG)
    assert doc.value("name") == RESIDENT["name"]
    assert calls(emulator, "/public-keys/id-card") == 2


def test_persistent_key_version_error_is_an_envelope_error(nhn: Nhn, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="nhn", path="/v2.1/appkeys/test-appkey/credit-card", result_code="4000301"))
    with pytest.raises(OcrEnvelopeError) as err:
        nhn("2.1").analyze("credit_card", PNG)
    assert err.value.code == "4000301"
    assert calls(emulator, "/public-keys/credit-card") == 2


# -- errors produced by the emulator itself ----------------------------------------------------


def test_unsupported_file_type_empty_file_and_no_document(nhn: Nhn) -> None:
    client = nhn("2.1")
    with pytest.raises(OcrRejectedInput) as err:
        client.analyze("id_card", b"GIF89a not a photo")
    assert err.value.code == "4000003" and "JPEG or PNG" in err.value.user_message
    with pytest.raises(OcrRejectedInput) as err:
        client.analyze("business_registration", b"")
    assert err.value.code == "4000004"
    with pytest.raises(OcrRejectedInput) as err:
        client.analyze("id_card", b"")  # encrypted, the empty image is one block of padding
    assert err.value.code == "4000004"
    with pytest.raises(OcrRejectedInput) as err:
        client.analyze("id_card", emulated_document(not_found=True))
    assert err.value.code == "4000121"
    with pytest.raises(OcrRejectedInput) as err:
        client.analyze("credit_card", emulated_document(not_found=True))
    assert err.value.code == "4000111"
    with pytest.raises(OcrRejectedInput) as err:
        client.analyze("business_registration", emulated_document(not_found=True))
    assert err.value.code == "4000101"


def test_recognizer_failure_is_a_retryable_api_failure(nhn: Nhn, emulator: EmulatorServer) -> None:
    with pytest.raises(OcrUnavailable) as err:
        nhn("2.1").analyze("id_card", emulated_document(error=True))
    assert err.value.code == "5003021" and err.value.retryable
    assert calls(emulator, "/v2.1/appkeys/test-appkey/id-card") == 3  # 1 + OCR_MAX_RETRIES (2)


def test_oversized_upload_is_rejected(nhn: Nhn) -> None:
    with pytest.raises(OcrRejectedInput) as err:
        nhn("2.1").analyze("business_registration", PNG + b"\x00" * (20 * 1024 * 1024))
    assert err.value.code == "4131000" and "too large" in err.value.user_message


def test_emulator_speaks_the_envelope_error_codes(emulator: EmulatorServer) -> None:
    """Raw requests: what a client with broken crypto or headers gets."""
    base = f"{emulator.url}/v2.0/appkeys/any"
    auth = {"Authorization": "emulator-secret"}

    def code(response: requests.Response) -> int:
        assert response.status_code == 200  # NHN answers 200 and puts the error in the header
        return int(response.json()["header"]["resultCode"])

    key_answer = requests.get(f"{base}/public-keys/id-card", headers=auth, timeout=2).json()["result"]
    public = envelope.load_public_key(key_answer["key"])
    good = envelope.Envelope(public)
    headers = {**auth, "X-Key-Version": key_answer["version"], "Symmetric-Key": good.symmetric_key_header}

    assert code(requests.post(f"{base}/id-card", headers=auth, files={"image": PNG}, timeout=2)) == 4000005
    assert code(requests.post(f"{base}/id-card", headers={**headers, "X-Key-Version": "99"},
                              files={"image": PNG}, timeout=2)) == 4000301  # fmt: skip
    assert code(requests.post(f"{base}/id-card", headers={**headers, "Symmetric-Key": "AAAA"},
                              files={"image": PNG}, timeout=2)) == 4000302  # fmt: skip
    assert code(requests.post(f"{base}/id-card", headers=headers, files={"image": b"x" * 32}, timeout=2)) == 4000303
    assert code(requests.post(f"{base}/id-card", headers=headers, files={"other": PNG}, timeout=2)) == 4000001
    assert code(requests.get(f"{base}/nowhere", headers=auth, timeout=2)) == 4041007
    bad_token = {"X-NHN-Authorization": "Bearer nope"}
    assert code(requests.post(f"{emulator.url}/v2.1/appkeys/any/id-card", headers=bad_token, timeout=2)) == 4010006


# -- every documented result code maps to the right OcrError -----------------------------------

EXPECTED: list[tuple[int, type[OcrError], bool]] = [
    (-1, OcrUnavailable, True),
    (400, OcrConfigurationError, False),
    (401, OcrConfigurationError, False),
    (403, OcrConfigurationError, False),
    (404, OcrConfigurationError, False),
    (405, OcrConfigurationError, False),
    (415, OcrConfigurationError, False),
    (4000001, OcrRejectedInput, False),
    (4000002, OcrRejectedInput, False),
    (4000003, OcrRejectedInput, False),
    (4000004, OcrRejectedInput, False),
    (4000005, OcrConfigurationError, False),
    (4000006, OcrRateLimited, False),
    (4000101, OcrRejectedInput, False),
    (4000102, OcrRejectedInput, False),
    (4000103, OcrRejectedInput, False),
    (4000111, OcrRejectedInput, False),
    (4000121, OcrRejectedInput, False),
    (4000122, OcrRejectedInput, False),
    (4000123, OcrRejectedInput, False),
    (4000302, OcrEnvelopeError, False),
    (4000303, OcrEnvelopeError, False),
    (4000401, OcrConfigurationError, False),
    (4000402, OcrConfigurationError, False),
    (4000403, OcrConfigurationError, False),
    (4000404, OcrConfigurationError, False),
    (4010001, OcrConfigurationError, False),
    (4010002, OcrConfigurationError, False),
    (4010003, OcrConfigurationError, False),
    (4010004, OcrConfigurationError, False),
    (4010005, OcrConfigurationError, False),
    (4010007, OcrConfigurationError, False),
    (4041007, OcrConfigurationError, False),
    (4131000, OcrRejectedInput, False),
    (5000001, OcrUnavailable, True),
    (5000002, OcrUnavailable, True),
    (5000003, OcrUnavailable, True),
    (5000004, OcrUnavailable, True),
    (5000005, OcrUnavailable, True),
    (5000006, OcrEnvelopeError, False),
    (5000007, OcrEnvelopeError, False),
    (5000503, OcrRateLimited, True),
    (5003001, OcrUnavailable, True),
    (5003002, OcrUnavailable, True),
    (5003003, OcrRejectedInput, False),
    (5003004, OcrUnavailable, False),
    (5003011, OcrUnavailable, True),
    (5003012, OcrUnavailable, True),
    (5003013, OcrRejectedInput, False),
    (5003021, OcrUnavailable, True),
    (5003022, OcrUnavailable, True),
    (5003023, OcrRejectedInput, False),
    (9999999, OcrUnavailable, False),  # undocumented: fail closed, no retry
]


def test_the_table_covers_every_documented_code() -> None:
    documented = set(codes.CODES) - {codes.INVALID_KEY_VERSION, codes.INVALID_TOKEN}  # tested with their refresh
    assert documented <= {code for code, _cls, _retry in EXPECTED}


@pytest.mark.parametrize(("code", "error", "retryable"), EXPECTED, ids=[str(c) for c, _e, _r in EXPECTED])
def test_result_code_maps_to_the_right_error_and_retry_policy(
    nhn: Nhn, emulator: EmulatorServer, code: int, error: type[OcrError], retryable: bool
) -> None:
    emulator.state.add_fault(Fault(target="nhn", path="/business/status", result_code=str(code)))
    with pytest.raises(OcrError) as err:
        nhn("2.0").business_status(business_number_for("01"))
    assert type(err.value) is error
    assert (err.value.provider, err.value.code, err.value.retryable) == ("nhn", str(code), retryable)
    assert err.value.user_message
    if error is OcrRejectedInput:
        assert err.value.user_message != str(OcrRejectedInput.default_user_message) or code == 4000001
    assert calls(emulator, "/business/status") == (3 if retryable else 1)


def test_a_retryable_code_then_success_returns_the_answer(nhn: Nhn, emulator: EmulatorServer) -> None:
    emulator.state.add_fault(Fault(target="nhn", path="/business/status", result_code="5000503", times=2))
    assert nhn("2.1").business_status(business_number_for("03")).code == "03"
    assert calls(emulator, "/business/status") == 3
