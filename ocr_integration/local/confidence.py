"""Calibration of raw extractor scores into confidences that predict correctness.

Raw scores combine recogniser confidence with validation (check digits, date plausibility,
Tesseract word confidences). ``CALIBRATION`` maps them per key family with a monotone
piecewise-linear curve fitted by bench/fit_calibration.py on a benchmark run whose seeds the
reported benchmark does not use (docs/benchmarks.md): the share of right fields at each raw score.
"""

from __future__ import annotations

import numpy as np

from ocr_integration.local.korean import settled_address

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
# bench/fit_calibration.py on the raw scores of docgen seeds 5000-5023 and 6000-6023 (24 clean +
# 24 degraded documents per type each, 5,767 fields, third round of 2026-11-28, commit 3212f04);
# the reported benchmark uses seeds 1000-1011 and the holdout generator, which is never fitted on.
CALIBRATION: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "identifier": (
        (0.0, 0.2, 0.877, 0.909, 0.939, 0.971, 0.989, 1.0),
        (0.0, 0.25, 0.75, 0.985, 0.986, 0.997, 0.999, 0.999),
    ),
    "date": ((0.0, 0.767, 0.833, 0.908, 0.949, 1.0), (0.0, 0.833, 0.941, 0.991, 0.999, 0.999)),
    "mrz": (
        (0.0, 0.328, 0.55, 0.691, 0.881, 0.94, 0.963, 0.989, 1.0),
        (0.0, 0.156, 0.5, 0.933, 0.96, 0.971, 0.972, 0.995, 0.995),
    ),
    "latin": ((0.0, 0.16, 0.45, 0.55, 0.685, 0.889, 0.953, 1.0), (0.0, 0.25, 0.25, 0.833, 0.959, 0.976, 0.996, 0.996)),
    "code": ((0.0, 0.28, 0.431, 0.63, 0.749, 0.899, 0.947, 1.0), (0.0, 0.167, 0.5, 0.685, 0.75, 0.914, 0.996, 0.996)),
    "name_ko": (
        (0.0, 0.145, 0.273, 0.43, 0.584, 0.743, 0.818, 0.865, 0.924, 1.0),
        (0.0, 0.3, 0.3, 0.438, 0.793, 0.929, 0.972, 0.974, 0.995, 0.995),
    ),
    # Both address curves refitted in the twenty-second round on the same seeds read at c896b09
    # (266 settled addresses, 208 others): see ``curve_of``.
    "address": ((0.0, 0.152, 0.281, 0.44, 1.0), (0.0, 0.625, 0.882, 0.953, 0.953)),
    "address_settled": ((0.0, 0.5, 0.685, 1.0), (0.0, 0.984, 0.984, 0.984)),
    "issuer": (
        (0.0, 0.226, 0.489, 0.651, 0.764, 0.861, 0.903, 0.932, 1.0),
        (0.0, 0.25, 0.941, 0.971, 0.972, 0.978, 0.989, 0.997, 0.997),
    ),
    "hangul": (
        (0.0, 0.153, 0.278, 0.433, 0.556, 0.656, 0.753, 0.863, 0.903, 0.934, 0.952, 1.0),
        (0.0, 0.281, 0.5, 0.588, 0.84, 0.893, 0.965, 0.986, 0.996, 0.997, 0.997, 0.997),
    ),
}


def family(key: str) -> str:
    """The calibration family of a key; alien-card names are Latin but share the "name" key."""
    return _KEY_FAMILY.get(key, "hangul")


# This engine's review thresholds per key family, where they differ from the catalogue's defaults
# (0.80 for text, 0.85 for identifiers and dates). Korean text is where this engine errs (a syllable
# or a space): addresses go to review below a calibrated 0.96, other free text (company names,
# business type and item) below 0.95. Chosen on the calibration seeds, where they catch 91.4% of
# wrong fields and flag 8.6% of right ones, the setting with the widest margin to both targets
# (`bench/fit_calibration.py <dump> --thresholds`, docs/benchmarks.md).
REVIEW_THRESHOLDS: dict[str, float] = {"address": 0.96, "hangul": 0.95}


def family_of(subtype: str | None, key: str) -> str:
    """The family a field is calibrated in: alien-card names are Latin, other names Korean."""
    return "latin" if key == "name" and subtype == "alien" else family(key)


def review_thresholds(subtype: str | None, keys: list[str]) -> dict[str, float]:
    """The engine's own review threshold for each of ``keys`` that has one."""
    return {k: REVIEW_THRESHOLDS[f] for k in keys if (f := family_of(subtype, k)) in REVIEW_THRESHOLDS}


# The raw score from which a settled address has a curve of its own (``curve_of``).
SETTLED_ADDRESS_FROM = 0.5


def curve_of(subtype: str | None, key: str, value: str = "", disagreement: int | None = None, raw: float = 0.0) -> str:
    """The calibration curve of a field: its family's, except for an address that both Tesseract
    models read alike in every syllable and digit (``disagreement`` 0), that is a road-name address
    in standard form (korean.settled_address), and whose raw score is 0.5 at least. Such an address
    is right far more often than others at the same raw score, which Tesseract's low word
    confidences on long lines keep low, and has a curve of its own (twenty-second round,
    docs/benchmarks.md). Below 0.5 a line of it was read with little confidence, and there the
    docgen-fitted curve did not hold on the holdout generator's photos: 4 of 46 such addresses
    had a road name misread by a letter that both models read alike (동백태로, 새마올대로)."""
    fam = family_of(subtype, key)
    if fam == "address" and disagreement == 0 and raw >= SETTLED_ADDRESS_FROM and settled_address(value):
        return "address_settled"
    return fam


def calibrate(kind: str, subtype: str | None, key: str, raw: float, *, curve: str | None = None) -> float:
    """``raw`` mapped onto ``curve`` (``curve_of``; the key's family when not given)."""
    fitted = CALIBRATION.get(curve or family_of(subtype, key))
    if fitted is None:
        return float(raw)
    knots, values = fitted
    return float(np.interp(raw, knots, values))
