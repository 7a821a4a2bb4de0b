"""Photo-like degradations: a card photographed on a table, tilted, blurred, compressed, glared.

Each degradation is applied with its own probability so a degraded set mixes several at once, the
way phone captures do.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image


def _table_background(rng: random.Random, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base = np.array(
        rng.choice([(120, 90, 60), (70, 70, 75), (160, 150, 140), (40, 45, 50), (190, 180, 165)]), np.float32
    )
    noise = cv2.GaussianBlur(
        np.random.default_rng(rng.randint(0, 2**31)).normal(0, 18, (h, w)).astype(np.float32), (0, 0), 6
    )
    grain = np.linspace(0, rng.uniform(-25, 25), w, dtype=np.float32)[None, :]
    bg = base[None, None, :] + (noise + grain)[:, :, None]
    return np.clip(bg, 0, 255).astype(np.uint8)


def place_on_table(img: np.ndarray, rng: random.Random, *, angle: float, perspective: float) -> np.ndarray:
    """Warp the document into a larger photo with a random tilt and keystone distortion."""
    h, w = img.shape[:2]
    out_w, out_h = int(w * rng.uniform(1.25, 1.5)), int(h * rng.uniform(1.3, 1.6))
    cx, cy = out_w / 2 + rng.uniform(-0.05, 0.05) * out_w, out_h / 2 + rng.uniform(-0.05, 0.05) * out_h
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    corners = np.float32([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    corners += np.float32([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)]) * perspective * min(w, h)
    a = np.deg2rad(angle)
    rot = np.float32([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    dst = (corners @ rot.T) + np.float32([cx, cy])
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    bg = _table_background(rng, (out_w, out_h))[:, :, ::-1]
    warped = cv2.warpPerspective(img, m, (out_w, out_h), borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (out_w, out_h))
    out = bg.copy()
    out[mask > 0] = warped[mask > 0]
    return out


def bend(img: np.ndarray, depth: float) -> np.ndarray:
    """``img`` bent like a book's page: each column shifted down by a smooth bow, ``depth`` times
    the height at the middle (negative: up), nothing at the edges."""
    h, w = img.shape[:2]
    xx = np.arange(w, dtype=np.float32)
    bow = depth * h * np.sin(np.pi * xx / w) ** 2
    map_y = np.arange(h, dtype=np.float32)[:, None] - bow[None, :]
    return cv2.remap(img, np.tile(xx, (h, 1)), map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def glare(img: np.ndarray, rng: random.Random) -> np.ndarray:
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    rx, ry = rng.uniform(0.08, 0.2) * w, rng.uniform(0.08, 0.2) * h
    spot = np.exp(-(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2)) * rng.uniform(90, 150)
    return np.clip(img.astype(np.float32) + spot[:, :, None], 0, 255).astype(np.uint8)


def degrade(image: Image.Image, rng: random.Random, *, card: bool = True) -> tuple[bytes, str]:
    """Return JPEG bytes of a degraded capture and a short description of what was applied."""
    img = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    applied = []
    if card and rng.random() < 0.75:
        img = place_on_table(img, rng, angle=rng.uniform(-12, 12), perspective=rng.uniform(0.0, 0.06))
        applied.append("table")
    elif rng.random() < 0.6:
        angle = rng.uniform(-5, 5)
        h, w = img.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        img = cv2.warpAffine(img, m, (w, h), borderValue=(235, 235, 235))
        applied.append("rotate")
    if rng.random() < 0.35:
        img = glare(img, rng)
        applied.append("glare")
    if rng.random() < 0.4:
        img = cv2.convertScaleAbs(img, alpha=rng.uniform(0.7, 1.15), beta=rng.uniform(-30, 25))
        applied.append("exposure")
    if rng.random() < 0.35:
        # Low resolution: the card ends up around or below the 760 px recommendation.
        h, w = img.shape[:2]
        scale = rng.uniform(0.5, 0.7) if card else rng.uniform(0.55, 0.7)
        img = cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
        applied.append("lowres")
    if rng.random() < 0.5:
        k = rng.choice([3, 5])
        img = cv2.GaussianBlur(img, (k, k), rng.uniform(0.6, 1.3))
        applied.append("blur")
    if rng.random() < 0.5:
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(4, 10), img.shape)
        img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
        applied.append("noise")
    quality = rng.randint(35, 70)
    applied.append(f"jpeg{quality}")
    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    exif = None
    if rng.random() < 0.15:
        # A phone that stores the picture sideways and records the orientation in EXIF.
        pil = pil.transpose(Image.Transpose.ROTATE_90)
        exif = Image.Exif()
        exif[0x0112] = 6
        applied.append("exif6")
    buf = io.BytesIO()
    pil.save(buf, format="JPEG", quality=quality, exif=exif if exif is not None else b"")
    return buf.getvalue(), "+".join(applied)
