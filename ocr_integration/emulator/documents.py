"""What the emulator "reads" from an uploaded document.

Three sources, tried in this order:

1. A **test document**: an upload whose bytes are JSON ``{"emulator": {...}}`` says exactly what
   the document contains, so contract tests choose the analysed values without an OCR engine::

       {"emulator": {"subtype": "driver", "fields": {"name": "김민지", "license_number": "..."}}}
       {"emulator": {"not_found": true}}       # the provider finds no document
       {"emulator": {"error": true}}           # the recognizer itself fails

   Missing fields are taken from the fixture document of that kind/subtype.
2. The **local engine** (``ocr_integration.local.provider.LocalOcrProvider``), when it is installed
   and the emulator runs with ``source="auto"`` or ``"local"``.
3. **Fixture mode**: a fixed, self-consistent document per kind (below), used for any real image.

All three give a provider-neutral ``DocumentResult``; ``shapes`` turns it into NHN or CLOVA JSON.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.utils.module_loading import import_string
from stdnum import luhn

from ocr_integration.checksums import mrz_check_digit
from ocr_integration.errors import OcrError, OcrRejectedInput, OcrUnavailable
from ocr_integration.types import DocumentResult, ImageInfo, box_polygon, make_field

logger = logging.getLogger(__name__)

LOCAL_ENGINE = "ocr_integration.local.provider.LocalOcrProvider"


def _passport_mrz(
    number: str, nationality: str, birth: str, sex: str, expiry: str, surname: str, given: str
) -> tuple[str, str]:
    line1 = f"PM{nationality}{surname}<<{given.replace(' ', '<')}".ljust(44, "<")[:44]
    body = (
        f"{number}{mrz_check_digit(number)}{nationality}{birth}{mrz_check_digit(birth)}{sex}"
        f"{expiry}{mrz_check_digit(expiry)}" + "<" * 14 + "<"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + str(mrz_check_digit(composite))


_CARD = "530712345674901" + luhn.calc_check_digit("530712345674901")
_MRZ1, _MRZ2 = _passport_mrz("M123A4567", "KOR", "870201", "F", "300815", "HONG", "GILSOON")

# Canonical values (fields.md formats). The business matches the emulator's business registry
# defaults (representative 홍길동, opened 2014-06-09), so /validate confirms it.
FIXTURES: dict[tuple[str, str | None], dict[str, str]] = {
    ("id_card", "resident"): {
        "name": "홍길동",
        "resident_number": "900101-1234568",
        "address": "서울특별시 종로구 세종대로 209",
        "issue_date": "2019-03-15",
        "issuer": "서울특별시 종로구청장",
    },
    ("id_card", "driver"): {
        "license_number": "13-23-881594-85",
        "license_type": "1종보통",
        "name": "김민지",
        "resident_number": "950315-2345671",
        "address": "경기도 성남시 분당구 판교역로 235",
        "renewal_start": "2030-01-01",
        "renewal_end": "2030-12-31",
        "serial_number": "A1B2C3",
        "issue_date": "2021-07-01",
        "issuer": "경기남부경찰청장",
    },
    ("id_card", "passport"): {
        "passport_type": "PM",
        "country_code": "KOR",
        "passport_number": "M123A4567",
        "surname": "HONG",
        "given_names": "GILSOON",
        "korean_name": "홍길순",
        "nationality": "KOR",
        "birth_date": "1987-02-01",
        "sex": "F",
        "issue_date": "2020-08-15",
        "expiry_date": "2030-08-15",
        "authority": "MINISTRY OF FOREIGN AFFAIRS",
        "mrz_line1": _MRZ1,
        "mrz_line2": _MRZ2,
    },
    ("id_card", "alien"): {
        "alien_registration_number": "950101-5123456",
        "name": "NGUYEN VAN AN",
        "sex": "M",
        "nationality": "VIETNAM",
        "visa_type": "E-9",
        "issue_date": "2022-04-11",
        "issuer": "서울출입국·외국인청장",
    },
    ("credit_card", None): {"card_number": _CARD, "valid_thru": "04/29", "cardholder_name": "HONG GILDONG"},
    ("business_registration", "individual"): {
        "business_number": "611-01-99810",
        "company_name": "동성종합카센터",
        "representative_name": "홍길동",
        "representative_birth_date": "1951-12-03",
        "open_date": "2014-06-09",
        "business_address": "경상남도 사천시 사천읍 보공로 54",
        "business_type": "부동산업",
        "business_item": "비주거용 건물 임대업",
        "tax_type": "일반과세자",
        "issue_date": "2017-06-29",
    },
    ("business_registration", "corporate"): {
        "business_number": "220-81-62517",
        "company_name": "주식회사 가나다",
        "representative_name": "홍길동",
        "corporate_number": "110111-1234567",
        "open_date": "2014-06-09",
        "business_address": "서울특별시 강남구 테헤란로 152",
        "head_office_address": "서울특별시 강남구 테헤란로 152",
        "business_type": "서비스업",
        "business_item": "소프트웨어 개발",
        "tax_type": "법인사업자",
        "issue_date": "2020-01-02",
    },
}
DEFAULT_SUBTYPE = {"id_card": "resident", "credit_card": None, "business_registration": "individual"}


def build_document(
    kind: str, subtype: str | None, values: dict[str, str], *, provider: str = "emulator", confidence: float = 0.97
) -> DocumentResult:
    """A ``DocumentResult`` with one text row per field, laid out top to bottom on a 1280×808 card."""
    fields = []
    for i, (key, value) in enumerate(values.items()):
        top = 60 + i * 48
        fields.append(
            make_field(kind, subtype, key, value, confidence, polygons=(box_polygon(400, top, 900, top + 38),))
        )
    return DocumentResult(kind, subtype, provider, ImageInfo(1280, 808), tuple(fields))


class DocumentSource:
    """Turns uploaded bytes into a ``DocumentResult`` (or ``None`` when no document is found)."""

    def __init__(self, source: str = "auto") -> None:
        if source not in ("auto", "local", "fixtures"):
            raise ValueError("source must be auto, local or fixtures")
        self.source = source
        self._engine: Any = None
        if source in ("auto", "local"):
            try:
                self._engine = import_string(LOCAL_ENGINE)()
            except ImportError:
                if source == "local":
                    raise
                logger.info("local OCR engine not installed; the emulator answers from fixtures")

    @property
    def mode(self) -> str:
        return "local" if self._engine is not None else "fixtures"

    def read(self, kind: str, data: bytes, *, filename: str = "", subtype: str | None = None) -> DocumentResult | None:
        test = _declared_document(data)
        if test is not None:
            if test.get("not_found"):
                return None
            if test.get("error"):
                raise OcrUnavailable("emulated recognizer failure", provider="emulator", code="emulated")
            sub = test.get("subtype", DEFAULT_SUBTYPE[kind] if subtype is None else subtype)
            values = {**FIXTURES.get((kind, sub), {}), **dict(test.get("fields") or {})}
            values = {k: v for k, v in values.items() if v is not None}
            return build_document(kind, sub, values, confidence=float(test.get("confidence", 0.97)))
        if self._engine is not None:
            try:
                return self._engine.analyze(kind, data, filename=filename, subtype=subtype)
            except OcrRejectedInput:
                return None
            except OcrError:
                logger.warning("local engine failed inside the emulator", exc_info=False)
                raise
        sub = subtype if (kind, subtype) in FIXTURES else DEFAULT_SUBTYPE[kind]
        return build_document(kind, sub, FIXTURES[(kind, sub)])


def _declared_document(data: bytes) -> dict[str, Any] | None:
    if not data.lstrip().startswith(b"{"):
        return None
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    test = parsed.get("emulator") if isinstance(parsed, dict) else None
    return test if isinstance(test, dict) else None


def emulated_document(kind: str | None = None, **spec: Any) -> bytes:
    """Bytes of a test document (for tests and manual runs): ``emulated_document(subtype="driver", fields={...})``."""
    del kind  # the endpoint decides the kind; accepted so call sites read naturally
    return json.dumps({"emulator": spec}, ensure_ascii=False).encode("utf-8")
