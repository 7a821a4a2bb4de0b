"""No personal data in logs: every test fails if a log record carries an RRN, a PAN or a secret.

Attached to the root logger around each test (security checklist 24). Detectors: resident /
alien registration numbers, Luhn-valid 14–19 digit card numbers, bearer tokens and envelope keys.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from ocr_integration.checksums import luhn_valid, resident_number_plausible

# Digit runs that are part of a decimal number (timings like "in 0.45318999100027213s") are not
# identifiers: no '.' or digit may touch either end.
RRN_RE = re.compile(r"(?<![\d.])(\d{6})-?([1-8]\d{6})(?![\d.]?\d)")
PAN_RE = re.compile(r"(?<![\d.])(?:\d[ -]?){13,18}\d(?!\.?\d)")
SECRET_RE = re.compile(r"(Bearer\s+[A-Za-z0-9._~+/-]{8,}|Symmetric-Key|X-OCR-SECRET:\s*\S+|secretKey=\S+)", re.I)


# Ids and digests are not personal data, but their hex can hold long digit runs: blank them first.
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
HEX_RE = re.compile(r"(?<![0-9a-z])[0-9a-f]{24,}(?![0-9a-z])", re.I)


def pii_findings(text: str) -> list[str]:
    text = HEX_RE.sub("<hex>", UUID_RE.sub("<uuid>", text))
    found = []
    for m in RRN_RE.finditer(text):
        if resident_number_plausible(m.group(1) + m.group(2)):
            found.append("resident registration number")
    for m in PAN_RE.finditer(text):
        if luhn_valid(re.sub(r"\D", "", m.group(0))):
            found.append("card number")
    found.extend("secret or token" for _ in SECRET_RE.finditer(text))
    return found


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.hits: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 — a malformed record is not what this guard is about
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += " " + str(record.exc_info[1])
        for kind in pii_findings(text):
            self.hits.append(f"{record.name}: {kind}")


@pytest.fixture(autouse=True)
def no_personal_data_in_logs() -> Iterator[None]:
    collector = _Collector()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(collector)
    root.setLevel(min(old_level, logging.INFO) if old_level else logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(collector)
        root.setLevel(old_level)
    if collector.hits:
        pytest.fail("personal data or secrets were logged: " + "; ".join(sorted(set(collector.hits))))
