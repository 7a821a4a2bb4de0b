"""Calibration of raw extractor scores into confidences that predict correctness.

Raw scores combine recogniser confidence with validation (check digits, date plausibility,
Tesseract word confidences). ``CALIBRATION`` maps them per key family with a monotone
piecewise-linear curve fitted by bench/fit_calibration.py on a benchmark run whose seeds the
reported benchmark does not use (docs/benchmarks.md): the share of right fields at each raw score.
"""

from __future__ import annotations

import numpy as np

_FAMILIES = {
    "identifier": (
        "resident_number", "license_number", "alien_registration_number", "passport_number", "personal_number",
        "card_number", "business_number", "corporate_number", "representative_resident_number",
    ),
    "date": (
        "issue_date", "birth_date", "expiry_date", "renewal_start", "renewal_end", "open_date",
        "representative_birth_date", "valid_thru",
    ),
    "mrz": ("mrz_line1", "mrz_line2"),
    "latin": ("surname", "given_names", "cardholder_name", "nationality", "authority"),
    "code": ("sex", "visa_type", "passport_type", "country_code", "serial_number", "condition", "license_type"),
}  # fmt: skip
_KEY_FAMILY = {key: fam for fam, keys in _FAMILIES.items() for key in keys}

# (raw score knots, calibrated confidence at each knot) per key family; "hangul" covers names,
# addresses, issuers and business text read by Tesseract. Fitted with bench/fit_calibration.py on
# the raw scores of seeds 5000-5011 (12 clean + 12 degraded documents per type, 1,434 fields,
# 2026-11-27); the reported benchmark uses seeds 1000 and up.
CALIBRATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "identifier": ((0.0, 0.2, 0.925, 0.971, 0.989, 1.0), (0.0, 0.25, 0.951, 0.988, 0.997, 0.997)),
    "date": ((0.0, 0.831, 0.908, 0.95, 1.0), (0.0, 0.675, 0.964, 0.997, 0.997)),
    "mrz": ((0.0, 0.55, 0.755, 0.923, 0.962, 0.989, 1.0), (0.0, 0.833, 0.854, 0.875, 0.922, 0.979, 0.979)),
    "latin": ((0.0, 0.55, 0.726, 0.895, 0.951, 1.0), (0.0, 0.875, 0.938, 0.978, 0.986, 0.986)),
    "code": ((0.0, 0.451, 0.622, 0.872, 0.95, 1.0), (0.0, 0.5, 0.778, 0.911, 0.989, 0.989)),
    "hangul": (
        (0.0, 0.131, 0.259, 0.51, 0.655, 0.8, 0.901, 0.937, 1.0),
        (0.0, 0.188, 0.534, 0.833, 0.914, 0.945, 0.971, 0.99, 0.99),
    ),
}


def family(key: str) -> str:
    """The calibration family of a key; alien-card names are Latin but share the "name" key."""
    return _KEY_FAMILY.get(key, "hangul")


# This engine's review thresholds per key family, where they differ from the catalogue's defaults
# (0.80 for text, 0.85 for identifiers and dates). Korean free text is where this engine errs (a
# syllable or a space), so it goes to review below a calibrated 0.90: on the calibration seeds
# that catches 92.5% of wrong fields and flags 8.3% of right ones
# (`bench/fit_calibration.py <dump> --thresholds`, docs/benchmarks.md).
REVIEW_THRESHOLDS: dict[str, float] = {"hangul": 0.90}


def _family_of(subtype: str | None, key: str) -> str:
    return "latin" if key == "name" and subtype == "alien" else family(key)


def review_thresholds(subtype: str | None, keys: list[str]) -> dict[str, float]:
    """The engine's own review threshold for each of ``keys`` that has one."""
    return {k: REVIEW_THRESHOLDS[f] for k in keys if (f := _family_of(subtype, k)) in REVIEW_THRESHOLDS}


def calibrate(kind: str, subtype: str | None, key: str, raw: float) -> float:
    fam = _family_of(subtype, key)
    curve = CALIBRATION.get(fam)
    if curve is None:
        return float(raw)
    knots, values = curve
    return float(np.interp(raw, knots, values))
