"""The one HTTP transport the provider clients share.

It is part of the provider layer (the only code besides ``providers/`` that imports ``requests``)
and decides three things in one place, as house-style.md asks:

- every call has a timeout (``OCR_TIMEOUT_SECONDS`` unless the provider says otherwise);
- a failed attempt is retried, with exponential backoff and jitter, only when the ``OcrError`` it
  raised is ``retryable`` (each provider's ``raise_for_response`` decides that from the codes
  provider-contracts.md calls retryable; timeouts and connection failures are retryable);
- at most ``max_concurrency`` calls per provider run at once in this process (CLOVA's 0025 is a
  per-domain concurrency limit, so we queue instead of tripping it).

Only the request method, host and path are logged, never bodies, headers or query strings.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from django.conf import settings

from ocr_integration.errors import OcrError, OcrUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

_SEMAPHORES: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_SEMAPHORES_LOCK = threading.Lock()


def _semaphore(provider: str, cap: int) -> threading.BoundedSemaphore:
    # Shared by every client instance of the same provider in this process, so building a second
    # client (the registry after reset_providers(), a management command) does not double the cap.
    with _SEMAPHORES_LOCK:
        sem = _SEMAPHORES.get((provider, cap))
        if sem is None:
            sem = _SEMAPHORES[(provider, cap)] = threading.BoundedSemaphore(cap)
        return sem


class ProviderSession:
    """A ``requests`` session for one provider with timeout, retry policy and concurrency cap.

    ``call(attempt)`` runs ``attempt()`` (which sends one request through ``request()`` and turns
    the answer into a value or an ``OcrError``) up to ``1 + max_retries`` times.
    """

    def __init__(
        self,
        provider: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_concurrency: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
    ) -> None:
        self.provider = provider
        self.timeout = float(timeout if timeout is not None else getattr(settings, "OCR_TIMEOUT_SECONDS", 30.0))
        self.max_retries = int(max_retries if max_retries is not None else getattr(settings, "OCR_MAX_RETRIES", 2))
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self._semaphore = _semaphore(provider, max(1, int(max_concurrency)))
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "kyc-onboarding-ocr/1"

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request with the timeout; transport failures become ``OcrUnavailable``."""
        kwargs.setdefault("timeout", self.timeout)
        target = _loggable(url)
        started = time.monotonic()
        with self._semaphore:
            try:
                response = self._session.request(method, url, **kwargs)
            except requests.Timeout as exc:
                logger.warning("%s %s %s timed out after %.1fs", self.provider, method, target, self.timeout)
                raise OcrUnavailable(f"{method} {target} timed out", provider=self.provider, code="timeout") from exc
            except requests.RequestException as exc:
                logger.warning("%s %s %s failed: %s", self.provider, method, target, type(exc).__name__)
                raise OcrUnavailable(
                    f"{method} {target} failed: {type(exc).__name__}", provider=self.provider, code="connection"
                ) from exc
        logger.info(
            "%s %s %s -> HTTP %s in %.0f ms",
            self.provider,
            method,
            target,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    def call(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` and retry it with backoff while it raises a retryable ``OcrError``."""
        tries = 0
        while True:
            try:
                return attempt()
            except OcrError as exc:
                if not exc.retryable or tries >= self.max_retries:
                    raise
                delay = self._delay(tries, exc.retry_after)
                logger.info(
                    "%s retrying after %s (code %s) in %.2fs", self.provider, type(exc).__name__, exc.code, delay
                )
                time.sleep(delay)
                tries += 1

    def _delay(self, tries: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(self.max_backoff, max(0.0, retry_after))
        base = min(self.max_backoff, self.backoff * (2**tries))
        # Full jitter keeps several workers from retrying in lock-step against the same quota.
        return base / 2 + random.uniform(0, base / 2)

    def close(self) -> None:
        self._session.close()


def _loggable(url: str) -> str:
    """Host and path only: query strings may carry keys (NTS serviceKey), paths carry the appKey."""
    parts = urlsplit(url)
    path = parts.path
    if "/appkeys/" in path:
        head, _sep, tail = path.partition("/appkeys/")
        path = head + "/appkeys/…/" + tail.partition("/")[2]
    return f"{parts.netloc}{path}"
