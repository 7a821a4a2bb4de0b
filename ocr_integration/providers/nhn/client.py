"""NHN Cloud Document OCR client (provider-contracts.md §1).

Auth family is chosen by ``api_version``: "2.1"/"1.1" use a User Access Key token
(``X-NHN-Authorization: Bearer``), "2.0"/"1.0" the raw secret key (``Authorization``). Left empty,
the token family is used when a User Access Key is configured, otherwise the secret key. ID cards
and v2 credit cards go through the electronic envelope (``ocr_integration.envelope``); business
registration and business status exist only in v1.x.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import requests
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from django.conf import settings
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from ocr_integration.envelope import Envelope, load_public_key
from ocr_integration.errors import OcrConfigurationError, OcrError, OcrRejectedInput, OcrUnavailable
from ocr_integration.formats import normalise_date
from ocr_integration.http import ProviderSession
from ocr_integration.providers.nhn import codes, normalise
from ocr_integration.types import AuthenticityHandle, DocumentResult, ImageInfo, TextRun

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api-ocr.nhncloudservice.com"
DEFAULT_OAUTH_BASE_URL = "https://oauth.api.nhncloudservice.com"
REQUEST_KEY_LIFETIME = dt.timedelta(hours=1)
# NHN starts the hour when it issues the key, before the answer reaches us: stop using it a little
# early rather than spend a call on a key that has just expired.
REQUEST_KEY_MARGIN = dt.timedelta(minutes=1)
ENVELOPE_SERVICES = ("credit-card", "id-card")

# Hometax result codes as NHN documents them (§1.6). 07 and 08 are not documented.
BUSINESS_STATUS_CODES: dict[str, str] = {
    "00": "사업을 하고 있지 않는 사업자",
    "01": "부가가치세 일반과세자",
    "02": "부가가치세 간이과세자",
    "03": "부가가치세 면세사업자",
    "04": "수익 사업을 영위하지 않는 비영리법인이거나 고유번호가 부여된 단체. 국가기관",
    "05": "휴업자",
    "06": "폐업자",
    "09": "기타",
}


@dataclass(frozen=True)
class AuthenticityResult:
    """The answer of ``id-card/authenticity``: ``authentic`` is NHN's ``isAuthenticity``.

    A ``False`` here is a normal answer (the Request-Key is now spent). Expired or spent keys and
    the lock-out are raised as ``OcrRejectedInput`` with ``code`` "4000122" / "4000123".
    """

    authentic: bool
    id_type: str
    checked_at: dt.datetime


@dataclass(frozen=True)
class BusinessStatus:
    """NHN ``business/status``: the Hometax result code and what it means for onboarding.

    ``code`` is the two-digit Hometax code; ``description`` the documented Korean meaning (empty
    for codes NHN does not document). ``active`` is 01–04, ``suspended`` 05, ``closed`` 06 and
    ``not_in_business`` 00; anything else (09, undocumented codes) ``needs_manual_review``.
    """

    business_number: str
    code: str
    message: str
    description: str

    @property
    def active(self) -> bool:
        return self.code in {"01", "02", "03", "04"}

    @property
    def suspended(self) -> bool:
        return self.code == "05"

    @property
    def closed(self) -> bool:
        return self.code == "06"

    @property
    def not_in_business(self) -> bool:
        return self.code == "00"

    @property
    def needs_manual_review(self) -> bool:
        return not (self.active or self.suspended or self.closed or self.not_in_business)


@dataclass
class _PublicKey:
    version: str
    key: RSAPublicKey


class NhnOcrProvider:
    """NHN Cloud Document OCR: ID cards (with Request-Key), credit cards, business registration.

    Besides ``analyze`` it offers ``verify_authenticity`` (ID authenticity with the Request-Key kept
    in ``DocumentResult.authenticity``) and ``business_status`` (Hometax). Every failure is an
    ``OcrError`` from ``codes.raise_for_response``. The token and public keys are cached on the
    instance (the registry keeps one per process), never logged and never written to a shared cache.
    """

    name = "nhn"

    def __init__(
        self,
        base_url: str = "",
        oauth_base_url: str = "",
        appkey: str = "",
        secret_key: str = "",
        uak_id: str = "",
        uak_secret: str = "",
        api_version: str = "",
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_concurrency: int = 4,
        backoff: float = 0.5,
        id_card_endpoint: str = "id-card",
        credit_card_api: str = "v2",
        token_margin_seconds: float = 300.0,
    ) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.oauth_base_url = (oauth_base_url or DEFAULT_OAUTH_BASE_URL).rstrip("/")
        self.appkey = appkey
        self._secret_key = secret_key
        self._uak_id = uak_id
        self._uak_secret = uak_secret
        version = (api_version or "").strip().lstrip("v")
        if version:
            self.token_auth = version.endswith(".1")
        else:
            self.token_auth = bool(uak_id and uak_secret)
        self.v1 = "v1.1" if self.token_auth else "v1.0"
        self.v2 = "v2.1" if self.token_auth else "v2.0"
        if id_card_endpoint not in ("id-card", "id-card/stand-alone"):
            raise OcrConfigurationError("id_card_endpoint must be id-card or id-card/stand-alone", provider=self.name)
        self.id_card_endpoint = id_card_endpoint
        self.credit_card_api = credit_card_api
        self.token_margin_seconds = token_margin_seconds
        self._http = ProviderSession(
            self.name, timeout=timeout, max_retries=max_retries, max_concurrency=max_concurrency, backoff=backoff
        )
        self._lock = threading.Lock()
        self._token: str | None = None
        self._token_expires = 0.0
        self._public_keys: dict[str, _PublicKey] = {}

    def __repr__(self) -> str:
        return f"<NhnOcrProvider {self.base_url} {self.v2}/{self.v1}>"

    # -- provider protocol -------------------------------------------------------------------

    def check_ready(self) -> None:
        if not self.appkey:
            raise OcrConfigurationError("NHN_APPKEY is not set", provider=self.name, code="config")
        if self.token_auth and not (self._uak_id and self._uak_secret):
            raise OcrConfigurationError("NHN_UAK_ID/NHN_UAK_SECRET are not set", provider=self.name, code="config")
        if not self.token_auth and not self._secret_key:
            raise OcrConfigurationError("NHN_SECRET_KEY is not set", provider=self.name, code="config")

    def analyze(
        self,
        kind: str,
        data: bytes,
        *,
        filename: str = "",
        subtype: str | None = None,
        text_layer: tuple[TextRun, ...] = (),
    ) -> DocumentResult:
        if kind == "id_card":
            if subtype == "alien":
                raise OcrConfigurationError(
                    "NHN does not read alien registration cards", provider=self.name, code="unsupported"
                )
            return self.analyze_id_card(data, filename=filename)
        if kind == "credit_card":
            return self.analyze_credit_card(data, filename=filename, encrypted=self.credit_card_api != "v1")
        if kind == "business_registration":
            return self.analyze_business(data, filename=filename)
        raise OcrConfigurationError(f"NHN does not read {kind!r}", provider=self.name, code="unsupported")

    # -- document analysis -------------------------------------------------------------------

    def analyze_id_card(self, data: bytes, *, filename: str = "", stand_alone: bool | None = None) -> DocumentResult:
        """``/id-card`` (keeps the Request-Key in ``result.authenticity``) or ``/id-card/stand-alone``."""
        self.check_ready()
        endpoint = (
            self.id_card_endpoint if stand_alone is None else ("id-card/stand-alone" if stand_alone else "id-card")
        )
        url = self._url(self.v2, endpoint)
        name = _upload_name(filename, data)

        send = self._encrypted_upload(url, name, data)

        def read(body: dict[str, Any], response: requests.Response, envelope: Envelope | None) -> DocumentResult:
            assert envelope is not None
            result = _result(body)
            plain = dict(result)
            plain["keyValues"] = [
                {**kv, "value": envelope.decrypt_text(kv["value"])} if isinstance(kv.get("value"), str) else kv
                for kv in result.get("keyValues") or []
                if isinstance(kv, dict)
            ]
            doc = normalise.id_card_result(plain, image=_image_info(data), thresholds=_thresholds(), raw=body)
            request_key = response.headers.get("Request-Key")
            if endpoint == "id-card" and request_key and doc.subtype in ("resident", "driver"):
                expires_at = timezone.now() + REQUEST_KEY_LIFETIME - REQUEST_KEY_MARGIN
                handle = AuthenticityHandle(self.name, request_key, expires_at)
                doc = _with_authenticity(doc, handle)
            return doc

        return self._call("id-card", send, read)

    def analyze_credit_card(self, data: bytes, *, filename: str = "", encrypted: bool = True) -> DocumentResult:
        """v2.x ``/credit-card`` through the envelope, or v1.x in plain (PAN in clear over TLS)."""
        self.check_ready()
        name = _upload_name(filename, data)
        if encrypted:
            url = self._url(self.v2, "credit-card")

            send = self._encrypted_upload(url, name, data)

            def read(body: dict[str, Any], _response: requests.Response, envelope: Envelope | None) -> DocumentResult:
                assert envelope is not None
                result = _result(body)
                plain = dict(result)
                plain["cardNums"] = [
                    {**g, "value": envelope.decrypt_text(g["value"])} if isinstance(g.get("value"), str) else g
                    for g in result.get("cardNums") or []
                    if isinstance(g, dict)
                ]
                if isinstance(result.get("totalCardNum"), str):
                    plain["totalCardNum"] = envelope.decrypt_text(result["totalCardNum"])
                valid = result.get("validThru")
                if isinstance(valid, dict) and isinstance(valid.get("value"), str):
                    plain["validThru"] = {**valid, "value": envelope.decrypt_text(valid["value"])}
                return normalise.credit_card_result(plain, image=_image_info(data), thresholds=_thresholds(), raw=body)

            return self._call("credit-card", send, read)

        url = self._url(self.v1, "credit-card")

        def send_plain(headers: dict[str, str], _envelope: Envelope | None) -> requests.Response:
            return self._http.request("POST", url, headers=headers, files={"image": (name, data, _content_type(data))})

        def read_plain(body: dict[str, Any], _response: requests.Response, _env: Envelope | None) -> DocumentResult:
            result = _result(body)
            return normalise.credit_card_result(
                result, image=_image_info(data), thresholds=_thresholds(), raw=_redact_card(body)
            )

        return self._call(None, send_plain, read_plain)

    def analyze_business(self, data: bytes, *, filename: str = "") -> DocumentResult:
        """v1.x ``/business`` (pdf/jpeg/png, plain; a multi-page PDF yields page 1 only)."""
        self.check_ready()
        url = self._url(self.v1, "business")
        name = _upload_name(filename, data)

        def send(headers: dict[str, str], _envelope: Envelope | None) -> requests.Response:
            return self._http.request("POST", url, headers=headers, files={"image": (name, data, _content_type(data))})

        def read(body: dict[str, Any], _response: requests.Response, _env: Envelope | None) -> DocumentResult:
            return normalise.business_result(_result(body), image=_image_info(data), thresholds=_thresholds(), raw=body)

        return self._call(None, send, read)

    # -- verification ------------------------------------------------------------------------

    def verify_authenticity(
        self, handle: AuthenticityHandle, id_type: str, values: dict[str, str]
    ) -> AuthenticityResult:
        """Check an analysed resident card or driver's licence against the government record.

        ``values`` uses canonical keys (as corrected by the person): resident cards need ``name``,
        ``resident_number`` (13 digits) and ``issue_date`` (a date); driver's licences need
        ``name``, ``resident_number`` (the first 7 digits are sent), ``license_number`` (12 digits)
        and optionally ``serial_number``. Raises ``OcrRejectedInput`` with code "4000122" when the
        Request-Key is expired or already used (re-run ``analyze_id_card``), "4000123" when NHN
        has locked the card after too many wrong issue dates (stop; manual review), and
        "invalid_values" (no call made, key not spent) when a value has the wrong shape.
        """
        self.check_ready()
        if handle.provider != self.name:
            raise OcrConfigurationError("not an NHN authenticity handle", provider=self.name, code="handle")
        if handle.expires_at <= timezone.now():
            raise codes.error_for_code(codes.AUTHENTICITY_REQUEST_KEY_INVALID, "expired before the call")
        plain = _authenticity_values(id_type, values)
        url = self._url(self.v2, "id-card/authenticity")

        def send(headers: dict[str, str], envelope: Envelope | None) -> requests.Response:
            assert envelope is not None
            body = {"idType": id_type, **{k: envelope.encrypt_text(v) for k, v in plain.items()}}
            return self._http.request(
                "POST",
                url,
                headers={**headers, "Request-Key": handle.request_key, "Content-Type": "application/json"},
                json=body,
            )

        def read(body: dict[str, Any], _response: requests.Response, _env: Envelope | None) -> AuthenticityResult:
            value = _result(body).get("isAuthenticity")
            if not isinstance(value, bool):
                raise OcrUnavailable("isAuthenticity missing from the answer", provider=self.name, code="malformed")
            return AuthenticityResult(authentic=value, id_type=id_type, checked_at=timezone.now())

        return self._call("id-card", send, read)

    def business_status(self, business_number: str) -> BusinessStatus:
        """Hometax status of a business registration number (v1.x ``business/status``).

        Raises ``OcrRejectedInput`` with code "4000102" when the number does not exist (NHN also
        answers so for a number failing the checksum) and "4000001" when it is not 10 digits.
        """
        self.check_ready()
        digits = re.sub(r"\D", "", business_number)
        url = self._url(self.v1, "business/status")

        def send(headers: dict[str, str], _envelope: Envelope | None) -> requests.Response:
            return self._http.request(
                "POST",
                url,
                headers={**headers, "Content-Type": "application/json"},
                json={"businessNumber": digits},
            )

        def read(body: dict[str, Any], _response: requests.Response, _env: Envelope | None) -> BusinessStatus:
            result = _result(body)
            code = str(result.get("statusCode", "")).strip()
            if not re.fullmatch(r"\d{2}", code):
                raise OcrUnavailable("statusCode missing from the answer", provider=self.name, code="malformed")
            formatted = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else digits
            return BusinessStatus(
                business_number=formatted,
                code=code,
                message=str(result.get("statusMessage") or ""),
                description=BUSINESS_STATUS_CODES.get(code, ""),
            )

        return self._call(None, send, read)

    # -- plumbing ----------------------------------------------------------------------------

    def _encrypted_upload(
        self, url: str, name: str, data: bytes
    ) -> Callable[[dict[str, str], Envelope | None], requests.Response]:
        """A sender that posts ``data`` as the multipart ``image``, sealed with this request's envelope."""

        def send(headers: dict[str, str], envelope: Envelope | None) -> requests.Response:
            assert envelope is not None
            return self._http.request(
                "POST",
                url,
                headers=headers,
                files={"image": (name, envelope.encrypt(data), "application/octet-stream")},
            )

        return send

    def _url(self, version: str, path: str) -> str:
        return f"{self.base_url}/{version}/appkeys/{self.appkey}/{path}"

    def _call(
        self,
        service: str | None,
        send: Callable[[dict[str, str], Envelope | None], requests.Response],
        read: Callable[[dict[str, Any], requests.Response, Envelope | None], T],
    ) -> T:
        """One logical call: auth, envelope, send, map errors; refresh token/key once if told to."""

        def attempt() -> T:
            refreshed_token = refreshed_key = False
            while True:
                envelope: Envelope | None = None
                try:
                    headers = self._auth_headers()
                    if service is not None:
                        public = self._public_key(service, headers)
                        envelope = Envelope(public.key, provider=self.name)
                        headers = {
                            **headers,
                            "X-Key-Version": public.version,
                            "Symmetric-Key": envelope.symmetric_key_header,
                        }
                    response = send(headers, envelope)
                    body = codes.raise_for_response(response.status_code, response.content)
                    return read(body, response, envelope)
                except OcrError as exc:
                    if exc.code == str(codes.INVALID_TOKEN) and self.token_auth and not refreshed_token:
                        refreshed_token = True
                        self._drop_token()
                        continue
                    if exc.code == str(codes.INVALID_KEY_VERSION) and service is not None and not refreshed_key:
                        refreshed_key = True
                        self._drop_public_key(service)
                        continue
                    raise
                finally:
                    if envelope is not None:
                        envelope.wipe()

        return self._http.call(attempt)

    def _auth_headers(self) -> dict[str, str]:
        if not self.token_auth:
            return {"Authorization": self._secret_key}
        return {"X-NHN-Authorization": f"Bearer {self._access_token()}"}

    def _access_token(self) -> str:
        with self._lock:
            if self._token and time.time() < self._token_expires:
                return self._token
        basic = base64.b64encode(f"{self._uak_id}:{self._uak_secret}".encode()).decode("ascii")
        response = self._http.request(
            "POST",
            f"{self.oauth_base_url}/oauth2/token/create",
            headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
            data={"grant_type": "client_credentials"},
        )
        if response.status_code >= 500 or response.status_code == 429:
            raise OcrUnavailable(
                f"token endpoint answered HTTP {response.status_code}", provider=self.name, code="token_unavailable"
            )
        if response.status_code != 200:
            raise OcrConfigurationError(
                f"User Access Key rejected (HTTP {response.status_code})", provider=self.name, code="token_rejected"
            )
        try:
            data = response.json()
            token = str(data["access_token"])
            # The doc table types expires_in as a string, the example is a number.
            expires_in = int(data.get("expires_in", 86400))
        except (ValueError, KeyError, TypeError) as exc:
            raise OcrUnavailable("malformed token answer", provider=self.name, code="token_malformed") from exc
        with self._lock:
            self._token = token
            margin = min(self.token_margin_seconds, expires_in / 10)
            self._token_expires = time.time() + expires_in - margin
        return token

    def _drop_token(self) -> None:
        with self._lock:
            self._token = None
            self._token_expires = 0.0

    def _public_key(self, service: str, headers: dict[str, str]) -> _PublicKey:
        with self._lock:
            cached = self._public_keys.get(service)
        if cached is not None:
            return cached
        response = self._http.request("GET", self._url(self.v2, f"public-keys/{service}"), headers=headers)
        result = _result(codes.raise_for_response(response.status_code, response.content))
        key, version = result.get("key"), result.get("version")
        if not isinstance(key, str) or version is None:
            raise OcrUnavailable("public key missing from the answer", provider=self.name, code="malformed")
        public = _PublicKey(str(version), load_public_key(key, provider=self.name))
        with self._lock:
            self._public_keys[service] = public
        return public

    def _drop_public_key(self, service: str) -> None:
        with self._lock:
            self._public_keys.pop(service, None)


