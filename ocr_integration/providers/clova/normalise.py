"""CLOVA Document OCR image results to ``DocumentResult``, per fields.md.

Each function takes one element of ``images[]`` of a successful answer. CLOVA fields are arrays
of objects ``{text, formatted, boundingPolys, maskingPolys, confidenceScore}``; several objects for
one key are joined (licence types with "/", everything else with a space). ``maskingPolys`` become
``masking_polygons``. A value that cannot be read in its canonical format is kept as collapsed
text with confidence capped at ``UNREADABLE_CONFIDENCE``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ocr_integration.catalogue import field_spec, key_order
from ocr_integration.checksums import mrz_check_digit
from ocr_integration.formats import collapse_spaces, normalise, normalise_resident_number
from ocr_integration.types import DocumentResult, Field, ImageInfo, Polygon, make_field

PROVIDER = "clova"
UNREADABLE_CONFIDENCE = 0.3
# CLOVA omits confidenceScore in many answers (all of its examples). 0.8 passes the text threshold
# but not the 0.85 of identifiers and dates, so those are always looked at; when the idCard says
# isConfident=false everything is reviewed.
MISSING_CONFIDENCE = 0.8
NOT_CONFIDENT = 0.5
MRZ_CHECKED = 0.95
MRZ_CHECK_FAILED = 0.5

ID_SECTIONS = {"ic": "resident", "dl": "driver", "pp": "passport", "ac": "alien"}
ID_KEYS: dict[str, dict[str, str]] = {
    "resident": {
        "name": "name",
        "personalNum": "resident_number",
        "address": "address",
        "issueDate": "issue_date",
        "authority": "issuer",
    },
    "driver": {
        "num": "license_number",
        "type": "license_type",
        "name": "name",
        "personalNum": "resident_number",
        "address": "address",
        "renewStartDate": "renewal_start",
        "renewEndDate": "renewal_end",
        "condition": "condition",
        "code": "serial_number",
        "issueDate": "issue_date",
        "authority": "issuer",
    },
    "passport": {
        "type": "passport_type",
        "issueCountry": "country_code",
        "num": "passport_number",
        "surName": "surname",
        "givenName": "given_names",
        "fullNameKor": "korean_name",
        "nationality": "nationality",
        "birthDate": "birth_date",
        "sex": "sex",
        "issueDate": "issue_date",
        "expireDate": "expiry_date",
        "personalNum": "personal_number",
        "authority": "authority",
        "MRZ1": "mrz_line1",
        "MRZ2": "mrz_line2",
    },
    "alien": {
        "alienRegNum": "alien_registration_number",
        "name": "name",
        "sex": "sex",
        "nationality": "nationality",
        "visaType": "visa_type",
        "issueDate": "issue_date",
        "authority": "issuer",
    },
}
BIZ_KEYS: dict[str, str] = {
    "registerNumber": "business_number",
    "companyName": "company_name",
    "corpName": "company_name",
    "repName": "representative_name",
    "coRepName": "co_representative_name",
    "birth": "representative_birth_date",
    "socialNumber": "representative_resident_number",
    "corpRegisterNum": "corporate_number",
    "openDate": "open_date",
    "bisAddress": "business_address",
    "headAddress": "head_office_address",
    "bisType": "business_type",
    "bisItem": "business_item",
    "taxType": "tax_type",
    "issuanceDate": "issue_date",
}

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_EN_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_KNOWN_OBJECT_KEYS = {"formatted", "boundingPolys", "maskingPolys", "keyText", "confidenceScore", "boundingPoly"}


def vertices_polygon(poly: Any) -> Polygon | None:
    """A CLOVA ``{"vertices": [{x, y}, ...]}`` as a 4-point polygon (its bounding box if not 4 points)."""
    if not isinstance(poly, dict):
        return None
    try:
        points = [(float(v["x"]), float(v["y"])) for v in poly.get("vertices") or []]
    except (KeyError, TypeError, ValueError):
        return None
    if len(points) == 4:
        return tuple(points)  # type: ignore[return-value]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))


def _polys(items: Any) -> tuple[Polygon, ...]:
    return tuple(p for p in (vertices_polygon(i) for i in items or []) if p is not None)


def object_text(obj: dict[str, Any]) -> str:
    """The best text of a CLOVA value object: a complete formatted date, formatted value, then text.

    The biz-license example has an object whose text sits under an empty key, and an idCard
    example spells ``formatted.Value`` with a capital V; both are read.
    """
    formatted = obj.get("formatted")
    if isinstance(formatted, dict):
        lower = {str(k).lower(): v for k, v in formatted.items()}
        y, m, d = (str(lower.get(k) or "").strip() for k in ("year", "month", "day"))
        if y and m and d:
            return f"{y}-{m.zfill(2)}-{d.zfill(2)}"
        if str(lower.get("value") or "").strip():
            return str(lower["value"])
    if str(obj.get("text") or "").strip():
        return str(obj["text"])
    for key, value in obj.items():
        if key not in _KNOWN_OBJECT_KEYS and key != "text" and isinstance(value, str) and value.strip():
            return value
    return ""


def english_date(text: str) -> str | None:
    """'December 3, 1951' (the English rendering in CLOVA's examples) -> '1951-12-03'."""
    m = _EN_DATE.search(text)
    if not m or m.group(1).lower() not in _MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))).isoformat()
    except ValueError:
        return None


