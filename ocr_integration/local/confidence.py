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
# addresses, issuers and business text read by Tesseract. Identity until fitted.
CALIBRATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {}


def family(key: str) -> str:
    """The calibration family of a key; alien-card names are Latin but share the "name" key."""
    return _KEY_FAMILY.get(key, "hangul")


def calibrate(kind: str, subtype: str | None, key: str, raw: float) -> float:
    fam = family(key)
    if key == "name" and subtype == "alien":
        fam = "latin"
    curve = CALIBRATION.get(fam)
    if curve is None:
        return float(raw)
    knots, values = curve
    return float(np.interp(raw, knots, values))
