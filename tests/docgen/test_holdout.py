"""The holdout generator's documents decode, carry docgen's truth keys and valid check digits (no OCR)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image
from stdnum import luhn
from stdnum.kr import brn

from tests.docgen import DOC_TYPES, generate
from tests.docgen.holdout import generate_holdout

SEEDS = (0, 1, 7)
# Keys docgen prints only on some documents (a licence condition, a passport's personal number, ...).
OPTIONAL = {"condition", "personal_number", "co_representative_name"}


def _rrn_ok(number: str) -> bool:
    digits = number.replace("-", "")
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = (11 - sum(int(c) * w for c, w in zip(digits[:12], weights, strict=True)) % 11) % 10
    return bool(re.fullmatch(r"\d{6}-\d{7}", number)) and check == int(digits[12])


def _mrz_digit(field: str) -> str:
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def _mrz_ok(line2: str) -> bool:
    fields = [(0, 9), (13, 19), (21, 27)]
    if len(line2) != 44 or any(_mrz_digit(line2[a:b]) != line2[b] for a, b in fields):
        return False
    opt_ok = line2[42] == ("<" if set(line2[28:42]) == {"<"} else _mrz_digit(line2[28:42]))
    return opt_ok and _mrz_digit(line2[0:10] + line2[13:20] + line2[21:43]) == line2[43]


def _decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(("kind", "subtype"), DOC_TYPES)
@pytest.mark.parametrize("seed", SEEDS)
def test_holdout_documents(kind: str, subtype: str | None, seed: int) -> None:
    clean = generate_holdout(kind, subtype, seed)
    degraded = generate_holdout(kind, subtype, seed, degraded=True)
    again = generate_holdout(kind, subtype, seed)  # deterministic (a PDF only differs in its creation time)
    assert again.truth == clean.truth and (again.data == clean.data or clean.filename.endswith(".pdf"))
    assert generate_holdout(kind, subtype, seed, degraded=True).data == degraded.data
    if clean.filename.endswith(".pdf"):
        assert kind == "business_registration" and clean.data.startswith(b"%PDF")
    else:
        assert min(_decode(clean.data).size) >= 600
    assert degraded.filename.endswith(".jpg") and _decode(degraded.data).format == "JPEG"
    assert degraded.data != clean.data and degraded.degradation.count("+") >= 2
    assert degraded.truth == clean.truth

    truth = clean.truth
    docgen = set(generate(kind, subtype, seed).truth)
    assert set(truth) - OPTIONAL == docgen - OPTIONAL
    assert all(isinstance(v, str) and v == " ".join(v.split()) for v in truth.values())
    for key, value in truth.items():
        if key.endswith("_date") or key.startswith("renewal_"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (key, value)
        if key in ("resident_number", "personal_number", "alien_registration_number"):
            assert _rrn_ok(value), (key, value)
    if kind == "credit_card":
        assert luhn.is_valid(truth["card_number"]) and 14 <= len(truth["card_number"]) <= 19
        assert re.fullmatch(r"(0[1-9]|1[0-2])/\d{2}", truth["valid_thru"])
    if kind == "business_registration":
        assert brn.is_valid(truth["business_number"]) and re.fullmatch(r"\d{3}-\d{2}-\d{5}", truth["business_number"])
    if subtype == "driver":
        assert re.fullmatch(r"\d{2}-\d{2}-\d{6}-\d{2}", truth["license_number"])
    if subtype == "passport":
        assert len(truth["mrz_line1"]) == 44 and _mrz_ok(truth["mrz_line2"])
        assert truth["mrz_line2"][:9].rstrip("<") == truth["passport_number"]


def test_degraded_images_differ_from_clean() -> None:
    """Same pixel grid (no photo/rotation) or not, a degraded capture never equals the clean render."""
    for kind, subtype in DOC_TYPES:
        clean = generate_holdout(kind, subtype, 3)
        if clean.filename.endswith(".pdf"):
            continue
        a = _decode(clean.data).convert("L")
        b = _decode(generate_holdout(kind, subtype, 3, degraded=True).data).convert("L")
        if a.size == b.size:
            diff = float(np.abs(np.asarray(a, np.int16) - np.asarray(b, np.int16)).mean())
            assert diff > 2, (kind, subtype, diff)