def build_field(
    kind: str,
    subtype: str | None,
    key: str,
    raw: str,
    confidence: float,
    *,
    polygons: tuple[Polygon, ...] = (),
    masking: tuple[Polygon, ...] = (),
    thresholds: dict[str, float] | None = None,
) -> Field | None:
    text = collapse_spaces(raw)
    if not text:
        return None
    fmt = field_spec(kind, subtype, key).format
    value = normalise(fmt, text)
    if value is None and fmt == "date":
        value = english_date(text)
    if value is None:
        value, confidence = text, min(confidence, UNREADABLE_CONFIDENCE)
    return make_field(
        kind, subtype, key, value, confidence, polygons=polygons, masking_polygons=masking, thresholds=thresholds
    )


def _array_field(
    kind: str,
    subtype: str | None,
    key: str,
    items: Any,
    default_confidence: float,
    thresholds: dict[str, float] | None,
) -> Field | None:
    objs = [o for o in (items if isinstance(items, list) else [items]) if isinstance(o, dict)]
    texts = [t for t in (object_text(o).strip() for o in objs) if t]
    if not texts:
        return None
    joiner = "/" if key == "license_type" else " "
    scores = [float(o["confidenceScore"]) for o in objs if isinstance(o.get("confidenceScore"), int | float)]
    confidence = min(scores) if scores else default_confidence
    polygons = tuple(p for o in objs for p in _polys(o.get("boundingPolys")))
    masking = tuple(p for o in objs for p in _polys(o.get("maskingPolys")))
    return build_field(
        kind,
        subtype,
        key,
        joiner.join(texts),
        confidence,
        polygons=polygons,
        masking=masking,
        thresholds=thresholds,
    )


def _ordered(kind: str, subtype: str | None, fields: dict[str, Field]) -> tuple[Field, ...]:
    order = key_order(kind, subtype)
    return tuple(sorted(fields.values(), key=lambda f: order.get(f.key, len(order))))


def _image(image_result: dict[str, Any], image: ImageInfo | None) -> ImageInfo:
    converted = image_result.get("convertedImageInfo")
    if isinstance(converted, dict) and converted.get("width") and converted.get("height"):
        return ImageInfo(int(converted["width"]), int(converted["height"]))
    return image or ImageInfo(0, 0)


