"""NTS (국세청) business status / validation API on data.go.kr (provider-contracts.md §4).

The second Hometax source beside NHN ``business/status``. ``serviceKey`` is the data.go.kr
**Decoding** key; ``requests`` URL-encodes it exactly once. At most 100 numbers go in one call, so
longer lists are sent in chunks and answered in input order. Fail closed: every failure is an
``OcrError``, never an empty answer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocr_integration.errors import (
    OcrConfigurationError,
    OcrRateLimited,
    OcrRejectedInput,
    OcrUnavailable,
)
from ocr_integration.http import ProviderSession

PROVIDER = "nts"
DEFAULT_BASE_URL = "https://api.odcloud.kr"
API_PATH = "/api/nts-businessman/v1"
MAX_BATCH = 100

STATUS_CODES = {"01": "계속사업자", "02": "휴업자", "03": "폐업자"}
TAX_TYPE_CODES = {
    "01": "부가가치세 일반과세자",
    "02": "부가가치세 간이과세자",
    "03": "부가가치세 과세특례자",
    "04": "부가가치세 면세사업자",
    "05": "수익사업을 영위하지 않는 비영리법인이거나 고유번호가 부여된 단체,국가기관 등",
    "06": "고유번호가 부여된 단체",
    "07": "부가가치세 간이과세자(세금계산서 발급사업자)",
}
# NTS tax type -> the NHN/Hometax status code of a business that is still operating (§4 mapping).
_TAX_TYPE_TO_HOMETAX = {"01": "01", "02": "02", "07": "02", "04": "03", "05": "04", "06": "04"}


@dataclass(frozen=True)
class NtsBusinessStatus:
    """One ``/status`` row. ``registered`` is False for a number NTS does not know (empty b_stt_cd)."""

    business_number: str
    status_code: str
    status: str
    tax_type_code: str
    tax_type: str
    closed_on: dt.date | None = None
    tax_type_changed_on: dt.date | None = None
    invoice_applied_on: dt.date | None = None
    previous_tax_type_code: str = ""

    @property
    def registered(self) -> bool:
        return bool(self.status_code)

    @property
    def active(self) -> bool:
        return self.status_code == "01"

    @property
    def suspended(self) -> bool:
        return self.status_code == "02"

    @property
    def closed(self) -> bool:
        return self.status_code == "03"

    def hometax_code(self) -> str | None:
        """The NHN ``business/status`` code this row corresponds to, or ``None`` when it has none.

        Used for the two-source rule: NHN 05 ↔ 02, 06 ↔ 03, 00 ↔ unregistered, 01–04 ↔ 01 with the
        tax type; NTS has no "09" (a disagreement goes to manual review).
        """
        if not self.registered:
            return "00"
        if self.suspended:
            return "05"
        if self.closed:
            return "06"
        return _TAX_TYPE_TO_HOMETAX.get(self.tax_type_code)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> NtsBusinessStatus:
        return cls(
            business_number=str(row.get("b_no", "")),
            status_code=str(row.get("b_stt_cd") or ""),
            status=str(row.get("b_stt") or ""),
            tax_type_code=str(row.get("tax_type_cd") or ""),
            tax_type=str(row.get("tax_type") or ""),
            closed_on=_date(row.get("end_dt")),
            tax_type_changed_on=_date(row.get("tax_type_change_dt")),
            invoice_applied_on=_date(row.get("invoice_apply_dt")),
            previous_tax_type_code=str(row.get("rbf_tax_type_cd") or ""),
        )


@dataclass(frozen=True)
class NtsBusiness:
    """What ``/validate`` compares against the NTS record (number, start date, representative)."""

    business_number: str
    start_date: dt.date | str
    representative_name: str
    representative_name_foreign: str = ""
    company_name: str = ""
    corporate_number: str = ""
    business_sector: str = ""
    business_type: str = ""
    business_address: str = ""

    def to_request(self) -> dict[str, str]:
        start = self.start_date
        start_text = start.strftime("%Y%m%d") if isinstance(start, dt.date) else re.sub(r"\D", "", start)
        data = {
            "b_no": _digits(self.business_number),
            "start_dt": start_text,
            "p_nm": self.representative_name.strip(),
            "p_nm2": self.representative_name_foreign.strip(),
            "b_nm": self.company_name.strip(),
            "corp_no": _digits(self.corporate_number),
            "b_sector": self.business_sector.strip(),
            "b_type": self.business_type.strip(),
            "b_adr": self.business_address.strip(),
        }
        return {k: v for k, v in data.items() if v or k in ("b_no", "start_dt", "p_nm")}


@dataclass(frozen=True)
class NtsValidation:
    """One ``/validate`` row: ``valid`` when NTS confirms the submitted details (valid == "01")."""

    business_number: str
    valid: bool
    message: str
    status: NtsBusinessStatus | None = field(default=None)


_MESSAGES = {
    "REQUEST_DATA_MALFORMED": _("Some business details are missing. Please fill in the number, start date and name."),
}


def raise_for_response(status: int, body: bytes) -> dict[str, Any]:
    """The parsed body of a successful answer (``status_code`` OK) or the matching ``OcrError``."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    code = ""
    if isinstance(data, dict):
        code = str(data.get("status_code") or data.get("code") or "")
    if status == 429:
        raise OcrRateLimited("NTS quota or rate limit (HTTP 429)", provider=PROVIDER, code=code or "http_429")
    if status in (401, 403):
        raise OcrConfigurationError("NTS rejected the service key", provider=PROVIDER, code=code or f"http_{status}")
    if code == "REQUEST_DATA_MALFORMED":
        raise OcrRejectedInput(
            "NTS says required parameters are missing",
            provider=PROVIDER,
            code=code,
            user_message=str(_MESSAGES[code]),
        )
    if code in ("BAD_JSON_REQUEST", "TOO_LARGE_REQUEST"):
        raise OcrConfigurationError(f"NTS refused the request: {code}", provider=PROVIDER, code=code)
    if code in ("INTERNAL_ERROR", "HTTP_ERROR") or status >= 500:
        raise OcrUnavailable(f"NTS failed: {code or status}", provider=PROVIDER, code=code or f"http_{status}")
    if status != 200:
        raise OcrConfigurationError(f"HTTP {status} from NTS", provider=PROVIDER, code=code or f"http_{status}")
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise OcrUnavailable("NTS answered with malformed JSON", provider=PROVIDER, code="malformed")
    if code != "OK":
        raise OcrUnavailable(f"NTS answered status_code {code!r}", provider=PROVIDER, code=code or "malformed")
    return data


