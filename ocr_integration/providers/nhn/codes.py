"""NHN Cloud Document OCR result codes (provider-contracts.md §1.8) and the one mapping to ``OcrError``.

Every API answers HTTP 200 with ``header.isSuccessful``/``resultCode``; a gateway may still answer
non-200 for transport failures, so both are handled here. Retryable codes are exactly the ones
§8.3 lists: -1, 5000001–5000005, 5000503 and 5003xx1/5003xx2. 4000301 (key version) and 4010006
(token) are retried once by the client after refreshing the key or token, not here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocr_integration.errors import (
    OcrConfigurationError,
    OcrEnvelopeError,
    OcrError,
    OcrRateLimited,
    OcrRejectedInput,
    OcrUnavailable,
)

PROVIDER = "nhn"

SUCCESS = 0
INVALID_KEY_VERSION = 4000301
INVALID_TOKEN = 4010006
NOT_EXIST_BUSINESS_NUMBER = 4000102
AUTHENTICITY_REQUEST_KEY_INVALID = 4000122
REGISTRATION_CARD_AUTHENTICATION_LOCKED = 4000123


@dataclass(frozen=True)
class CodeInfo:
    """What one NHN result code means: its key, message, error class, retry policy, user message."""

    key: str
    message: str
    error: type[OcrError]
    retryable: bool = False
    user_message: str | Promise | None = None


_RETAKE = _("The document could not be read from this picture. Please take a new, sharp photo of the whole document.")
_BAD_FILE = _("This file cannot be read. Please upload a JPEG or PNG photo (or a PDF for a business registration).")

CODES: dict[int, CodeInfo] = {
    -1: CodeInfo("FAIL", "Unknown error.", OcrUnavailable, retryable=True),
    400: CodeInfo("BAD_REQUEST", "Bad request.", OcrConfigurationError),
    401: CodeInfo("UNAUTHORIZED", "Unauthorized.", OcrConfigurationError),
    403: CodeInfo("FORBIDDEN", "Forbidden.", OcrConfigurationError),
    404: CodeInfo("NOT_FOUND", "Not found.", OcrConfigurationError),
    405: CodeInfo("METHOD_NOT_ALLOWED", "Method not allowed.", OcrConfigurationError),
    415: CodeInfo("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type.", OcrConfigurationError),
    4000001: CodeInfo(
        "INVALID_PARAMETER",
        "Invalid parameter.",
        OcrRejectedInput,
        user_message=_("Some of the details sent for checking are not in the expected format. Please check them."),
    ),
    4000002: CodeInfo("INVALID_FILE", "Invalid file.", OcrRejectedInput, user_message=_BAD_FILE),
    4000003: CodeInfo("INVALID_FILE_TYPE", "Invalid file type.", OcrRejectedInput, user_message=_BAD_FILE),
    4000004: CodeInfo(
        "UPLOADED_FILE_IS_EMPTY",
        "Uploaded file is empty.",
        OcrRejectedInput,
        user_message=_("The uploaded file is empty. Please choose the picture again."),
    ),
    4000005: CodeInfo("MISSING_REQUIRED_HEADER", "Required headers is missing.", OcrConfigurationError),
    4000006: CodeInfo(
        "API_CALL_LIMIT_EXCEEDED",
        "Api call limit exceeded, If you need to adjust the limit, please contact customer service.",
        OcrRateLimited,
        retryable=False,  # a contract quota: retrying only burns more of it
    ),
    4000101: CodeInfo(
        "INVALID_BUSINESS_REGISTRATION_FORMAT",
        "Invalid business registration format.",
        OcrRejectedInput,
        user_message=_("This does not look like a business registration certificate. Please upload the certificate."),
    ),
    NOT_EXIST_BUSINESS_NUMBER: CodeInfo(
        "NOT_EXIST_BUSINESS_NUMBER",
        "Business number that does not exist.",
        OcrRejectedInput,
        user_message=_("This business registration number does not exist. Please check the number."),
    ),
    4000103: CodeInfo(
        "PDF_PASSWORD_PROTECTED",
        "PDF file is password protected.",
        OcrRejectedInput,
        user_message=_("The PDF is password protected. Please upload it without a password."),
    ),
    4000111: CodeInfo(
        "CREDIT_CARD_INFO_NOT_FOUND",
        "Credit card info not found.",
        OcrRejectedInput,
        user_message=_("No card number was found. Please photograph the front of the card again."),
    ),
    4000121: CodeInfo(
        "ID_CARD_INFO_NOT_FOUND",
        "Id card info not found.",
        OcrRejectedInput,
        user_message=_("No identity card was found in this picture. Please photograph the whole card again."),
    ),
    AUTHENTICITY_REQUEST_KEY_INVALID: CodeInfo(
        "AUTHENTICITY_REQUEST_KEY_INVALID",
        "Request Key is invalid or expired.",
        OcrRejectedInput,
        user_message=_("The identity check has expired. Please photograph your identity card again."),
    ),
    REGISTRATION_CARD_AUTHENTICATION_LOCKED: CodeInfo(
        "REGISTRATION_CARD_AUTHENTICATION_LOCKED",
        "Registration card authentication is locked.",
        OcrRejectedInput,
        user_message=_(
            "Online checking of this identity card is locked after too many wrong issue dates. "
            "Our staff will check your application instead."
        ),
    ),
    INVALID_KEY_VERSION: CodeInfo("INVALID_KEY_VERSION", "Invalid key version.", OcrEnvelopeError),
    4000302: CodeInfo("INVALID_SYMMETRIC_KEY", "Invalid symmetric key.", OcrEnvelopeError),
    4000303: CodeInfo("INVALID_ENCRYPTED_DATA", "Invalid encrypted data.", OcrEnvelopeError),
    4000401: CodeInfo(
        "SERVICE_NOT_ENABLED", "Service not enabled. Please submit service use request.", OcrConfigurationError
    ),
    4000402: CodeInfo(
        "SERVICE_USE_REQUEST_ALREADY_IN_PROGRESS", "Service use request already in progress.", OcrConfigurationError
    ),
    4000403: CodeInfo(
        "SERVICE_USE_REQUEST_NOT_IN_PROGRESS", "Service use request not in progress.", OcrConfigurationError
    ),
    4000404: CodeInfo("SERVICE_ALREADY_ENABLED", "Service already enabled.", OcrConfigurationError),
    4010001: CodeInfo("INVALID_APPKEY_SECRETKEY", "Invalid appKey or secretKey.", OcrConfigurationError),
    4010002: CodeInfo("INVALID_UUID", "Invalid uuid.", OcrConfigurationError),
    4010003: CodeInfo("NOT_ALLOWED_USER", "Not allowed user.", OcrConfigurationError),
    4010004: CodeInfo("INVALID_PROJECT", "Invalid project.", OcrConfigurationError),
    4010005: CodeInfo("UNAUTHORIZED_ROLE", "Unauthorized role.", OcrConfigurationError),
    INVALID_TOKEN: CodeInfo("INVALID_TOKEN", "Invalid token.", OcrConfigurationError),
    4010007: CodeInfo("PERMISSION_DENIED", "Permission denied.", OcrConfigurationError),
    4041007: CodeInfo("URL_NOT_FOUND", "URL Not Found", OcrConfigurationError),
    4131000: CodeInfo(
        "MAX_UPLOAD_SIZE_EXCEEDED",
        "Request size is larger than permissible limit.",
        OcrRejectedInput,
        user_message=_("The file is too large. Please upload a smaller picture (at most 20 MB)."),
    ),
    5000001: CodeInfo("INTERNAL_API_FAIL", "Internal api fail.", OcrUnavailable, retryable=True),
    5000002: CodeInfo("ERROR_PARSING_FAIL", "Error parsing fail.", OcrUnavailable, retryable=True),
    5000003: CodeInfo("DATABASE_FAIL", "Database fail.", OcrUnavailable, retryable=True),
    5000004: CodeInfo("RESOURCE_DELETE_FAIL", "Resource delete fail.", OcrUnavailable, retryable=True),
    5000005: CodeInfo("FILE_READ_FAIL", "File read fail.", OcrUnavailable, retryable=True),
    5000006: CodeInfo("DECRYPT_FAIL", "Decrypt fail.", OcrEnvelopeError),
    5000007: CodeInfo("ENCRYPT_FAIL", "Encrypt fail.", OcrEnvelopeError),
    5000503: CodeInfo(
        "API_TEMPORARILY_UNAVAILABLE",
        "The API you requested is temporarily unavailable. Please try again later.",
        OcrRateLimited,  # NHN sends it when its upstream answered 429
        retryable=True,
    ),
    5003001: CodeInfo("OCR_DOCUMENT_BUSINESS_API_FAIL", "Business API fail.", OcrUnavailable, retryable=True),
    5003002: CodeInfo("OCR_DOCUMENT_BUSINESS_API_RETURN_EMPTY", "Business API return empty.", OcrUnavailable, True),
    5003003: CodeInfo(
        "OCR_DOCUMENT_BUSINESS_RECOGNITION_FAIL", "Business recognition fail.", OcrRejectedInput, user_message=_RETAKE
    ),
    5003004: CodeInfo("OCR_DOCUMENT_BUSINESS_STATUS_CHECK_FAIL", "Business status check fail.", OcrUnavailable),
    5003011: CodeInfo("OCR_DOCUMENT_CREDIT_CARD_API_FAIL", "Credit card API fail.", OcrUnavailable, retryable=True),
    5003012: CodeInfo(
        "OCR_DOCUMENT_CREDIT_CARD_API_RETURN_EMPTY", "Credit card API return empty.", OcrUnavailable, True
    ),
    5003013: CodeInfo(
        "OCR_DOCUMENT_CREDIT_CARD_RECOGNITION_FAIL",
        "Credit card recognition fail.",
        OcrRejectedInput,
        user_message=_RETAKE,
    ),
    5003021: CodeInfo("OCR_DOCUMENT_ID_CARD_API_FAIL", "Id card API fail.", OcrUnavailable, retryable=True),
    5003022: CodeInfo("OCR_DOCUMENT_ID_CARD_API_RETURN_EMPTY", "Id card API return empty.", OcrUnavailable, True),
    5003023: CodeInfo(
        "OCR_DOCUMENT_ID_CARD_RECOGNITION_FAIL", "Id card recognition fail.", OcrRejectedInput, user_message=_RETAKE
    ),
}


def error_for_code(code: int, message: str = "") -> OcrError:
    """The ``OcrError`` for an NHN ``resultCode`` (an unknown code fails closed, not retryable)."""
    info = CODES.get(code)
    if info is None:
        return OcrUnavailable(
            f"unknown NHN result code: {message}"[:200], provider=PROVIDER, code=str(code), retryable=False
        )
    return info.error(
        f"{info.key}: {info.message}",
        provider=PROVIDER,
        code=str(code),
        retryable=info.retryable,
        user_message=str(info.user_message) if info.user_message else None,
    )


def raise_for_response(status: int, body: bytes) -> dict[str, Any]:
    """Return the parsed body of a successful NHN answer, or raise the matching ``OcrError``."""
    if status == 429:
        raise OcrRateLimited("HTTP 429 from the NHN gateway", provider=PROVIDER, code="http_429")
    if status >= 500:
        raise OcrUnavailable(f"HTTP {status} from NHN", provider=PROVIDER, code=f"http_{status}")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        data = None
    header = data.get("header") if isinstance(data, dict) else None
    if not isinstance(header, dict):
        if status == 413:
            raise error_for_code(4131000)
        if status in (401, 403):
            raise OcrConfigurationError(f"HTTP {status} from NHN", provider=PROVIDER, code=f"http_{status}")
        if status != 200:
            raise OcrConfigurationError(f"HTTP {status} from NHN", provider=PROVIDER, code=f"http_{status}")
        raise OcrUnavailable("NHN answered with malformed JSON", provider=PROVIDER, code="malformed")
    try:
        code = int(header.get("resultCode", -1))
    except (TypeError, ValueError):
        code = -1
    if header.get("isSuccessful") is True and code == SUCCESS:
        return data  # type: ignore[return-value]
    if code == SUCCESS:
        # isSuccessful false (or missing) with code 0 contradicts itself: fail closed.
        raise OcrUnavailable("NHN answered isSuccessful=false with resultCode 0", provider=PROVIDER, code="malformed")
    raise error_for_code(code, str(header.get("resultMessage", "")))
