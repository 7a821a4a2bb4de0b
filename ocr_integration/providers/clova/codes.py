"""CLOVA OCR error codes (provider-contracts.md §2.3) and the one mapping to ``OcrError``.

Errors come as a non-200 HTTP status with ``{"code", "message", "path", "timestamp"}``; newer
gateways render the code as HTTP status + code ("4000001"), so only the last four digits count.
A 200 answer can still fail per image: ``inferResult`` FAILURE (the image could not be read: retake)
or ERROR (the recognizer raised: try another provider, do not retry the same one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocr_integration.errors import (
    OcrConfigurationError,
    OcrError,
    OcrRateLimited,
    OcrRejectedInput,
    OcrUnavailable,
)

PROVIDER = "clova"


@dataclass(frozen=True)
class CodeInfo:
    """What one CLOVA error code means: its HTTP status, message, error class and retry policy."""

    http_status: int
    message: str
    error: type[OcrError]
    retryable: bool = False
    user_message: str | Promise | None = None


CODES: dict[str, CodeInfo] = {
    "0001": CodeInfo(400, "URL is invalid.", OcrConfigurationError),
    "0002": CodeInfo(401, "Secret key validate failed.", OcrConfigurationError),
    "0011": CodeInfo(400, "Request body invalid.", OcrConfigurationError),
    "0021": CodeInfo(400, "Protocol version not support.", OcrConfigurationError),
    "0022": CodeInfo(400, "Request domain invalid.", OcrConfigurationError),
    # A monthly/contract count: retrying only burns more of it.
    "0023": CodeInfo(400, "API request count reach the upper limit.", OcrRateLimited, retryable=False),
    # Really a per-domain concurrency limit: back off and try again.
    "0025": CodeInfo(400, "Calls to this api have exceeded the rate limit.", OcrRateLimited, retryable=True),
    "0028": CodeInfo(400, "Table detection disabled.", OcrConfigurationError),
    "0500": CodeInfo(500, "Unknown service error.", OcrUnavailable, retryable=True),
    "0501": CodeInfo(500, "OCR service error.", OcrUnavailable, retryable=True),
}
NOT_FOUND_DEPLOY_INFO = CodeInfo(500, "Not found deploy info.", OcrConfigurationError)

_RETAKE = _("The document could not be read from this picture. Please take a new, sharp photo of the whole document.")


def error_for_code(code: str, status: int = 0) -> OcrError:
    """The ``OcrError`` for a CLOVA error code (either "0025" or the "4000025" rendering)."""
    code = str(code).strip()
    short = code[-4:] if len(code) > 4 and code.isdigit() else code
    info = CODES.get(short)
    if info is None and short.isdigit() and int(short) >= 1021:
        info = NOT_FOUND_DEPLOY_INFO
    if info is None:
        if status >= 500:
            return OcrUnavailable(f"CLOVA HTTP {status} code {code}", provider=PROVIDER, code=code, retryable=True)
        return OcrConfigurationError(f"CLOVA HTTP {status} code {code}", provider=PROVIDER, code=code)
    return info.error(
        info.message,
        provider=PROVIDER,
        code=short,
        retryable=info.retryable,
        user_message=str(info.user_message) if info.user_message else None,
    )


def raise_for_response(status: int, body: bytes) -> dict[str, Any]:
    """The parsed body of a successful answer with one usable image, or the matching ``OcrError``."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if status != 200:
        if isinstance(data, dict) and data.get("code") is not None:
            raise error_for_code(str(data["code"]), status)
        if status == 429:
            raise OcrRateLimited("HTTP 429 from CLOVA", provider=PROVIDER, code="http_429")
        if status >= 500:
            raise OcrUnavailable(f"HTTP {status} from CLOVA", provider=PROVIDER, code=f"http_{status}")
        if status == 401:
            raise error_for_code("0002", status)
        raise OcrConfigurationError(f"HTTP {status} from CLOVA", provider=PROVIDER, code=f"http_{status}")
    if not isinstance(data, dict):
        raise OcrUnavailable("CLOVA answered with malformed JSON", provider=PROVIDER, code="malformed")
    images = data.get("images")
    if not isinstance(images, list) or not images or not isinstance(images[0], dict):
        raise OcrUnavailable("CLOVA answer has no image result", provider=PROVIDER, code="malformed")
    infer = str(images[0].get("inferResult", "")).upper()
    if infer == "FAILURE":
        raise OcrRejectedInput(
            f"CLOVA could not read the image: {images[0].get('message', '')}"[:200],
            provider=PROVIDER,
            code="FAILURE",
            user_message=str(_RETAKE),
        )
    if infer == "ERROR":
        raise OcrUnavailable(
            f"CLOVA recognizer error: {images[0].get('message', '')}"[:200],
            provider=PROVIDER,
            code="ERROR",
            retryable=False,
        )
    if infer != "SUCCESS":
        raise OcrUnavailable(f"unknown inferResult {infer!r}", provider=PROVIDER, code="malformed")
    return data
