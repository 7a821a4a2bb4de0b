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
    # Korean values read by Tesseract, in three groups whose raw scores mean different things: a
    # person's name is a few syllables, an address is long and structured, the rest is free text.
    "name_ko": ("name", "representative_name", "co_representative_name", "korean_name"),
    "address": ("address", "business_address", "head_office_address"),
    "issuer": ("issuer",),  # a closed set of offices, normalised to their printed form
}  # fmt: skip
# The families Tesseract reads; "hangul" (the default) is the free text: company names, business
# type and item.
KOREAN_FAMILIES = frozenset({"name_ko", "address", "issuer", "hangul"})
_KEY_FAMILY = {key: fam for fam, keys in _FAMILIES.items() for key in keys}

# (raw score knots, calibrated confidence at each knot) per key family. Fitted with
# bench/fit_calibration.py on the raw scores of seeds 5000-5011 and 6000-6011 (12 clean + 12
# degraded documents per type each, 2,826 fields, 2026-11-27); the reported benchmark uses seeds
# 1000-1011 and the holdout generator.
CALIBRATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "identifier": ((0.0, 0.2, 0.928, 0.97, 0.989, 1.0), (0.0, 0.25, 0.973, 0.993, 0.998, 0.998)),
    "date": ((0.0, 0.826, 0.908, 0.949, 1.0), (0.0, 0.787, 0.983, 0.998, 0.998)),
    "mrz": (
        (0.0, 0.32, 0.55, 0.686, 0.863, 0.913, 0.962, 0.989, 1.0),
        (0.0, 0.25, 0.833, 0.895, 0.917, 0.934, 0.947, 0.988, 0.988),
    ),
    "latin": ((0.0, 0.32, 0.55, 0.667, 0.889, 0.95, 1.0), (0.0, 0.25, 0.875, 0.95, 0.953, 0.992, 0.992)),
    "code": ((0.0, 0.591, 0.749, 0.864, 0.946, 1.0), (0.0, 0.677, 0.75, 0.9, 0.992, 0.992)),
    "name_ko": (
        (0.0, 0.057, 0.372, 0.548, 0.711, 0.818, 0.904, 0.933, 1.0),
        (0.0, 0.062, 0.4, 0.643, 0.75, 0.938, 0.992, 0.994, 0.994),
    ),
    "address": ((0.0, 0.143, 0.269, 0.437, 0.671, 1.0), (0.0, 0.26, 0.632, 0.89, 0.92, 0.92)),
    "issuer": (
        (0.0, 0.306, 0.448, 0.523, 0.642, 0.789, 0.9, 0.931, 1.0),
        (0.0, 0.25, 0.833, 0.875, 0.938, 0.949, 0.986, 0.993, 0.993),
    ),
    "hangul": (
        (0.0, 0.129, 0.263, 0.433, 0.565, 0.654, 0.737, 0.85, 0.898, 0.934, 1.0),
        (0.0, 0.125, 0.312, 0.735, 0.75, 0.795, 0.883, 0.93, 0.975, 0.994, 0.994),
    ),
}


def family(key: str) -> str:
    """The calibration family of a key; alien-card names are Latin but share the "name" key."""
    return _KEY_FAMILY.get(key, "hangul")


# This engine's review thresholds per key family, where they differ from the catalogue's defaults
# (0.80 for text, 0.85 for identifiers and dates). Korean text is where this engine errs (a syllable
# or a space): addresses go to review below a calibrated 0.91, other free text (company names,
# business type and item) below 0.93. Chosen on the calibration seeds, where they catch 90.7% of
# wrong fields and flag 9.3% of right ones (`bench/fit_calibration.py <dump> --thresholds`,
# docs/benchmarks.md).
REVIEW_THRESHOLDS: dict[str, float] = {"address": 0.91, "hangul": 0.93}


def family_of(subtype: str | None, key: str) -> str:
    """The family a field is calibrated in: alien-card names are Latin, other names Korean."""
    return "latin" if key == "name" and subtype == "alien" else family(key)


def review_thresholds(subtype: str | None, keys: list[str]) -> dict[str, float]:
    """The engine's own review threshold for each of ``keys`` that has one."""
    return {k: REVIEW_THRESHOLDS[f] for k in keys if (f := family_of(subtype, k)) in REVIEW_THRESHOLDS}


def calibrate(kind: str, subtype: str | None, key: str, raw: float) -> float:
    fam = family_of(subtype, key)
    curve = CALIBRATION.get(fam)
    if curve is None:
        return float(raw)
    knots, values = curve
    return float(np.interp(raw, knots, values))
