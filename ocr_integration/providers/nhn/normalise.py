"""NHN Document OCR payloads (already decrypted) to ``DocumentResult``, per fields.md.

The functions take the ``result`` object of a successful answer. Values the provider leaves in an
unspecified format (issue dates, resident numbers with or without a hyphen) go through
``formats.normalise``; a value that cannot be read in its canonical format is kept as collapsed
text with its confidence capped at ``UNREADABLE_CONFIDENCE`` so that it is always reviewed, never
silently "fixed".
"""

from __future__ import annotations

import re
from typing import Any

from ocr_integration.catalogue import field_spec, key_order
from ocr_integration.formats import collapse_spaces, normalise
from ocr_integration.types import DocumentResult, Field, ImageInfo, Polygon, make_field

PROVIDER = "nhn"
UNREADABLE_CONFIDENCE = 0.3

ID_KEYS: dict[str, dict[str, str]] = {
    "resident": {
        "name": "name",
        "residentNumber": "resident_number",
        "issueDate": "issue_date",
        "issuer": "issuer",
    },
    "driver": {
        "driverLicenseNumber": "license_number",
        "licenseType": "license_type",
        "name": "name",
        "residentNumber": "resident_number",
        "condition": "condition",
        "serialNum": "serial_number",
        "issueDate": "issue_date",
        "issuer": "issuer",
    },
    "passport": {
        "passportType": "passport_type",
        "countryCode": "country_code",
        "passportNo": "passport_number",
        "surName": "surname",
        "givenName": "given_names",
        "koreanName": "korean_name",
        "nationality": "nationality",
        "dateOfBirthYMD": "birth_date",
        "sex": "sex",
        "dateOfIssueYMD": "issue_date",
        "dateOfExpiryYMD": "expiry_date",
        "personalNo": "personal_number",
        "MRZ1": "mrz_line1",
        "MRZ2": "mrz_line2",
    },
}
# The free-text dates are only a fallback when the YYYYMMDD twin is missing.
PASSPORT_DATE_FALLBACKS = {"dateOfBirth": "birth_date", "dateOfIssue": "issue_date", "dateOfExpiry": "expiry_date"}

# Korean labels printed on the certificate, compared without whitespace. NHN publishes no full list
# (provider-contracts.md §1.6), so unknown labels stay in the raw payload only.
BUSINESS_LABELS: dict[str, str] = {
    "등록번호": "business_number",
    "사업자등록번호": "business_number",
    "상호": "company_name",
    "상호(법인명)": "company_name",
    "법인명": "company_name",
    "법인명(단체명)": "company_name",
    "대표자": "representative_name",
    "성명": "representative_name",
    "대표자(성명)": "representative_name",
    "생년월일": "representative_birth_date",
    "주민등록번호": "representative_resident_number",
    "법인등록번호": "corporate_number",
    "개업연월일": "open_date",
    "개업일": "open_date",
    "사업장소재지": "business_address",
    "본점소재지": "head_office_address",
    "업태": "business_type",
    "종목": "business_item",
    "구분": "tax_type",
    "과세유형": "tax_type",
}


def box_to_polygon(box: Any) -> Polygon | None:
    """An NHN ``{x1, y1, ..., x4, y4}`` box (clockwise from top-left) as a polygon."""
    if not isinstance(box, dict):
        return None
    try:
        return tuple((float(box[f"x{i}"]), float(box[f"y{i}"])) for i in range(1, 5))  # type: ignore[return-value]
    except (KeyError, TypeError, ValueError):
        return None


def _polygons(*boxes: Any) -> tuple[Polygon, ...]:
    return tuple(p for p in (box_to_polygon(b) for b in boxes) if p is not None)


def _confidence(value: Any) -> float:
    try:
        return max(0.0, min(1.0, float(value)))
    except (TypeError, ValueError):
        return 0.0


def build_field(
    kind: str,
    subtype: str | None,
    key: str,
    raw: Any,
    confidence: float,
    *,
    polygons: tuple[Polygon, ...] = (),
    thresholds: dict[str, float] | None = None,
) -> Field | None:
    """A canonical field, or ``None`` when the provider sent nothing readable for it."""
    if raw is None:
        return None
    text = collapse_spaces(str(raw))
    if not text:
        return None
    value = normalise(field_spec(kind, subtype, key).format, text)
    if value is None:
        value, confidence = text, min(confidence, UNREADABLE_CONFIDENCE)
    return make_field(kind, subtype, key, value, confidence, polygons=polygons, thresholds=thresholds)


def _ordered(kind: str, subtype: str | None, fields: dict[str, Field]) -> tuple[Field, ...]:
    order = key_order(kind, subtype)
    return tuple(sorted(fields.values(), key=lambda f: order.get(f.key, len(order))))


