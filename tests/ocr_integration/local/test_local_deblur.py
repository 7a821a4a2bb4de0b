"""Camera shake found in a page photo's cepstrum and undone (ocr_integration/local/deblur.py)."""

from __future__ import annotations

import io
import math

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr_integration.local import deblur
from ocr_integration.local.provider import LocalOcrProvider
from tests.docgen.holdout import render_holdout

INDIVIDUAL_KEYS = ("business_number", "company_name", "representative_name", "open_date")


def _page(seed: int, subtype: str = "individual") -> tuple[np.ndarray, dict[str, str]]:
    page, truth, _ = render_holdout("business_registration", subtype, seed)
    return cv2.cvtColor(np.asarray(page.im.convert("RGB")), cv2.COLOR_RGB2BGR), truth


def _smear(length: float, angle: float) -> np.ndarray:
    """A hand's shake as an anti-aliased segment (not the engine's own kernel)."""
    k = np.zeros((41, 41), np.float32)
    dx, dy = length / 2 * math.cos(math.radians(angle)), length / 2 * math.sin(math.radians(angle))
    ends = [(round((20 + sx * dx) * 16), round((20 + sy * dy) * 16)) for sx, sy in ((-1, -1), (1, 1))]
    cv2.line(k, ends[0], ends[1], 1.0, 1, cv2.LINE_AA, shift=4)
    return k / k.sum()


def _jpeg(bgr: np.ndarray, quality: int = 80) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def _grey(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


@pytest.mark.parametrize(
    ("length", "angle"),
    # 7 px straight across or down dips where JPEG's blocks dip (8 px): told apart by the smear.
    [(9.0, 35.0), (8.0, 160.0), (11.0, 90.0), (7.0, 0.0), (7.0, 90.0)],
)
def test_a_shake_is_found_with_its_length_and_direction(length: float, angle: float) -> None:
    sharp, _ = _page(3)
    shaken = _jpeg(cv2.filter2D(sharp, -1, _smear(length, angle)))

    shake = deblur.find_shake(_grey(shaken))

    assert shake is not None
    # The anti-aliased segment is about a pixel longer than its span.
    assert length <= shake.length <= length + 3
    # Within about a pixel at the segment's ends.
    assert abs((shake.angle - angle + 90) % 180 - 90) <= 8


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda im: im, id="sharp"),
        pytest.param(lambda im: cv2.GaussianBlur(im, (0, 0), 1.6), id="out of focus"),
        pytest.param(lambda im: _jpeg(im, 35), id="jpeg 35"),
        pytest.param(lambda im: cv2.filter2D(im, -1, _smear(4.0, 20.0)), id="a short shake"),
    ],
)
def test_a_page_without_a_shake_worth_undoing_is_left_alone(make: object) -> None:
    """A Wiener filter with a made-up smear rings across print that was readable."""
    sharp, _ = _page(4)

    assert deblur.find_shake(_grey(make(sharp))) is None  # type: ignore[operator]


@pytest.mark.parametrize(("length", "angle"), [(9.0, 35.0), (8.0, 160.0)])
def test_undoing_the_shake_brings_the_print_back(length: float, angle: float) -> None:
    """Measured as the correlation with the sharp page (the filter leaves the paper a shade
    darker, so a plain pixel difference would not say whether the print came back)."""
    sharp, _ = _page(3)
    shaken = _jpeg(cv2.filter2D(sharp, -1, _smear(length, angle)))
    shake = deblur.find_shake(_grey(shaken))
    assert shake is not None

    mended = deblur.undo_shake(shaken, shake)

    def likeness(im: np.ndarray) -> float:
        x, y = _grey(im).astype(np.float32), _grey(sharp).astype(np.float32)
        x, y = x - x.mean(), y - y.mean()
        return float((x * y).sum() / np.sqrt((x * x).sum() * (y * y).sum()))

    assert mended.shape == shaken.shape and mended.dtype == np.uint8
    assert likeness(mended) > max(0.88, likeness(shaken) + 0.05)


def test_the_kernel_is_a_segment_of_the_length_asked_whatever_its_direction() -> None:
    for angle in (0.0, 33.0, 90.0, 157.0):
        k = deblur.shake_kernel(7.5, angle)
        assert k.sum() == pytest.approx(1.0)
        ys, xs = np.nonzero(k > 1e-6)
        extent = math.hypot(xs.max() - xs.min(), ys.max() - ys.min())
        assert 6.0 <= extent <= 9.0


@pytest.fixture(scope="module")
def provider() -> LocalOcrProvider:
    return LocalOcrProvider()


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 4])
def test_a_shaken_certificate_photo_gives_its_key_fields(provider: LocalOcrProvider, seed: int) -> None:
    """Smeared over 9 pixels, the print of an individual certificate was read as noise: 0 and 1
    of the four key fields of these two pages. The page is now sharpened before it is read."""
    sharp, truth = _page(seed)
    shaken = cv2.filter2D(sharp, -1, _smear(9.0, 35.0))
    buf = io.BytesIO()
    Image.fromarray(cv2.cvtColor(shaken, cv2.COLOR_BGR2RGB)).save(buf, format="JPEG", quality=80)

    result = provider.analyze("business_registration", buf.getvalue(), filename="photo.jpg")

    got = sum(result.value(key) == truth[key] for key in INDIVIDUAL_KEYS)
    assert got >= 3


@pytest.mark.slow
def test_jpegs_blocks_are_not_taken_for_a_shake(provider: LocalOcrProvider) -> None:
    """Holdout corporate 1024, degraded without motion (a backdrop photo saved at JPEG quality
    54): its blocks dipped the cepstrum at 8.0 px straight across, 12 robust SDs out. Undone as a
    shake, the sharp page rang so that nothing was read and the page was rejected."""
    from tests.docgen.holdout import generate_holdout

    doc = generate_holdout("business_registration", "corporate", 1024, degraded=True)
    assert "motion" not in doc.degradation
    assert deblur.find_shake(_grey(cv2.imdecode(np.frombuffer(doc.data, np.uint8), cv2.IMREAD_COLOR))) is None

    result = provider.analyze("business_registration", doc.data, filename=doc.filename)

    assert result.subtype == "corporate"
    for key in ("business_number", "representative_name", "open_date", "corporate_number"):
        assert result.value(key) == doc.truth[key]