class NtsBusinessClient:
    """Client for ``/status`` (by number) and ``/validate`` (number + start date + representative).

    Prefer ``validate``: a bare number can be copied from the internet. Build it with
    ``NtsBusinessClient.from_settings()`` (``OCR_NTS``) or with explicit options in tests.
    """

    name = PROVIDER

    def __init__(
        self,
        base_url: str = "",
        service_key: str = "",
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_concurrency: int = 4,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._service_key = service_key
        self._http = ProviderSession(
            PROVIDER, timeout=timeout, max_retries=max_retries, max_concurrency=max_concurrency, backoff=backoff
        )

    @classmethod
    def from_settings(cls, **extra: Any) -> NtsBusinessClient:
        options = dict(getattr(settings, "OCR_NTS", {}) or {})
        return cls(**options, **extra)

    def __repr__(self) -> str:
        return f"<NtsBusinessClient {self.base_url}>"

    def check_ready(self) -> None:
        if not self._service_key:
            raise OcrConfigurationError("NTS_SERVICE_KEY is not set", provider=PROVIDER, code="config")

    def status(self, numbers: Iterable[str]) -> list[NtsBusinessStatus]:
        """Status rows in input order (an unregistered number gives ``registered == False``)."""
        self.check_ready()
        wanted = [_digits(n) for n in numbers]
        rows: dict[str, NtsBusinessStatus] = {}
        for chunk in _chunks(wanted):
            body = self._post("status", {"b_no": chunk})
            for row in body["data"]:
                if isinstance(row, dict):
                    status = NtsBusinessStatus.from_row(row)
                    rows[status.business_number] = status
        missing = [n for n in wanted if n not in rows]
        if missing:
            raise OcrUnavailable("NTS left numbers out of its answer", provider=PROVIDER, code="incomplete")
        return [rows[n] for n in wanted]

    def validate(self, businesses: Iterable[NtsBusiness]) -> list[NtsValidation]:
        """Validation rows in input order."""
        self.check_ready()
        requests_ = [b.to_request() for b in businesses]
        results: list[NtsValidation] = []
        for chunk in _chunks(requests_):
            body = self._post("validate", {"businesses": chunk})
            rows = [r for r in body["data"] if isinstance(r, dict)]
            if len(rows) != len(chunk):
                raise OcrUnavailable("NTS left businesses out of its answer", provider=PROVIDER, code="incomplete")
            for row in rows:
                status = row.get("status")
                results.append(
                    NtsValidation(
                        business_number=str(row.get("b_no", "")),
                        valid=str(row.get("valid", "")) == "01",
                        message=str(row.get("valid_msg") or ""),
                        status=NtsBusinessStatus.from_row(status) if isinstance(status, dict) else None,
                    )
                )
        return results

    def _post(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.base_url}{API_PATH}/{endpoint}"

        def attempt() -> dict[str, Any]:
            response = self._http.request(
                "POST",
                url,
                params={"serviceKey": self._service_key, "returnType": "JSON"},
                json=payload,
                headers={"Accept": "application/json"},
            )
            return raise_for_response(response.status_code, response.content)

        return self._http.call(attempt)


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + MAX_BATCH] for i in range(0, len(items), MAX_BATCH)] or []


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _date(value: Any) -> dt.date | None:
    text = _digits(str(value or ""))
    if len(text) != 8:
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
