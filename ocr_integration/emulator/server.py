"""The provider emulator HTTP server (stdlib ``ThreadingHTTPServer``).

Endpoints (see docs/providers.md for the full description):

- NHN: ``POST /oauth2/token/create``; ``/v1.0|v1.1/appkeys/{appKey}/business``, ``business/status``,
  ``credit-card``; ``GET /v2.0|v2.1/appkeys/{appKey}/public-keys/{service}``, ``POST credit-card``,
  ``id-card``, ``id-card/stand-alone``, ``id-card/authenticity``. Always HTTP 200 with
  ``header.isSuccessful``/``resultCode``, like the real service.
- CLOVA: ``POST /clova/document/{id-card|credit-card|biz-license|passport}`` (invoke URL
  ``http://host:port/clova``), multipart or JSON.
- NTS: ``POST /api/nts-businessman/v1/status`` and ``/validate`` with ``?serviceKey=``.
- Control: ``/_emulator/health|reset|faults|clock|config|businesses|calls|public-keys/{s}/rotate``.

Nothing here logs request bodies, keys or tokens.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import serialization

from ocr_integration import envelope
from ocr_integration.checksums import digits_only
from ocr_integration.emulator import shapes
from ocr_integration.emulator.businesses import NHN_STATUS_MESSAGES, BusinessRecord, nts_row
from ocr_integration.emulator.documents import DocumentSource
from ocr_integration.emulator.state import LOCKOUT_AFTER, REQUEST_KEY_SECONDS, EmulatorConfig, EmulatorState, Fault
from ocr_integration.errors import OcrEnvelopeError, OcrError

logger = logging.getLogger(__name__)

MAX_UPLOAD = 20 * 1024 * 1024
NHN_MESSAGES = {
    -1: "Unknown error.",
    4000001: "Invalid parameter.",
    4000002: "Invalid file.",
    4000003: "Invalid file type.",
    4000004: "Uploaded file is empty.",
    4000005: "Required headers is missing.",
    4000006: "Api call limit exceeded, If you need to adjust the limit, please contact customer service.",
    4000101: "Invalid business registration format.",
    4000102: "Business number that does not exist.",
    4000103: "PDF file is password protected.",
    4000111: "Credit card info not found.",
    4000121: "Id card info not found.",
    4000122: "Request Key is invalid or expired.",
    4000123: "Registration card authentication is locked.",
    4000301: "Invalid key version.",
    4000302: "Invalid symmetric key.",
    4000303: "Invalid encrypted data.",
    4000401: "Service not enabled. Please submit service use request.",
    4010001: "Invalid appKey or secretKey.",
    4010006: "Invalid token.",
    4010007: "Permission denied.",
    4041007: "URL Not Found",
    4131000: "Request size is larger than permissible limit.",
    5000503: "The API you requested is temporarily unavailable. Please try again later.",
}
CLOVA_ERRORS = {
    "0001": (400, "URL is invalid."),
    "0002": (401, "Secret key validate failed."),
    "0011": (400, "Request body invalid."),
    "0021": (400, "Protocol version not support."),
    "0022": (400, "Request domain invalid."),
    "0023": (400, "API request count reach the upper limit."),
    "0025": (400, "Calls to this api have exceeded the rate limit."),
    "0500": (500, "Unknown service error."),
    "0501": (500, "OCR service error."),
}
NTS_ERRORS = {
    "BAD_JSON_REQUEST": (400, "JSON 포맷에 적합하지 않는 요청"),
    "REQUEST_DATA_MALFORMED": (411, "필수 요청 파라미터 누락"),
    "TOO_LARGE_REQUEST": (413, "요청 사업자번호 또는 정보 100개 초과"),
    "INTERNAL_ERROR": (500, "내부 에러"),
    "HTTP_ERROR": (500, "HTTP 에러"),
}
CLOVA_KINDS = {
    "id-card": ("id_card", None, "idCard", shapes.clova_id_card),
    "credit-card": ("credit_card", None, "creditCard", shapes.clova_credit_card),
    "biz-license": ("business_registration", None, "bizLicense", shapes.clova_biz_license),
    "passport": ("id_card", "passport", "passport", shapes.clova_passport),
}
NOT_FOUND_CODES = {"id_card": 4000121, "credit_card": 4000111, "business_registration": 4000101}
ENGINE_FAIL_CODES = {"id_card": 5003021, "credit_card": 5003011, "business_registration": 5003001}

_NHN_PATH = re.compile(r"^/v(?P<version>[12]\.[01])/appkeys/(?P<appkey>[^/]+)/(?P<api>.+)$")


class NhnError(Exception):
    """An NHN result code to answer with (HTTP 200, isSuccessful false)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class EmulatorServer:
    """The emulator on ``host:port`` (port 0 picks a free one), served from a background thread.

    ``state`` is the live ``EmulatorState``; ``url`` the base URL (NHN and NTS base URL, NHN OAuth
    base URL); ``clova_url`` the CLOVA invoke URL.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        source: str = "auto",
        config: EmulatorConfig | None = None,
    ) -> None:
        self.state = EmulatorState(config=config or EmulatorConfig.from_env())
        self.documents = DocumentSource(source)
        handler = type("BoundHandler", (EmulatorHandler,), {"emulator": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{host}:{port}"

    @property
    def clova_url(self) -> str:
        return f"{self.url}/clova"

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="ocr-emulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class EmulatorHandler(BaseHTTPRequestHandler):
    """Routes one request to the NHN, CLOVA, NTS or control handlers."""

    emulator: EmulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "ocr-emulator/1"
    # Buffer the answer so headers and body leave in one segment: unbuffered, the second small
    # write waits for the peer's delayed ACK (~40 ms per request with keep-alive).
    wbufsize = 1 << 16

    # -- plumbing ----------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("emulator %s %s", self.command, urlsplit(self.path).path)

    @property
    def state(self) -> EmulatorState:
        return self.emulator.state

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(
        self, status: int, body: bytes, content_type: str = "application/json", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(
            status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8", headers
        )

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        body = self._body()
        if path.startswith("/_emulator/"):
            self._control(path, body)
            return
        self.state.record_call(self.command, path)
        family = _family(path)
        # CLOVA limits concurrent requests per domain (code 0025); the slot is held for the whole
        # answer, including an injected latency, like a real recognizer busy with the image.
        if family == "clova" and not self.state.enter_clova():
            self._clova_error("0025", path)
            return
        try:
            fault = self.state.take_fault(family, path) if family else None
            if fault is not None and self._apply_fault(fault, family, path):
                return
            self._route(family, path, parts.query, body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing left to answer
        except Exception as exc:  # noqa: BLE001 - the server boundary: answer instead of dropping
            # A bug here must look like a provider-side failure to the client, not a dropped
            # connection; only the exception type is logged (the request may carry personal data).
            logger.error("emulator failed on %s %s: %s", self.command, path, type(exc).__name__)
            self._internal_error(family, path)
        finally:
            if family == "clova":
                self.state.leave_clova()

    def _route(self, family: str, path: str, query: str, body: bytes) -> None:
        if family == "oauth" and path == "/oauth2/token/create" and self.command == "POST":
            self._oauth_token(body)
        elif family == "nhn":
            self._nhn(path, body)
        elif family == "clova":
            self._clova(path, body)
        elif family == "nts":
            self._nts(path, parse_qs(query), body)
        else:
            self._json(404, {"error": "not found"})

    def _internal_error(self, family: str, path: str) -> None:
        if family == "nhn":
            self._nhn_error(-1)
        elif family == "clova":
            self._clova_error("0500", path)
        elif family == "nts":
            self._nts_error("INTERNAL_ERROR")
        else:
            self._json(500, {"error": "internal"})

    def _apply_fault(self, fault: Fault, family: str, path: str) -> bool:
        """Apply ``fault``; True when it already answered the request."""
        if fault.latency:
            time.sleep(fault.latency)
        try:
            if fault.status is not None:
                page = f"<html><body><h1>{fault.status}</h1>emulated gateway error</body></html>".encode()
                self._send(fault.status, page, "text/html")
                return True
            if fault.malformed:
                self._send(200, b'{"header": {"isSuccessful": tru', "application/json")
                return True
            if fault.rate_limit:
                if family == "nhn":
                    self._nhn_error(5000503)
                elif family == "clova":
                    self._clova_error("0025", path)
                elif family == "nts":
                    self._json(429, {"code": -10, "msg": "API rate limit exceeded"})
                else:
                    self._json(429, {"error": "too_many_requests"})
                return True
            if fault.result_code is not None:
                code = fault.result_code
                if family == "nhn":
                    self._nhn_error(int(code))
                elif family == "clova":
                    self._clova_error(code, path)
                elif family == "nts":
                    status, _msg = NTS_ERRORS.get(code, (200, ""))
                    self._json(status, {"status_code": code})
                else:
                    self._json(int(code) if code.isdigit() else 400, {"error": code})
                return True
        except (BrokenPipeError, ConnectionResetError):
            return True  # the client gave up (timeout test): nothing left to answer
        return False

    # -- NHN ---------------------------------------------------------------------------------

    def _nhn_ok(self, result: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        header = {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"}
        self._json(200, {"header": header, "result": result}, headers)

    def _nhn_error(self, code: int) -> None:
        message = NHN_MESSAGES.get(code, "Error.")
        self._json(200, {"header": {"isSuccessful": False, "resultCode": code, "resultMessage": message}})

    def _oauth_token(self, body: bytes) -> None:
        config = self.state.config
        expected = base64.b64encode(f"{config.uak_id}:{config.uak_secret}".encode()).decode()
        form = parse_qs(body.decode("utf-8", "replace"))
        if self.headers.get("Authorization", "") != f"Basic {expected}":
            self._json(401, {"error": "invalid_client", "error_description": "Bad client credentials"})
            return
        if form.get("grant_type") != ["client_credentials"]:
            self._json(400, {"error": "unsupported_grant_type"})
            return
        token = self.state.issue_token()
        self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": config.token_ttl})

    def _nhn(self, path: str, body: bytes) -> None:
        m = _NHN_PATH.match(path)
        if m is None:
            self._nhn_error(4041007)
            return
        version, api = m.group("version"), m.group("api")
        try:
            self._nhn_auth(version)
            if version.startswith("2"):
                if api.startswith("public-keys/") and self.command == "GET":
                    self._public_key(api.removeprefix("public-keys/"))
                elif api in ("credit-card", "id-card", "id-card/stand-alone") and self.command == "POST":
                    self._nhn_v2_document(api, body)
                elif api == "id-card/authenticity" and self.command == "POST":
                    self._authenticity(body)
                else:
                    raise NhnError(4041007)
            elif api in ("business", "credit-card") and self.command == "POST":
                self._nhn_v1_document(api, body)
            elif api == "business/status" and self.command == "POST":
                self._business_status(body)
            else:
                raise NhnError(4041007)
        except NhnError as exc:
            self._nhn_error(exc.code)

    def _nhn_auth(self, version: str) -> None:
        if version.endswith(".1"):
            value = self.headers.get("X-NHN-Authorization")
            if not value:
                raise NhnError(4000005)
            scheme, _sep, token = value.partition(" ")
            if scheme != "Bearer" or not self.state.token_valid(token.strip()):
                raise NhnError(4010006)
            return
        value = self.headers.get("Authorization")
        if not value:
            raise NhnError(4000005)
        if value != self.state.config.secret_key:
            raise NhnError(4010001)

    def _public_key(self, service: str) -> None:
        key = self.state.keys.get(service)
        if key is None:
            raise NhnError(4000001)
        der = key.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self._nhn_ok({"key": base64.b64encode(der).decode("ascii"), "version": key.version})

    def _symmetric_key(self, service: str) -> bytearray:
        version, wrapped = self.headers.get("X-Key-Version"), self.headers.get("Symmetric-Key")
        if not version or not wrapped:
            raise NhnError(4000005)
        key = self.state.keys[service]
        if version != key.version:
            raise NhnError(4000301)
        try:
            return envelope.rsa_unwrap(key.private_key, wrapped)
        except OcrEnvelopeError:
            raise NhnError(4000302) from None

    def _upload(self, body: bytes) -> tuple[str, bytes]:
        content_type = self.headers.get("Content-Type", "")
        if len(body) > MAX_UPLOAD:
            raise NhnError(4131000)
        parts = parse_multipart(body, content_type)
        if "image" not in parts:
            raise NhnError(4000001)
        filename, data = parts["image"]
        if not data:
            raise NhnError(4000004)
        return filename or "", data

    def _nhn_v2_document(self, api: str, body: bytes) -> None:
        service = "credit-card" if api == "credit-card" else "id-card"
        key = self._symmetric_key(service)
        try:
            filename, encrypted = self._upload(body)
            try:
                data = envelope.aes_decrypt(key, encrypted)
            except OcrEnvelopeError:
                raise NhnError(4000303) from None
            if not data:
                raise NhnError(4000004)
            kind = "credit_card" if api == "credit-card" else "id_card"
            _check_file_type(data, allow_pdf=False)
            doc = self._read(kind, data, filename)

            def encrypt(value: str) -> str:
                return envelope.encrypt_text(key, value)

            headers: dict[str, str] = {}
            if kind == "credit_card":
                result = shapes.nhn_credit_card(doc, encrypt) if doc else None
            else:
                result = shapes.nhn_id_card(doc, encrypt) if doc else None
                if (
                    result is not None
                    and doc is not None
                    and api == "id-card"
                    and doc.subtype in ("resident", "driver")
                ):
                    headers["Request-Key"] = self.state.issue_request_key(doc.subtype, doc)
            if result is None:
                raise NhnError(NOT_FOUND_CODES[kind])
            self._nhn_ok(result, headers)
        finally:
            for i in range(len(key)):
                key[i] = 0

    def _nhn_v1_document(self, api: str, body: bytes) -> None:
        filename, data = self._upload(body)
        kind = "credit_card" if api == "credit-card" else "business_registration"
        _check_file_type(data, allow_pdf=kind == "business_registration")
        doc = self._read(kind, data, filename)
        if kind == "credit_card":
            result = shapes.nhn_credit_card(doc, lambda v: v) if doc else None
        else:
            unit = "point" if data.startswith(b"%PDF") else "pixel"
            result = shapes.nhn_business(doc, unit=unit) if doc else None
        if result is None:
            raise NhnError(NOT_FOUND_CODES[kind])
        self._nhn_ok(result)

    def _read(self, kind: str, data: bytes, filename: str, subtype: str | None = None) -> Any:
        try:
            return self.emulator.documents.read(kind, data, filename=filename, subtype=subtype)
        except OcrError:
            raise NhnError(ENGINE_FAIL_CODES[kind]) from None

    def _authenticity(self, body: bytes) -> None:
        key = self._symmetric_key("id-card")
        request_key = self.headers.get("Request-Key")
        if not request_key:
            raise NhnError(4000005)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise NhnError(4000001) from None
        if not isinstance(payload, dict) or payload.get("idType") not in ("resident", "driver"):
            raise NhnError(4000001)
        id_type = payload["idType"]
        required = ("name", "residentNumber", "issueDate") if id_type == "resident" else (
            "name", "residentNumber", "driverLicenseNumber")  # fmt: skip
        values: dict[str, str] = {}
        for name in (*required, "serialNum"):
            if name not in payload:
                if name in required:
                    raise NhnError(4000001)
                continue
            try:
                values[name] = envelope.decrypt_text(key, str(payload[name]))
            except OcrEnvelopeError:
                raise NhnError(4000303) from None
        with self.state.lock:
            record = self.state.request_keys.get(request_key)
            if record is None or record.used or self.state.now() - record.issued_at > REQUEST_KEY_SECONDS:
                raise NhnError(4000122)
            doc = record.document
            rrn = digits_only(doc.value("resident_number") or "")
            if id_type == "resident" and self.state.wrong_issue_dates.get(rrn, 0) >= LOCKOUT_AFTER:
                raise NhnError(4000123)
            name_ok = values["name"].strip() == (doc.value("name") or "")
            if record.subtype != id_type:
                authentic = False
            elif id_type == "resident":
                rrn_ok = digits_only(values["residentNumber"]) == rrn
                date_ok = values["issueDate"] == (doc.value("issue_date") or "").replace("-", "")
                authentic = name_ok and rrn_ok and date_ok
                if name_ok and rrn_ok and not date_ok:
                    self.state.wrong_issue_dates[rrn] = self.state.wrong_issue_dates.get(rrn, 0) + 1
            else:
                serial = values.get("serialNum")
                authentic = (
                    name_ok
                    and digits_only(values["residentNumber"]) == rrn[:7]
                    and digits_only(values["driverLicenseNumber"]) == digits_only(doc.value("license_number") or "")
                    and (serial is None or serial.strip() == (doc.value("serial_number") or ""))
                )
            record.used = True
        self._nhn_ok({"isAuthenticity": authentic})

    def _business_status(self, body: bytes) -> None:
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise NhnError(4000001) from None
        number = str(payload.get("businessNumber", "")) if isinstance(payload, dict) else ""
        if not re.fullmatch(r"\d{10}", number):
            raise NhnError(4000001)
        record = self.state.business(number)
        if record is None:
            raise NhnError(4000102)
        code = record.hometax_code
        self._nhn_ok({"statusCode": code, "statusMessage": NHN_STATUS_MESSAGES.get(code, "")})

    # -- CLOVA -------------------------------------------------------------------------------

    def _clova_error(self, code: str, path: str) -> None:
        status, message = CLOVA_ERRORS.get(code, (400, "Error."))
        self._json(status, {"code": code, "message": message, "path": path, "timestamp": int(time.time() * 1000)})

    def _clova(self, path: str, body: bytes) -> None:
        if self.headers.get("X-OCR-SECRET") != self.state.config.clova_secret:
            self._clova_error("0002", path)
            return
        m = re.fullmatch(r"/clova/document/([a-z\-]+)", path)
        if m is None or m.group(1) not in CLOVA_KINDS or self.command != "POST":
            self._clova_error("0001", path)
            return
        kind, subtype, object_key, render = CLOVA_KINDS[m.group(1)]
        try:
            message, data = _clova_request(self.headers.get("Content-Type", ""), body)
        except ValueError:
            self._clova_error("0011", path)
            return
        if message.get("version") != "V2":
            self._clova_error("0021", path)
            return
        name = str(message["images"][0].get("name", ""))
        image: dict[str, Any] = {"uid": uuid.uuid4().hex, "name": name}
        try:
            doc = self.emulator.documents.read(kind, data, subtype=subtype)
        except OcrError:
            image.update(inferResult="ERROR", message="Internal recognition error")
            doc = None
        else:
            rendered = render(doc) if doc is not None else None
            if rendered is None:
                image.update(inferResult="FAILURE", message="Recognition failure")
            else:
                image.update({object_key: rendered, "inferResult": "SUCCESS", "message": "SUCCESS"})
        image["validationResult"] = {"result": "NO_REQUESTED"}
        self._json(
            200,
            {
                "version": "V2",
                "requestId": message.get("requestId", ""),
                "timestamp": int(time.time() * 1000),
                "images": [image],
            },
        )

    # -- NTS ---------------------------------------------------------------------------------

    def _nts(self, path: str, query: dict[str, list[str]], body: bytes) -> None:
        if query.get("serviceKey") != [self.state.config.nts_service_key]:
            self._json(401, {"code": -4, "msg": "등록되지 않은 인증키 입니다."})
            return
        endpoint = path.removeprefix("/api/nts-businessman/v1/")
        if endpoint not in ("status", "validate") or self.command != "POST":
            self._json(404, {"code": -404, "msg": "not found"})
            return
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            self._nts_error("BAD_JSON_REQUEST")
            return
        if not isinstance(payload, dict):
            self._nts_error("BAD_JSON_REQUEST")
            return
        if endpoint == "status":
            numbers = payload.get("b_no")
            if not isinstance(numbers, list) or not numbers:
                self._nts_error("REQUEST_DATA_MALFORMED")
                return
            if len(numbers) > 100:
                self._nts_error("TOO_LARGE_REQUEST")
                return
            rows = [nts_row(self.state.business(digits_only(str(n))), str(n)) for n in numbers]
            matched = sum(1 for r in rows if r["b_stt_cd"])
            self._json(200, {"status_code": "OK", "request_cnt": len(rows), "match_cnt": matched, "data": rows})
            return
        businesses = payload.get("businesses")
        if not isinstance(businesses, list) or not businesses:
            self._nts_error("REQUEST_DATA_MALFORMED")
            return
        if len(businesses) > 100:
            self._nts_error("TOO_LARGE_REQUEST")
            return
        data = []
        for item in businesses:
            if not isinstance(item, dict) or not all(item.get(k) for k in ("b_no", "start_dt", "p_nm")):
                self._nts_error("REQUEST_DATA_MALFORMED")
                return
            data.append(self._nts_validate_row(item))
        valid = sum(1 for d in data if d["valid"] == "01")
        self._json(200, {"status_code": "OK", "request_cnt": len(data), "valid_cnt": valid, "data": data})

    def _nts_validate_row(self, item: dict[str, Any]) -> dict[str, Any]:
        number = digits_only(str(item["b_no"]))
        record = self.state.business(number)
        matches = (
            record is not None
            and record.hometax_code != "00"
            and str(item["start_dt"]) == record.start_date
            and str(item["p_nm"]).strip() == record.representative
            and (not item.get("b_nm") or not record.company_name or str(item["b_nm"]).strip() == record.company_name)
        )
        row: dict[str, Any] = {"b_no": number, "valid": "01" if matches else "02", "request_param": item}
        if matches:
            row["status"] = nts_row(record, number)
        else:
            row["valid_msg"] = "확인할 수 없습니다."
        return row

    def _nts_error(self, code: str) -> None:
        status, _message = NTS_ERRORS[code]
        self._json(status, {"status_code": code})

    # -- control -----------------------------------------------------------------------------

    def _control(self, path: str, body: bytes) -> None:
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            self._json(400, {"error": "body is not JSON"})
            return
        state = self.state
        action = path.removeprefix("/_emulator/")
        try:
            if action == "health":
                self._json(200, {"ok": True, "mode": self.emulator.documents.mode})
            elif action == "reset" and self.command == "POST":
                state.reset()
                self._json(200, {"ok": True})
            elif action == "faults" and self.command == "POST":
                state.add_fault(Fault.from_dict(payload))
                self._json(201, {"faults": [f.to_dict() for f in state.faults]})
            elif action == "faults" and self.command == "DELETE":
                state.clear_faults()
                self._json(200, {"faults": []})
            elif action == "faults":
                self._json(200, {"faults": [f.to_dict() for f in state.faults]})
            elif action == "clock" and self.command == "POST":
                self._json(200, {"now": state.advance_clock(float(payload.get("advance", 0)))})
            elif action == "clock":
                self._json(200, {"now": state.now()})
            elif action == "config" and self.command == "POST":
                if "token_ttl" in payload:
                    state.config.token_ttl = int(payload["token_ttl"])
                if "clova_concurrency" in payload:
                    state.config.clova_concurrency = int(payload["clova_concurrency"])
                if payload.get("expire_tokens"):
                    state.expire_tokens()
                self._json(
                    200, {"token_ttl": state.config.token_ttl, "clova_concurrency": state.config.clova_concurrency}
                )
            elif action == "businesses" and self.command == "POST":
                record = BusinessRecord(
                    number=digits_only(str(payload["b_no"])),
                    hometax_code=str(payload.get("hometax_code", "01")),
                    representative=str(payload.get("representative", "홍길동")),
                    start_date=str(payload.get("start_date", "20140609")),
                    company_name=str(payload.get("company_name", "")),
                )
                state.register_business(record)
                self._json(201, {"b_no": record.number})
            elif action == "calls":
                with state.lock:
                    self._json(200, {"calls": list(state.calls)})
            elif (m := re.fullmatch(r"public-keys/([a-z\-]+)/rotate", action)) and self.command == "POST":
                if m.group(1) not in state.keys:
                    self._json(404, {"error": "unknown service"})
                else:
                    self._json(200, {"version": state.rotate_key(m.group(1))})
            else:
                self._json(404, {"error": "unknown control endpoint"})
        except (KeyError, TypeError, ValueError) as exc:
            self._json(400, {"error": str(exc)})


def _family(path: str) -> str:
    if path.startswith("/oauth2/"):
        return "oauth"
    if _NHN_PATH.match(path) or re.match(r"^/v[12]\.\d/", path):
        return "nhn"
    if path.startswith("/clova/"):
        return "clova"
    if path.startswith("/api/nts-businessman/"):
        return "nts"
    return ""


def _check_file_type(data: bytes, *, allow_pdf: bool) -> None:
    if data.startswith((b"\x89PNG", b"\xff\xd8")) or data.lstrip().startswith(b"{"):
        return
    if allow_pdf and data.startswith(b"%PDF"):
        return
    raise NhnError(4000003)


def parse_multipart(body: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]]:
    """``multipart/form-data`` parts by name: (filename, bytes). Raises ``NhnError(4000001)`` if unreadable."""
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith("multipart/form-data") or m is None:
        raise NhnError(4000001)
    delimiter = b"--" + m.group(1).encode("latin-1")
    parts: dict[str, tuple[str | None, bytes]] = {}
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        disposition = next(
            (
                ln
                for ln in head.decode("utf-8", "replace").split("\r\n")
                if ln.lower().startswith("content-disposition")
            ),
            "",
        )
        name = re.search(r'\bname="([^"]*)"', disposition)
        filename = re.search(r'\bfilename="([^"]*)"', disposition)
        if name:
            parts[name.group(1)] = (filename.group(1) if filename else None, data)
    return parts


def _clova_request(content_type: str, body: bytes) -> tuple[dict[str, Any], bytes]:
    """(message, image bytes) of a CLOVA request in either mode; ``ValueError`` when invalid."""
    if content_type.startswith("multipart/form-data"):
        try:
            parts = parse_multipart(body, content_type)
        except NhnError:
            raise ValueError("bad multipart") from None
        if "message" not in parts or "file" not in parts:
            raise ValueError("message and file parts are required")
        message = json.loads(parts["message"][1])
        data = parts["file"][1]
    else:
        message = json.loads(body)
        images = message.get("images") if isinstance(message, dict) else None
        if not isinstance(images, list) or len(images) != 1 or not isinstance(images[0], dict):
            raise ValueError("exactly one image is accepted")
        try:
            data = base64.b64decode(str(images[0].get("data", "")), validate=True)
        except ValueError:
            raise ValueError("image data is not Base64") from None
    if not isinstance(message, dict):
        raise ValueError("message is not an object")
    images = message.get("images")
    if not isinstance(images, list) or len(images) != 1 or not isinstance(images[0], dict) or not data:
        raise ValueError("exactly one non-empty image is accepted")
    return message, data
