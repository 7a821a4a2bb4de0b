"""Every example response printed in seeds 001, 002 and 004 parses to a DocumentResult (or to the
typed answer / error its endpoint has). The files are verbatim copies (tests/fixtures/seeds)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import responses

from ocr_integration.envelope import load_public_key
from ocr_integration.errors import OcrConfigurationError, OcrEnvelopeError, OcrUnavailable
from ocr_integration.providers.clova import codes as clova_codes
from ocr_integration.providers.clova import normalise as clova
from ocr_integration.providers.nhn import codes as nhn_codes
from ocr_integration.providers.nhn import normalise as nhn
from ocr_integration.providers.nhn.client import DEFAULT_BASE_URL, NhnOcrProvider
from ocr_integration.types import DocumentResult

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def load(name: str) -> dict[str, Any]:
    """Parse a seed example. ``*.example`` files carry the documents' ``...`` elisions, which are
    not JSON; exactly those lines (and the comma before them) are removed, nothing else."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    if name.endswith(".example"):
        assert re.search(r"^\s*\.\.\.\s*$", text, re.M), "an .example file must contain an elision"
        text = re.sub(r",\s*\n\s*\.\.\.\s*\n", "\n", text)
        text = re.sub(r"\n\s*\.\.\.\s*\n", "\n", text)
    return json.loads(text)


def roundtrip(doc: DocumentResult) -> None:
    data = doc.to_dict(reveal=True)
    assert DocumentResult.from_dict(data).to_dict(reveal=True) == data


# -- NHN ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nhn_v2.0_credit_card.example", "nhn_v1.1_credit_card.example"])
def test_nhn_credit_card_examples_parse_although_their_pan_is_15_digits(name: str) -> None:
    body = load(name)
    doc = nhn.credit_card_result(nhn_codes.raise_for_response(200, json.dumps(body).encode())["result"])
    card = doc.get("card_number")
    assert card is not None
    # The example is inconsistent: four groups 1111/2222/3333/4444 (16 digits) but a 15-digit
    # totalCardNum. We take totalCardNum as the provider's full reading, as documented.
    assert card.value == "111222233334444"
    assert "".join(g["value"] for g in body["result"]["cardNums"]) == "1111222233334444"
    assert card.confidence == pytest.approx(0.87)  # the weakest group
    assert card.sensitive and card.to_dict()["value"] == "**** **** **** 4444"
    assert card.polygons == (((62, 256), (192, 256), (192, 301), (62, 301)),)
    assert doc.value("valid_thru") == "04/19"
    assert doc.get("valid_thru").polygons[0][2] == (426, 347)  # type: ignore[union-attr]
    assert doc.resolution == "low"
    roundtrip(doc)


@pytest.mark.parametrize("name", ["nhn_v2.0_id_card.example", "nhn_v2.0_id_card_stand_alone.json"])
def test_nhn_id_card_examples_parse_and_their_placeholders_are_flagged(name: str) -> None:
    doc = nhn.id_card_result(load(name)["result"])
    assert doc.kind == "id_card" and doc.subtype == "resident"
    assert [f.key for f in doc.fields] == ["name", "resident_number", "issue_date", "issuer"]
    # The example values are the placeholder "String": not a resident number or a date, so they
    # are kept as text with a capped confidence and always go to review.
    rrn = doc.get("resident_number")
    assert rrn is not None and rrn.value == "String" and rrn.needs_review and rrn.confidence <= 0.3
    assert doc.get("issue_date").needs_review  # type: ignore[union-attr]
    assert doc.get("name").confidence == pytest.approx(0.67)  # type: ignore[union-attr]
    # One box for four keyValues cannot be attributed to a field.
    assert all(not f.polygons for f in doc.fields)
    roundtrip(doc)


def test_nhn_public_key_example_is_a_placeholder_not_a_key() -> None:
    result = nhn_codes.raise_for_response(200, (SEEDS / "nhn_v2.0_public_key.json").read_bytes())["result"]
    assert result["version"] == "0"
    with pytest.raises(OcrEnvelopeError):
        load_public_key(result["key"])  # "String"


def test_nhn_authenticity_example_answers_false() -> None:
    body = nhn_codes.raise_for_response(200, (SEEDS / "nhn_v2.0_authenticity.json").read_bytes())
    assert body["result"]["isAuthenticity"] is False


def test_nhn_common_envelopes_parse() -> None:
    assert nhn_codes.raise_for_response(200, json.dumps(load("nhn_v1.1_success_envelope.example")).encode())
    with pytest.raises(OcrUnavailable) as err:
        nhn_codes.raise_for_response(200, (SEEDS / "nhn_v1.1_error_envelope.json").read_bytes())
    assert err.value.code == "-1" and err.value.retryable


def test_nhn_business_example_parses_with_korean_labels() -> None:
    doc = nhn.business_result(load("nhn_v1.1_business.example")["result"])
    assert doc.kind == "business_registration" and doc.subtype == "individual"
    assert doc.value("tax_type") == "간이과세자"  # " 간이과세자" as printed, stripped
    assert doc.value("business_number") == "123-45-67890"
    assert doc.get("business_number").confidence == 1.0  # type: ignore[union-attr]
    assert doc.image.unit == "pixel"
    roundtrip(doc)


def test_nhn_business_status_example_parses() -> None:
    body = nhn_codes.raise_for_response(200, (SEEDS / "nhn_v1.1_business_status.json").read_bytes())
    assert body["result"] == {"statusCode": "00", "statusMessage": ""}


