"""The emulator's mutable state: credentials, keys, tokens, Request-Keys, lock-outs, faults, clock.

One ``EmulatorState`` per server, shared by its handler threads under one lock. Tests reach it in
process (``EmulatorServer.state``) or over HTTP through the ``/_emulator/...`` control endpoints.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from ocr_integration.emulator.businesses import BusinessRecord, default_record
from ocr_integration.types import DocumentResult

DEFAULT_SECRET = "emulator-secret"  # noqa: S105 - the emulator's documented public default
REQUEST_KEY_SECONDS = 3600
LOCKOUT_AFTER = 5
SERVICES = ("credit-card", "id-card")


@dataclass
class EmulatorConfig:
    """Credentials the emulator accepts (any appKey is accepted).

    Defaults: secretKey and CLOVA secret ``emulator-secret``, User Access Key ``emulator-uak-id`` /
    ``emulator-uak-secret``, NTS serviceKey ``emulator-secret``. ``from_env`` reads the overrides
    ``OCR_EMULATOR_SECRET_KEY``, ``OCR_EMULATOR_UAK_ID``, ``OCR_EMULATOR_UAK_SECRET``,
    ``OCR_EMULATOR_CLOVA_SECRET``, ``OCR_EMULATOR_NTS_SERVICE_KEY``.
    """

    secret_key: str = DEFAULT_SECRET
    uak_id: str = "emulator-uak-id"
    uak_secret: str = "emulator-uak-secret"  # noqa: S105 - documented public default
    clova_secret: str = DEFAULT_SECRET
    nts_service_key: str = DEFAULT_SECRET
    token_ttl: int = 86400
    clova_concurrency: int = 0  # concurrent CLOVA requests allowed (0: unlimited), beyond: 0025

    @classmethod
    def from_env(cls) -> EmulatorConfig:
        """The ``OCR_EMULATOR`` setting (read from the environment in config/settings/env.py)."""
        from django.conf import settings

        return cls(**getattr(settings, "OCR_EMULATOR", {}))


@dataclass
class Fault:
    """One injected fault. ``target`` is nhn, oauth, clova, nts or * (all); ``path`` a substring.

    ``latency`` delays the answer (longer than the client's timeout = a timeout); ``status`` answers
    that HTTP status with an HTML gateway page; ``malformed`` answers 200 with broken JSON;
    ``rate_limit`` answers the provider's own rate-limit error; ``result_code`` answers that
    provider error code (NHN resultCode, CLOVA code, NTS status_code). ``times`` limits how many
    requests it hits (None: until cleared).
    """

    target: str = "*"
    path: str = ""
    latency: float = 0.0
    status: int | None = None
    malformed: bool = False
    rate_limit: bool = False
    result_code: str | None = None
    times: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        fault = cls(**data)
        if fault.result_code is not None:
            fault.result_code = str(fault.result_code)
        return fault

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RequestKey:
    """An issued NHN Request-Key: the document it was issued for, when, and whether it is spent."""

    subtype: str
    document: DocumentResult
    issued_at: float
    used: bool = False


@dataclass
class PublicKey:
    """One service's envelope key pair and the version clients must send in ``X-Key-Version``."""

    version: str
    private_key: RSAPrivateKey


@dataclass
class EmulatorState:
    """Everything the emulator remembers between requests; all mutation goes through ``lock``."""

    config: EmulatorConfig = field(default_factory=EmulatorConfig)
    clock_offset: float = 0.0
    keys: dict[str, PublicKey] = field(default_factory=dict)
    tokens: dict[str, float] = field(default_factory=dict)
    request_keys: dict[str, RequestKey] = field(default_factory=dict)
    wrong_issue_dates: dict[str, int] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    businesses: dict[str, BusinessRecord] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    clova_in_flight: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        for service in SERVICES:
            self.keys[service] = PublicKey("0", _new_key())

    def now(self) -> float:
        return time.time() + self.clock_offset

    def advance_clock(self, seconds: float) -> float:
        with self.lock:
            self.clock_offset += float(seconds)
            return self.now()

    def reset(self) -> None:
        """Forget tokens, Request-Keys, lock-outs, faults, registered businesses and the clock offset."""
        with self.lock:
            self.clock_offset = 0.0
            self.tokens.clear()
            self.request_keys.clear()
            self.wrong_issue_dates.clear()
            self.faults.clear()
            self.businesses.clear()
            self.calls.clear()
            self.config.token_ttl = 86400
            self.config.clova_concurrency = 0

    def rotate_key(self, service: str) -> str:
        with self.lock:
            old = self.keys[service]
            self.keys[service] = PublicKey(str(int(old.version) + 1), _new_key())
            return self.keys[service].version

    def add_fault(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def take_fault(self, target: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.target not in ("*", target) or fault.path not in path:
                    continue
                if fault.times is not None:
                    if fault.times <= 0:
                        continue
                    fault.times -= 1
                return fault
        return None

    def issue_token(self) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = self.now() + self.config.token_ttl
        return token

    def token_valid(self, token: str) -> bool:
        with self.lock:
            expires = self.tokens.get(token)
            return expires is not None and self.now() < expires

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def issue_request_key(self, subtype: str, document: DocumentResult) -> str:
        key = secrets.token_hex(16)
        with self.lock:
            self.request_keys[key] = RequestKey(subtype, document, self.now())
        return key

    def business(self, number: str) -> BusinessRecord | None:
        with self.lock:
            return self.businesses.get(number) or default_record(number)

    def register_business(self, record: BusinessRecord) -> None:
        with self.lock:
            self.businesses[record.number] = record

    def enter_clova(self) -> bool:
        with self.lock:
            limit = self.config.clova_concurrency
            if limit and self.clova_in_flight >= limit:
                return False
            self.clova_in_flight += 1
            return True

    def leave_clova(self) -> None:
        with self.lock:
            self.clova_in_flight -= 1

    def record_call(self, method: str, path: str) -> None:
        with self.lock:
            self.calls.append(f"{method} {path}")


def _new_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