def id_card_result(
    result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult:
    """``/id-card`` or ``/id-card/stand-alone`` (values already decrypted)."""
    subtype = str(result.get("idType", "")).strip().lower() or None
    mapping = dict(ID_KEYS.get(subtype or "", {}))
    if subtype == "passport":
        mapping.update(PASSPORT_DATE_FALLBACKS)
    key_values = [kv for kv in result.get("keyValues") or [] if isinstance(kv, dict)]
    boxes = result.get("boxes") or []
    # Before 2024-03 keyValues had no bbox; boxes[] then lines up with keyValues only when the counts
    # match, which is an inference, so it is used only in that case.
    boxes_by_index = len(boxes) == len(key_values)
    fields: dict[str, Field] = {}
    # Fallback date keys are visited last so that a YYYYMMDD twin always wins.
    order = sorted(range(len(key_values)), key=lambda i: key_values[i].get("key") in PASSPORT_DATE_FALLBACKS)
    for i in order:
        kv = key_values[i]
        key = mapping.get(str(kv.get("key", "")))
        if key is None or key in fields:
            continue
        value = kv.get("value")
        if key == "condition" and str(value).strip().lower() == "none":
            continue  # NHN's way of saying the licence carries no condition
        box = kv.get("bbox") if kv.get("bbox") is not None else (boxes[i] if boxes_by_index else None)
        f = build_field(
            "id_card", subtype, key, value, _confidence(kv.get("conf")), polygons=_polygons(box), thresholds=thresholds
        )
        if f is not None:
            fields[key] = f
    return DocumentResult(
        kind="id_card",
        subtype=subtype,
        provider=PROVIDER,
        image=image or ImageInfo(0, 0),
        fields=_ordered("id_card", subtype, fields),
        resolution=_resolution(result),
        raw=raw,
    )


def credit_card_result(
    result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult:
    """``/credit-card`` (v1.x plain or v2.x decrypted)."""
    groups = [g for g in result.get("cardNums") or [] if isinstance(g, dict)]
    total = result.get("totalCardNum")
    if isinstance(total, list):  # the table types it "List"; the example is a string
        total = "".join(str(t) for t in total)
    if not total:
        total = "".join(str(g.get("value", "")) for g in groups)
    # The number is right only if every group is: the weakest group bounds the confidence.
    confidence = min((_confidence(g.get("conf")) for g in groups), default=0.0)
    fields: dict[str, Field] = {}
    card = build_field(
        "credit_card",
        None,
        "card_number",
        re.sub(r"\D", "", str(total)),
        confidence,
        polygons=_polygons(*(result.get("cardNumBoxes") or [])),
        thresholds=thresholds,
    )
    if card is not None:
        fields["card_number"] = card
    valid = result.get("validThru")
    if isinstance(valid, dict):
        f = build_field(
            "credit_card",
            None,
            "valid_thru",
            valid.get("value"),
            _confidence(valid.get("conf")),
            polygons=_polygons(result.get("validThruBox")),
            thresholds=thresholds,
        )
        if f is not None:
            fields["valid_thru"] = f
    return DocumentResult(
        kind="credit_card",
        subtype=None,
        provider=PROVIDER,
        image=image or ImageInfo(0, 0),
        fields=_ordered("credit_card", None, fields),
        resolution=_resolution(result),
        raw=raw,
    )


def business_subtype(labels: list[str]) -> str:
    return "corporate" if any("법인" in label for label in labels) else "individual"


def business_result(
    result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult:
    """``/v1.x/business``: Korean labels mapped defensively (values stripped, unknown labels kept raw)."""
    key_values = [kv for kv in result.get("keyValues") or [] if isinstance(kv, dict)]
    labels = [re.sub(r"\s+", "", str(kv.get("key", ""))) for kv in key_values]
    subtype = business_subtype(labels)
    boxes = result.get("boxes") or []
    boxes_by_index = len(boxes) == len(key_values)
    fields: dict[str, Field] = {}
    for i, (label, kv) in enumerate(zip(labels, key_values, strict=True)):
        key = BUSINESS_LABELS.get(label)
        if key is None or key in fields:
            continue
        box = kv.get("bbox") if kv.get("bbox") is not None else (boxes[i] if boxes_by_index else None)
        f = build_field(
            "business_registration",
            subtype,
            key,
            kv.get("value"),
            _confidence(kv.get("conf")),
            polygons=_polygons(box),
            thresholds=thresholds,
        )
        if f is not None:
            fields[key] = f
    unit = "point" if str(result.get("unitType", "")).lower() == "point" else "pixel"
    info = image or ImageInfo(0, 0)
    return DocumentResult(
        kind="business_registration",
        subtype=subtype,
        provider=PROVIDER,
        image=ImageInfo(info.width, info.height, unit),
        fields=_ordered("business_registration", subtype, fields),
        resolution=_resolution(result),
        raw=raw,
    )


def _resolution(result: dict[str, Any]) -> str:
    return "low" if str(result.get("resolution", "normal")).lower() == "low" else "normal"