@responses.activate
def test_nhn_client_reads_seed_answers_at_the_wire_on_the_current_domain() -> None:
    assert DEFAULT_BASE_URL == "https://api-ocr.nhncloudservice.com"
    business = load("nhn_v1.1_business.example")
    responses.post(f"{DEFAULT_BASE_URL}/v1.0/appkeys/app/business", json=business)
    responses.post(
        f"{DEFAULT_BASE_URL}/v1.0/appkeys/app/business/status",
        body=(SEEDS / "nhn_v1.1_business_status.json").read_bytes(),
        content_type="application/json",
    )
    client = NhnOcrProvider(appkey="app", secret_key="secret", api_version="1.0", timeout=1, max_retries=0)

    doc = client.analyze("business_registration", b"\x89PNG\r\n\x1a\nseed")
    status = client.business_status("123-45-67890")

    assert doc.value("business_number") == "123-45-67890"
    assert doc.image.unit == "pixel"  # the answer's unitType
    assert status.code == "00" and status.not_in_business and not status.active
    sent = responses.calls[1].request
    assert json.loads(sent.body) == {"businessNumber": "1234567890"}
    assert sent.headers["Authorization"] == "secret"
    assert sent.headers["Content-Type"] == "application/json"


# -- CLOVA -------------------------------------------------------------------------------------


def clova_image(name: str) -> dict[str, Any]:
    body = clova_codes.raise_for_response(200, (SEEDS / name).read_bytes())
    return body["images"][0]


def test_clova_credit_card_example_parses() -> None:
    doc = clova.credit_card_result(clova_image("clova_credit_card.json"))
    assert doc is not None
    card = doc.get("card_number")
    assert card is not None and card.value == "5307123456749012"
    assert card.confidence == pytest.approx(0.96435016)
    assert len(card.polygons) == 4  # one per digit group (subBoundingPolys)
    assert card.masking_polygons == card.polygons  # a PAN is masked wherever it was read
    roundtrip(doc)


def test_clova_biz_license_example_parses_including_its_defects() -> None:
    doc = clova.biz_license_result(clova_image("clova_biz_license.json"))
    assert doc is not None and doc.subtype == "individual"
    assert doc.value("business_number") == "611-01-99810"
    assert doc.value("company_name") == "Dongseong Comprehensive Auto Repair"
    assert doc.value("representative_name") == "Yeong-du Kim"
    # English-rendered dates ("December 3, 1951") are read as dates.
    assert doc.value("representative_birth_date") == "1951-12-03"
    assert doc.value("open_date") == "2014-06-09"
    assert doc.value("issue_date") == "2017-06-29"
    # The bisAddress object has its text under an empty key instead of "text".
    assert doc.value("business_address") == "54, Bogong-ro, Sacheon-eup, Sacheon-si, Gyeongsangnam-do"
    assert doc.get("business_number").polygons[0][0] == (290.0, 210.0)  # type: ignore[union-attr]
    roundtrip(doc)


def test_clova_id_card_example_parses_with_masking_and_formatted_dates() -> None:
    doc = clova.id_card_result(clova_image("clova_id_card.json"))
    assert doc is not None and doc.subtype == "resident"
    assert doc.value("name") == "Sonic"
    assert doc.value("resident_number") == "910623-1062372"  # fictitious: fails the legacy checksum
    assert doc.get("resident_number").to_dict()["value"] == "910623-1******"  # type: ignore[union-attr]
    assert doc.value("issue_date") == "2011-03-06"  # from formatted year/month/day, text "2011.3. 6."
    assert doc.value(
        "issuer",
    ) and doc.value("issuer").startswith("Sodeok")  # type: ignore[union-attr]
    assert len(doc.get("address").polygons) == 6  # type: ignore[union-attr]
    # The example has no confidenceScore: identifiers then go to review, plain text does not.
    assert doc.get("resident_number").needs_review  # type: ignore[union-attr]
    assert not doc.get("name").needs_review  # type: ignore[union-attr]
    roundtrip(doc)


def test_clova_passport_example_parses_although_its_mrz_is_46_characters() -> None:
    doc = clova.passport_result(clova_image("clova_passport.json"))
    assert doc is not None and doc.subtype == "passport"
    assert doc.value("passport_number") == "M123A4567"
    assert (doc.value("surname"), doc.value("given_names")) == ("HONG", "GILSOON")
    assert (doc.value("birth_date"), doc.value("expiry_date")) == ("1987-02-01", "2030-08-15")
    assert doc.value("sex") == "F" and doc.value("country_code") == "KOR"
    # The example's MRZ lines are 46 characters (TD3 is 44) and every check digit is "0" (the real
    # ones are 4, 2 and 5): kept as printed, flagged for review, never trusted.
    line2 = doc.get("mrz_line2")
    assert line2 is not None and len(line2.value) == 46 and line2.needs_review
    assert doc.get("passport_number").needs_review  # type: ignore[union-attr]
    assert doc.get("birth_date").needs_review  # type: ignore[union-attr]
    assert doc.get("personal_number") is None  # "V2000000000000" is not a resident number
    roundtrip(doc)


def test_clova_error_example_is_a_configuration_error() -> None:
    with pytest.raises(OcrConfigurationError) as err:
        clova_codes.raise_for_response(400, (SEEDS / "clova_error.json").read_bytes())
    assert err.value.provider == "clova" and err.value.code == "Error Code"
