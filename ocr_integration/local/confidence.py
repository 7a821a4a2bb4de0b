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
# seeds 5000-5009 (10 clean + 10 degraded documents per type, 1,189 fields); the reported
# benchmark uses seeds 1000 and up.
# "hangul" was refitted after spacing doubts lowered the raw scores of free text: the curve fitted on
# seeds 5000-5009 (10 + 10 documents per type, 412 Hangul fields) composed with the previous one.
_HANGUL_KNOTS = (
    0.0, 0.12, 0.169, 0.35, 0.387, 0.562, 0.566, 0.657, 0.686, 0.737, 0.739, 0.843, 0.859, 0.9, 0.913, 0.923,
    0.931, 0.934, 1.0,
)  # fmt: skip
_HANGUL_VALUES = (
    0.0, 0.147, 0.227, 0.408, 0.494, 0.715, 0.716, 0.792, 0.845, 0.918, 0.918, 0.919, 0.919, 0.922, 0.933,
    0.979, 0.99, 0.992, 0.992,
)  # fmt: skip
CALIBRATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "identifier": ((0.0, 0.925, 0.971, 0.989, 1.0), (0.0, 0.945, 0.985, 0.996, 0.996)),
    "date": ((0.0, 0.854, 0.908, 0.949, 1.0), (0.0, 0.625, 0.955, 0.996, 0.996)),
    "mrz": ((0.0, 0.683, 0.924, 0.962, 0.989, 1.0), (0.0, 0.76, 0.833, 0.905, 0.975, 0.975)),
    "latin": ((0.0, 0.642, 0.891, 0.953, 1.0), (0.0, 0.849, 0.879, 0.982, 0.982)),
    "code": (
        (0.0, 0.551, 0.616, 0.749, 0.87, 0.944, 0.97, 1.0),
        (0.0, 0.167, 0.643, 0.75, 0.905, 0.943, 0.979, 0.979),
    ),
    "hangul": (_HANGUL_KNOTS, _HANGUL_VALUES),
}


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
