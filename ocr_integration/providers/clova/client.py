"""NAVER CLOVA OCR Document API client (provider-contracts.md §2).

``invoke_url`` is the API Gateway Invoke URL of the domain; the document path is appended
(``/document/id-card`` ...). Requests are multipart (``message`` + ``file``) by default, which
avoids the Base64 inflation; ``mode="json"`` sends ``images[].data`` instead.
"""

from __future__ import annotations

import base64
import io
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from ocr_integration.errors import OcrConfigurationError, OcrRejectedInput
from ocr_integration.http import ProviderSession
from ocr_integration.providers.clova import codes, normalise
from ocr_integration.types import DocumentResult, ImageInfo, TextRun

PATHS = {
    "id_card": "document/id-card",
    "credit_card": "document/credit-card",
    "business_registration": "document/biz-license",
    "passport": "document/passport",
}

_NOT_FOUND_MESSAGES = {
    "id_card": "No identity card was found in this picture. Please photograph the whole card again.",
    "credit_card": "No card number was found. Please photograph the front of the card again.",
    "business_registration": "This does not look like a business registration certificate. Please upload it again.",
    "passport": "No passport data page was found. Please photograph the page with your photo again.",
}


class ClovaOcrProvider:
    """NAVER CLOVA OCR: ID cards (resident, driver, passport, alien), credit cards, business licences.

    ``analyze_passport`` reads the MRZ of any country's passport via ``/document/passport``. Every
    failure is an ``OcrError`` from ``codes.raise_for_response``; a concurrency cap (default 2)
    keeps us below CLOVA's per-domain concurrent-request limit (code 0025).
    """

    name = "clova"

    def __init__(
        self,
        invoke_url: str = "",
        secret: str = "",
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_concurrency: int = 2,
        backoff: float = 0.5,
        mode: str = "multipart",
    ) -> None:
        self.invoke_url = (invoke_url or "").rstrip("/")
        self._secret = secret
        if mode not in ("multipart", "json"):
            raise OcrConfigurationError("mode must be multipart or json", provider=self.name, code="config")
        self.mode = mode
        self._http = ProviderSession(
            self.name, timeout=timeout, max_retries=max_retries, max_concurrency=max_concurrency, backoff=backoff
        )

    def __repr__(self) -> str:
        return f"<ClovaOcrProvider {self.invoke_url} {self.mode}>"

    def check_ready(self) -> None:
        if not self.invoke_url:
            raise OcrConfigurationError("CLOVA_INVOKE_URL is not set", provider=self.name, code="config")
        if not self._secret:
            raise OcrConfigurationError("CLOVA_SECRET is not set", provider=self.name, code="config")

    def analyze(
        self,
        kind: str,
        data: bytes,
        *,
        filename: str = "",
        subtype: str | None = None,
        text_layer: tuple[TextRun, ...] = (),
    ) -> DocumentResult:
        builders: dict[str, Callable[..., DocumentResult | None]] = {
            "id_card": normalise.id_card_result,
            "credit_card": normalise.credit_card_result,
            "business_registration": normalise.biz_license_result,
        }
        if kind not in builders:
            raise OcrConfigurationError(f"CLOVA does not read {kind!r}", provider=self.name, code="unsupported")
        return self._analyze(kind, PATHS[kind], builders[kind], data, filename)

    def analyze_passport(self, data: bytes, *, filename: str = "") -> DocumentResult:
        """Any country's passport through the MRZ (``/document/passport``)."""
        return self._analyze("passport", PATHS["passport"], normalise.passport_result, data, filename)

    def _analyze(
        self,
        kind: str,
        path: str,
        build: Callable[..., DocumentResult | None],
        data: bytes,
        filename: str,
    ) -> DocumentResult:
        self.check_ready()
        url = f"{self.invoke_url}/{path}"
        fmt = _image_format(data, filename)
        image = _image_info(data)

        def attempt() -> DocumentResult:
            message: dict[str, Any] = {
                "version": "V2",
                "requestId": str(uuid.uuid4()),
                "timestamp": int(time.time() * 1000),
                "images": [{"format": fmt, "name": "document"}],
            }
            headers = {"X-OCR-SECRET": self._secret}
            if self.mode == "json":
                message["images"][0]["data"] = _b64(data)
                response = self._http.request("POST", url, headers=headers, json=message)
            else:
                response = self._http.request(
                    "POST",
                    url,
                    headers=headers,
                    data={"message": json.dumps(message)},
                    files={"file": (f"document.{fmt}", data, "application/octet-stream")},
                )
            body = codes.raise_for_response(response.status_code, response.content)
            doc = build(body["images"][0], image=image, thresholds=_thresholds(), raw=_redact(kind, body))
            if doc is None:
                raise OcrRejectedInput(
                    "CLOVA found no document of this kind",
                    provider=self.name,
                    code="not_found",
                    user_message=_NOT_FOUND_MESSAGES[kind],
                )
            return doc

        return self._http.call(attempt)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _thresholds() -> dict[str, float]:
    return dict(getattr(settings, "OCR_REVIEW_THRESHOLDS", {}) or {})


def _redact(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """CLOVA returns the full PAN in clear; the kept raw payload must not hold it (PCI DSS 3.5.1)."""
    if kind != "credit_card":
        return body
    images = []
    for img in body.get("images") or []:
        card = ((img or {}).get("creditCard") or {}).get("result") or {}
        number = card.get("number")
        if isinstance(number, dict):
            card = {**card, "number": {**number, "text": "<redacted>"}}
            img = {**img, "creditCard": {**img["creditCard"], "result": card}}
        images.append(img)
    return {**body, "images": images}


def _image_format(data: bytes, filename: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(b"\xff\xd8"):
        return "jpg"
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ext if ext in {"jpg", "jpeg", "png", "pdf", "tiff"} else "jpg"


def _image_info(data: bytes) -> ImageInfo:
    if data.startswith(b"%PDF"):
        return ImageInfo(0, 0)
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
    except (UnidentifiedImageError, OSError, ValueError):
        return ImageInfo(0, 0)
    return ImageInfo(width, height)