def id_card_result(
    image_result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult | None:
    """``/document/id-card``; ``None`` when no ID section (ic/dl/pp/ac) was recognised."""
    result = (image_result.get("idCard") or {}).get("result") or {}
    section, subtype = next(((result[s], t) for s, t in ID_SECTIONS.items() if result.get(s)), (None, None))
    if not isinstance(section, dict) or subtype is None:
        return None
    default = MISSING_CONFIDENCE if result.get("isConfident", True) else NOT_CONFIDENT
    fields: dict[str, Field] = {}
    for source, key in ID_KEYS[subtype].items():
        f = _array_field("id_card", subtype, key, section.get(source), default, thresholds)
        if f is not None:
            fields[key] = f
    return DocumentResult(
        kind="id_card",
        subtype=subtype,
        provider=PROVIDER,
        image=_image(image_result, image),
        fields=_ordered("id_card", subtype, fields),
        raw=raw,
    )


def credit_card_result(
    image_result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult | None:
    """``/document/credit-card``: Field objects ``{text, confidence, boundingPoly, subBoundingPolys}``."""
    result = (image_result.get("creditCard") or {}).get("result") or {}
    fields: dict[str, Field] = {}
    for source, key in (("number", "card_number"), ("validThru", "valid_thru"), ("name", "cardholder_name")):
        obj = result.get(source)
        if not isinstance(obj, dict):
            continue
        text = str(obj.get("text") or "")
        if key == "card_number":
            text = re.sub(r"\D", "", text)
        subs = _polys(obj.get("subBoundingPolys"))
        polygons = subs or _polys([obj.get("boundingPoly")])
        confidence = obj.get("confidence")
        f = build_field(
            "credit_card",
            None,
            key,
            text,
            float(confidence) if isinstance(confidence, int | float) else MISSING_CONFIDENCE,
            polygons=polygons,
            thresholds=thresholds,
        )
        if f is not None:
            fields[key] = f
    if "card_number" not in fields:
        return None
    return DocumentResult(
        kind="credit_card",
        subtype=None,
        provider=PROVIDER,
        image=_image(image_result, image),
        fields=_ordered("credit_card", None, fields),
        raw=raw,
    )


def biz_license_result(
    image_result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult | None:
    """``/document/biz-license``: a corporate certificate has a corporation name or number."""
    result = (image_result.get("bizLicense") or {}).get("result") or {}
    if not result:
        return None
    subtype = "corporate" if result.get("corpName") or result.get("corpRegisterNum") else "individual"
    fields: dict[str, Field] = {}
    for source, key in BIZ_KEYS.items():
        if key in fields:
            continue
        f = _array_field("business_registration", subtype, key, result.get(source), MISSING_CONFIDENCE, thresholds)
        if f is not None:
            fields[key] = f
    return DocumentResult(
        kind="business_registration",
        subtype=subtype,
        provider=PROVIDER,
        image=_image(image_result, image),
        fields=_ordered("business_registration", subtype, fields),
        raw=raw,
    )


def _mrz(obj: Any, refined: bool = True) -> str:
    if not isinstance(obj, dict):
        return ""
    value = obj.get("refinedText" if refined else "rawText")
    if value is None or value == "":
        value = obj.get("rawText" if refined else "refinedText")
    return "" if value is None or isinstance(value, bool) else str(value).strip()


def passport_result(
    image_result: dict[str, Any],
    *,
    image: ImageInfo | None = None,
    thresholds: dict[str, float] | None = None,
    raw: dict[str, Any] | None = None,
) -> DocumentResult | None:
    """``/document/passport`` (global MRZ). Confidence comes from the recomputed check digits."""
    res = (image_result.get("passport") or {}).get("passportResult") or {}
    if not res:
        return None
    lines = [ln.strip() for ln in _mrz(res.get("mrzLines")).split("\n") if ln.strip()]
    line1 = lines[0] if lines else ""

    def checked(value: str, digit_obj: Any) -> float:
        # Filler "<" counts as 0, so a document number shorter than 9 needs no padding here.
        digit = _mrz(digit_obj, refined=False)
        ok = digit.isdigit() and bool(value) and mrz_check_digit(value) == int(digit)
        return MRZ_CHECKED if ok else MRZ_CHECK_FAILED

    document_number = _mrz(res.get("documentNumber")).replace("<", "")
    birth_raw = _mrz(res.get("dateOfBirth"), refined=False)
    expiry_raw = _mrz(res.get("dateOfExpiry"), refined=False)
    values: list[tuple[str, str, float]] = [
        ("passport_type", line1[:2].replace("<", "") or _mrz(res.get("documentClassCode"), False).strip("<"), 0.9),
        ("country_code", _mrz(res.get("issuingStateCode"), refined=False), 0.9),
        ("passport_number", document_number, checked(document_number, res.get("checkDigitForDocumentNumber"))),
        ("nationality", _mrz(res.get("nationality"), refined=False), 0.9),
        ("birth_date", _mrz(res.get("dateOfBirth")), checked(birth_raw, res.get("checkDigitForDateOfBirth"))),
        ("sex", _mrz(res.get("gender"), refined=False), 0.9),
        ("expiry_date", _mrz(res.get("dateOfExpiry")), checked(expiry_raw, res.get("checkDigitForDateOfExpiry"))),
    ]
    # Names from MRZ line 1 (SURNAME<<GIVEN<NAMES); CLOVA's firstName/lastName1 labels are swapped in
    # its own example, so they are only a fallback.
    if len(line1) > 5 and "<<" in line1[5:]:
        surname, _sep, given = line1[5:].partition("<<")
        values.append(("surname", surname.replace("<", " "), 0.9))
        values.append(("given_names", given.replace("<", " "), 0.9))
    else:
        values.append(("surname", _mrz(res.get("lastName1")), 0.7))
        values.append(("given_names", _mrz(res.get("firstName")), 0.7))
    personal = _mrz(res.get("personalNumber"))
    if normalise_resident_number(personal) is not None and personal.isdigit():
        values.append(("personal_number", personal, 0.9))
    for i, line in enumerate(lines[:2], start=1):
        values.append((f"mrz_line{i}", line, 0.9))
    fields: dict[str, Field] = {}
    for key, text, confidence in values:
        f = build_field("id_card", "passport", key, text, confidence, thresholds=thresholds)
        if f is not None:
            fields[key] = f
    return DocumentResult(
        kind="id_card",
        subtype="passport",
        provider=PROVIDER,
        image=_image(image_result, image),
        fields=_ordered("id_card", "passport", fields),
        raw=raw,
    )