def _result(body: dict[str, Any]) -> dict[str, Any]:
    result = body.get("result")
    if not isinstance(result, dict):
        raise OcrUnavailable("NHN answer has no result object", provider="nhn", code="malformed")
    return result


def _thresholds() -> dict[str, float]:
    return dict(getattr(settings, "OCR_REVIEW_THRESHOLDS", {}) or {})


def _with_authenticity(doc: DocumentResult, handle: AuthenticityHandle) -> DocumentResult:
    return replace(doc, authenticity=handle)


def _authenticity_values(id_type: str, values: dict[str, str]) -> dict[str, str]:
    def invalid(what: str) -> OcrRejectedInput:
        return OcrRejectedInput(
            f"authenticity value not usable: {what}",
            provider="nhn",
            code="invalid_values",
            user_message=str(codes.CODES[4000001].user_message),
        )

    name = " ".join(str(values.get("name", "")).split())
    rrn = re.sub(r"\D", "", str(values.get("resident_number", "")))
    if not name:
        raise invalid("name")
    if id_type == "resident":
        issue = normalise_date(str(values.get("issue_date", "")))
        if len(rrn) != 13:
            raise invalid("resident_number")
        if issue is None:
            raise invalid("issue_date")
        return {"name": name, "residentNumber": rrn, "issueDate": issue.replace("-", "")}
    if id_type == "driver":
        licence = re.sub(r"\D", "", str(values.get("license_number", "")))
        if len(rrn) < 7:
            raise invalid("resident_number")
        if len(licence) != 12:
            raise invalid("license_number")
        plain = {"name": name, "residentNumber": rrn[:7], "driverLicenseNumber": licence}
        serial = str(values.get("serial_number", "")).strip()
        if serial:
            plain["serialNum"] = serial
        return plain
    raise OcrConfigurationError(
        f"NHN authenticity supports resident and driver, not {id_type!r}", provider="nhn", code="unsupported"
    )


def _redact_card(body: dict[str, Any]) -> dict[str, Any]:
    """v1 answers carry the PAN in clear; the kept raw payload must not (PCI DSS 3.5.1)."""
    result = dict(body.get("result") or {})
    if "totalCardNum" in result:
        result["totalCardNum"] = "<redacted>"
    result["cardNums"] = [{**g, "value": "<redacted>"} for g in result.get("cardNums") or [] if isinstance(g, dict)]
    return {**body, "result": result}


def _content_type(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return "application/octet-stream"


def _upload_name(filename: str, data: bytes) -> str:
    if filename:
        return filename.replace("\\", "/").rsplit("/", 1)[-1]
    return {"application/pdf": "document.pdf", "image/png": "image.png"}.get(_content_type(data), "image.jpg")


def _image_info(data: bytes) -> ImageInfo:
    """Image size for the result (NHN does not report it); PDFs are measured in points by NHN."""
    if data.startswith(b"%PDF"):
        return ImageInfo(0, 0, "point")
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
    except (UnidentifiedImageError, OSError, ValueError):
        return ImageInfo(0, 0)
    return ImageInfo(width, height)
