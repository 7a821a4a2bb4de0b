"""The provider error tree. Every provider failure is one of these; nothing returns ``None``.

Each error carries the provider name, the provider's own code (string), whether a retry may help,
and a user-facing message (translatable, free of personal data) that tells the person what to do.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class OcrError(Exception):
    """Root of all OCR provider errors."""

    retryable = False
    default_user_message = _("The document could not be read right now. Please try again later.")

    def __init__(
        self,
        message: str = "",
        *,
        provider: str = "",
        code: str = "",
        user_message: str | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message or self.__class__.__name__)
        self.provider = provider
        self.code = str(code)
        self.user_message = user_message or str(self.default_user_message)
        if retryable is not None:
            self.retryable = retryable
        self.retry_after = retry_after

    def __str__(self) -> str:
        base = super().__str__()
        return f"[{self.provider}:{self.code}] {base}" if self.provider or self.code else base


class OcrConfigurationError(OcrError):
    """Wrong or missing credentials, service not enabled, engine not installed. Not retryable."""

    default_user_message = _("Document reading is not available at the moment. Please contact support.")


class OcrRejectedInput(OcrError):
    """The provider refused this image (format, size, unreadable, not a document). Retake it."""

    default_user_message = _("The document could not be read from this picture. Please take a new photo.")


class OcrRateLimited(OcrError):
    """Too many requests or too many concurrent requests. Retry with backoff."""

    retryable = True
    default_user_message = _("The reading service is busy. Please try again in a minute.")


class OcrUnavailable(OcrError):
    """Timeout, connection failure, 5xx, malformed answer. Retry with backoff."""

    retryable = True
    default_user_message = _("The reading service is temporarily unavailable. Please try again shortly.")


class OcrEnvelopeError(OcrError):
    """Envelope (RSA/AES) encryption or decryption failed."""

    default_user_message = _("A secure connection to the reading service failed. Please try again.")
