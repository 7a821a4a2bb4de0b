"""Provider-neutral documents rendered as NHN and CLOVA response objects.

These tables are written from the provider documents independently of the clients' normalisers
(``providers/*/normalise.py``), so a mapping mistake in a client shows up as a failing contract
test instead of being mirrored here. Values are rendered the way the providers print them (NHN
issue dates "2019.03.15", resident numbers with a hyphen, business labels with the leading space of
seed 004), so the clients' normalisation is exercised too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ocr_integration.types import DocumentResult, Field, Polygon

NHN_ID_KEYS: dict[str, dict[str, str]] = {
    "resident": {"name": "name", "resident_number": "residentNumber", "issue_date": "issueDate", "issuer": "issuer"},
    "driver": {
        "license_number": "driverLicenseNumber",
        "license_type": "licenseType",
        "name": "name",
        "resident_number": "residentNumber",
        "condition": "condition",
        "serial_number": "serialNum",
        "issue_date": "issueDate",
        "issuer": "issuer",
    },
    "passport": {
        "passport_type": "passportType",
        "country_code": "countryCode",
        "passport_number": "passportNo",
        "surname": "surName",
        "given_names": "givenName",
        "nationality": "nationality",
        "birth_date": "dateOfBirthYMD",
        "sex": "sex",
        "issue_date": "dateOfIssueYMD",
        "expiry_date": "dateOfExpiryYMD",
        "korean_name": "koreanName",
        "personal_number": "personalNo",
        "mrz_line1": "MRZ1",
        "mrz_line2": "MRZ2",
    },
}
NHN_BUSINESS_LABELS = {
    "tax_type": "구분",
    "business_number": "등록번호",
    "company_name": "상호",
    "representative_name": "대표자",
    "representative_birth_date": "생년월일",
    "corporate_number": "법인등록번호",
    "open_date": "개업연월일",
    "business_address": "사업장소재지",
    "head_office_address": "본점소재지",
    "business_type": "업태",
    "business_item": "종목",
}
CLOVA_ID_SECTIONS = {"resident": "ic", "driver": "dl", "passport": "pp", "alien": "ac"}
CLOVA_ID_TYPES = {"resident": "ID Card", "driver": "Driver's License", "passport": "Passport", "alien": "Alien Card"}
CLOVA_ID_KEYS: dict[str, dict[str, str]] = {
    "resident": {
        "name": "name",
        "resident_number": "personalNum",
        "address": "address",
        "issue_date": "issueDate",
        "issuer": "authority",
    },
    "driver": {
        "license_type": "type",
        "license_number": "num",
        "name": "name",
        "resident_number": "personalNum",
        "address": "address",
        "renewal_start": "renewStartDate",
        "renewal_end": "renewEndDate",
        "condition": "condition",
        "serial_number": "code",
        "issue_date": "issueDate",
        "issuer": "authority",
    },
    "passport": {
        "passport_type": "type",
        "country_code": "issueCountry",
        "passport_number": "num",
        "surname": "surName",
        "given_names": "givenName",
        "nationality": "nationality",
        "birth_date": "birthDate",
        "personal_number": "personalNum",
        "sex": "sex",
        "issue_date": "issueDate",
        "expiry_date": "expireDate",
        "authority": "authority",
        "korean_name": "fullNameKor",
        "mrz_line1": "MRZ1",
        "mrz_line2": "MRZ2",
    },
    "alien": {
        "alien_registration_number": "alienRegNum",
        "sex": "sex",
        "name": "name",
        "nationality": "nationality",
        "visa_type": "visaType",
        "issue_date": "issueDate",
        "issuer": "authority",
    },
}
CLOVA_BIZ_KEYS = {
    "business_number": "registerNumber",
    "representative_name": "repName",
    "co_representative_name": "coRepName",
    "representative_birth_date": "birth",
    "representative_resident_number": "socialNumber",
    "corporate_number": "corpRegisterNum",
    "open_date": "openDate",
    "business_address": "bisAddress",
    "head_office_address": "headAddress",
    "business_type": "bisType",
    "business_item": "bisItem",
    "tax_type": "taxType",
    "issue_date": "issuanceDate",
}
_DATE_KEYS = {"issue_date", "birth_date", "expiry_date", "renewal_start", "renewal_end", "open_date"}


def _nhn_box(poly: Polygon) -> dict[str, float | int]:
    box: dict[str, float | int] = {}
    for i, (x, y) in enumerate(poly, start=1):
        box[f"x{i}"], box[f"y{i}"] = _num(x), _num(y)
    return box


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _vertices(poly: Polygon) -> dict[str, Any]:
    return {"vertices": [{"x": float(x), "y": float(y)} for x, y in poly]}


def _dotted(iso: str) -> str:
    return iso.replace("-", ".") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) else iso


def nhn_id_card(doc: DocumentResult, encrypt: Callable[[str], str]) -> dict[str, Any] | None:
    """``result`` of NHN ``/id-card``; ``None`` for documents NHN does not read (alien cards)."""
    mapping = NHN_ID_KEYS.get(doc.subtype or "")
    if mapping is None:
        return None
    key_values, boxes = [], []
    for f in doc.fields:
        nhn_key = mapping.get(f.key)
        if nhn_key is None:
            continue
        value = f.value
        if f.key in _DATE_KEYS:
            value = value.replace("-", "") if doc.subtype == "passport" else _dotted(value)
        box = _nhn_box(f.polygons[0]) if f.polygons else None
        item: dict[str, Any] = {"key": nhn_key, "value": encrypt(value), "conf": round(f.confidence, 4)}
        if box:
            item["bbox"] = box
            boxes.append(box)
        key_values.append(item)
    if not key_values:
        return None
    return {
        "fileType": "png",
        "resolution": doc.resolution,
        "idType": doc.subtype,
        "keyValues": key_values,
        "boxes": boxes,
    }


def nhn_credit_card(doc: DocumentResult, encrypt: Callable[[str], str]) -> dict[str, Any] | None:
    card = doc.get("card_number")
    if card is None:
        return None
    digits = re.sub(r"\D", "", card.value)
    # Amex-style 15-digit numbers print as 4-6-5; everything else in groups of four.
    sizes = (
        [4, 6, 5] if len(digits) == 15 else [4] * (len(digits) // 4) + ([len(digits) % 4] if len(digits) % 4 else [])
    )
    groups, pos = [], 0
    for size in sizes:
        groups.append(digits[pos : pos + size])
        pos += size
    poly = card.polygons[0] if card.polygons else ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    (left, top), (right, _), (_, bottom), _ = poly
    width = (right - left) / max(1, len(groups))
    result: dict[str, Any] = {
        "fileType": "png",
        "resolution": doc.resolution,
        "cardNums": [{"value": encrypt(g), "conf": round(card.confidence, 4)} for g in groups],
        "totalCardNum": encrypt(digits),
        "cardNumBoxes": [
            _nhn_box(((left + i * width, top), (left + (i + 1) * width, top), (left + (i + 1) * width, bottom),
                      (left + i * width, bottom)))
            for i in range(len(groups))
        ],
    }  # fmt: skip
    valid = doc.get("valid_thru")
    if valid is not None:
        result["validThru"] = {"value": encrypt(valid.value), "conf": round(valid.confidence, 4)}
        if valid.polygons:
            result["validThruBox"] = _nhn_box(valid.polygons[0])
    return result


def nhn_business(doc: DocumentResult, *, unit: str = "pixel") -> dict[str, Any] | None:
    key_values, boxes = [], []
    for f in doc.fields:
        label = NHN_BUSINESS_LABELS.get(f.key)
        if label is None:
            continue
        if f.key == "company_name" and doc.subtype == "corporate":
            label = "법인명(단체명)"
        value = f.value
        if f.key in _DATE_KEYS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            y, m, d = value.split("-")
            value = f"{y} 년 {m} 월 {d} 일"
        if f.key == "tax_type":
            value = " " + value  # as printed in seed 004: " 간이과세자"
        key_values.append({"key": label, "value": value, "conf": round(f.confidence, 4)})
        boxes.append(_nhn_box(f.polygons[0]) if f.polygons else _nhn_box(((0, 0), (1, 0), (1, 1), (0, 1))))
    if not key_values:
        return None
    return {"fileType": "png", "unitType": unit, "keyValues": key_values, "boxes": boxes, "resolution": doc.resolution}


def _clova_object(f: Field, *, date: bool, masking: bool) -> dict[str, Any]:
    obj: dict[str, Any] = {"text": f.value}
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.value):
        y, m, d = f.value.split("-")
        obj = {"text": f"{y}.{int(m)}. {int(d)}.", "formatted": {"year": y, "month": m, "day": d}}
    else:
        obj["formatted"] = {"value": f.value}
    obj["boundingPolys"] = [_vertices(p) for p in f.polygons]
    if masking and f.polygons:
        # Mask the part after the hyphen (the back digits), as CLOVA's maskingPolys do.
        (left, top), (right, _), (_, bottom), _ = f.polygons[0]
        cut = left + (right - left) * 0.55
        obj["maskingPolys"] = [_vertices(((cut, top), (right, top), (right, bottom), (cut, bottom)))]
    obj["confidenceScore"] = round(f.confidence, 4)
    return obj


def clova_id_card(doc: DocumentResult) -> dict[str, Any] | None:
    subtype = doc.subtype or ""
    section_name = CLOVA_ID_SECTIONS.get(subtype)
    if section_name is None:
        return None
    section: dict[str, Any] = {}
    for f in doc.fields:
        clova_key = CLOVA_ID_KEYS[subtype].get(f.key)
        if clova_key is None:
            continue
        if f.key == "license_type":
            section[clova_key] = [
                _clova_object(Field(f.key, part, f.confidence, polygons=f.polygons), date=False, masking=False)
                for part in f.value.split("/")
            ]
            continue
        section[clova_key] = [_clova_object(f, date=f.key in _DATE_KEYS, masking=f.sensitive)]
    return {
        "meta": {"estimatedLanguage": "ko"},
        "result": {"isConfident": True, "idtype": CLOVA_ID_TYPES[subtype], section_name: section},
    }


def clova_credit_card(doc: DocumentResult) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    for key, clova_key in (("card_number", "number"), ("valid_thru", "validThru"), ("cardholder_name", "name")):
        f = doc.get(key)
        if f is None:
            continue
        poly = f.polygons[0] if f.polygons else ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
        result[clova_key] = {
            "text": f.value,
            "confidence": round(f.confidence, 4),
            "boundingPoly": _vertices(poly),
            "subBoundingPolys": [],
        }
    if "number" not in result:
        return None
    return {"meta": {"estimatedLanguage": "ko"}, "result": result}


def clova_biz_license(doc: DocumentResult) -> dict[str, Any] | None:
    if not doc.fields:
        return None
    result: dict[str, Any] = {k: [] for k in (*CLOVA_BIZ_KEYS.values(), "companyName", "corpName", "bisArea")}
    for f in doc.fields:
        if f.key == "company_name":
            clova_key = "corpName" if doc.subtype == "corporate" else "companyName"
        else:
            clova_key = CLOVA_BIZ_KEYS.get(f.key, "")
        if not clova_key:
            continue
        result[clova_key] = [
            {
                "text": f.value,
                "boundingPolys": [_vertices(p) for p in f.polygons],
                "keyText": "",
                "confidenceScore": round(f.confidence, 4),
            }
        ]
    return {"meta": {"estimatedLanguage": "ko"}, "result": result}


def _mrz_obj(raw: str, refined: Any = None) -> dict[str, Any]:
    return {"rawText": raw, "refinedText": raw if refined is None else refined, "postprocessed": []}


def clova_passport(doc: DocumentResult) -> dict[str, Any] | None:
    """``/document/passport`` from the MRZ lines of the document (``None`` without a TD3 MRZ)."""
    line1, line2 = doc.value("mrz_line1") or "", doc.value("mrz_line2") or ""
    if len(line1) != 44 or len(line2) != 44:
        return None
    surname, _sep, given = line1[5:].rstrip("<").partition("<<")
    return {
        "passportResult": {
            "documentClassCode": _mrz_obj(line1[0:2], "Passport"),
            "issuingStateCode": _mrz_obj(line1[2:5]),
            "firstName": _mrz_obj(surname.replace("<", " ")),
            "lastName1": _mrz_obj(given.replace("<", " ")),
            "lastName2": _mrz_obj("-"),
            "documentNumber": _mrz_obj(line2[0:9].rstrip("<")),
            "checkDigitForDocumentNumber": _mrz_obj(line2[9]),
            "nationality": _mrz_obj(line2[10:13]),
            "dateOfBirth": _mrz_obj(line2[13:19], f"{_century(line2[13:15])}{line2[13:15]}/{line2[15:17]}/{line2[17:19]}"),  # noqa: E501
            "checkDigitForDateOfBirth": _mrz_obj(line2[19]),
            "gender": _mrz_obj(line2[20], {"M": "Male", "F": "Female"}.get(line2[20], "Unspecified")),
            "dateOfExpiry": _mrz_obj(line2[21:27], f"20{line2[21:23]}/{line2[23:25]}/{line2[25:27]}"),
            "checkDigitForDateOfExpiry": _mrz_obj(line2[27]),
            "personalNumber": _mrz_obj(line2[28:42].rstrip("<")),
            "checkDigitForPersonalNumber": _mrz_obj(line2[42]),
            "finalCheckDigit": _mrz_obj(line2[43]),
            "mrzType": _mrz_obj("", "ID-3"),
            "mrzLines": _mrz_obj(f"{line1}\n{line2}"),
            "isExpired": _mrz_obj("", False),
        }
    }  # fmt: skip


def _century(yy: str) -> str:
    return "20" if int(yy) <= dt.date.today().year % 100 else "19"
