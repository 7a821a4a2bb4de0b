"""Key fields read from captures neither generator makes: the engine's robustness beyond them.

Each clean render (``--style docgen`` or ``holdout``) is captured in one way of those below, saved
as JPEG 85 and read; per type and capture, the key fields exactly right, the wrong values returned
and how many of them ``needs_review`` catches, and the latency. Run from the repository root:

    .venv/bin/python bench/capture_check.py --style holdout --seed 2000 --n 4   # about 12 minutes

Captures:
  none       the render as it is
  phone12mp  a 12-megapixel phone photo (4032 x 3024): the document a little over half its width
  persp      a strong keystone (the camera tilted; the top edge 24% shorter than the bottom)
  shadow     a soft shadow over half the document, down to 45% of the light
  small      the document 520 px wide (cards) or 900 px (pages)
  finger     a finger over a corner
  cropedge   the document's edges out of the frame (3-4% cut off every side)
  whitebg    on a near-white desk
  angle25    turned 25 degrees on a table
  dim        a dim room: 35% of the light, with sensor noise
  sideways   on a table, the picture turned a quarter (a phone held the other way, no EXIF tag)
  upside     on a table, the picture upside down (no EXIF tag)
  jpeg20     saved once at JPEG quality 20 (a messenger's recompression) before the usual 85
  warm       under warm indoor light: blue at 55%, green at 80%, slightly out of focus
  angle40    turned 40 degrees, its corners close to the frame's edges
  curl       a page or card bent like a book's page: its rows bow by up to 2.5% of its height
  glare      a lamp's bright spot on a glossy surface: at its middle, print keeps a fifth of its contrast
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from ocr_bench import KEY_FIELDS  # noqa: E402
from PIL import Image  # noqa: E402

from ocr_integration.errors import OcrRejectedInput  # noqa: E402
from ocr_integration.local.provider import LocalOcrProvider  # noqa: E402
from tests.docgen import DOC_TYPES, specimen  # noqa: E402
from tests.docgen.degrade import _table_background, bend  # noqa: E402
from tests.docgen.holdout import render_holdout  # noqa: E402

CAPTURES = (
    "none",
    "phone12mp",
    "persp",
    "shadow",
    "small",
    "finger",
    "cropedge",
    "whitebg",
    "angle25",
    "dim",
    "sideways",
    "upside",
    "jpeg20",
    "warm",
    "angle40",
    "curl",
    "glare",
)


def _on_table(
    img: np.ndarray,
    rng: random.Random,
    frame: tuple[int, int],
    share: float,
    *,
    keystone: float = 0.0,
    angle: float = 0.0,
    white: bool = False,
) -> np.ndarray:
    """``img`` photographed on a table: ``share`` of the frame's width (at most 90% of its height)."""
    fw, fh = frame
    h, w = img.shape[:2]
    s = min(share * fw / w, 0.9 * fh / h)
    dw, dh = w * s, h * s
    corners = np.array([[-dw / 2, -dh / 2], [dw / 2, -dh / 2], [dw / 2, dh / 2], [-dw / 2, dh / 2]])
    if keystone:
        corners[0][0] += keystone * dw
        corners[1][0] -= keystone * dw
    a = np.deg2rad(angle)
    turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    centre = np.array([fw / 2 + rng.uniform(-0.05, 0.05) * fw, fh / 2 + rng.uniform(-0.05, 0.05) * fh])
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(src, (corners @ turn.T + centre).astype(np.float32))
    table = _table_background(rng, (fw, fh))[:, :, ::-1].copy()
    if white:
        table = np.clip(table.astype(np.int16) - table.mean() + 238, 0, 255).astype(np.uint8)
    shot = cv2.warpPerspective(img, m, (fw, fh), flags=cv2.INTER_CUBIC)
    inside = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (fw, fh)) > 0
    table[inside] = shot[inside]
    return table


def capture(name: str, img: np.ndarray, rng: random.Random, *, card: bool) -> np.ndarray:
    h, w = img.shape[:2]
    if name == "none":
        return img
    if name == "phone12mp":
        return _on_table(
            img, rng, (4032, 3024) if card else (3024, 4032), 0.55 if card else 0.8, angle=rng.uniform(-6, 6)
        )
    if name == "persp":
        return _on_table(img, rng, (int(w * 1.4), int(h * 1.5)), 0.7, keystone=0.12, angle=rng.uniform(-4, 4))
    if name == "shadow":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = rng.uniform(0, 2 * np.pi)
        across = ((xx - w / 2) * np.cos(a) + (yy - h / 2) * np.sin(a)) / (max(w, h) / 2)
        light = 1 - 0.55 / (1 + np.exp(-8 * across))
        return np.clip(img * light[:, :, None], 0, 255).astype(np.uint8)
    if name == "small":
        width = 520 if card else 900
        return cv2.resize(img, (width, int(h * width / w)), interpolation=cv2.INTER_AREA)
    if name == "finger":
        out = img.copy()
        corner = rng.choice([(0, h), (w, h)])
        cv2.ellipse(out, corner, (int(0.12 * w), int(0.22 * h)), rng.uniform(20, 60), 0, 360, (120, 150, 205), -1)
        return cv2.GaussianBlur(out, (3, 3), 0)
    if name == "cropedge":
        return np.ascontiguousarray(img[int(0.04 * h) : int(0.96 * h), int(0.03 * w) : int(0.97 * w)])
    if name == "whitebg":
        return _on_table(img, rng, (int(w * 1.4), int(h * 1.5)), 0.7, angle=rng.uniform(-8, 8), white=True)
    if name == "angle25":
        return _on_table(img, rng, (int(w * 1.6), int(h * 2.2)), 0.6, angle=25 * rng.choice([-1, 1]))
    if name == "dim":
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 9, img.shape)
        return np.clip(img * 0.35 + 10 + noise, 0, 255).astype(np.uint8)
    if name in ("sideways", "upside"):
        shot = _on_table(img, rng, (int(w * 1.3), int(h * 1.5)), 0.75, angle=rng.uniform(-5, 5))
        return np.ascontiguousarray(np.rot90(shot, k=2 if name == "upside" else rng.choice([1, 3])))
    if name == "jpeg20":
        _, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 20])
        return np.asarray(cv2.imdecode(enc, cv2.IMREAD_COLOR))
    if name == "warm":
        cast = np.array([0.55, 0.8, 1.0])  # BGR
        return cv2.GaussianBlur(np.clip(img * cast, 0, 255).astype(np.uint8), (0, 0), 1.0)
    if name == "angle40":
        # The frame just holds the turned document: its corners a few per cent from the edges.
        a = np.deg2rad(40)
        bw, bh = w * np.cos(a) + h * np.sin(a), w * np.sin(a) + h * np.cos(a)
        frame = (int(bw * 1.04), int(bh * 1.04))
        return _on_table(img, rng, frame, w / frame[0] * 0.999, angle=40 * rng.choice([-1, 1]))
    if name == "curl":
        bent = bend(img, 0.025 * rng.choice([-1, 1]))
        return _on_table(bent, rng, (int(w * 1.3), int(h * 1.5)), 0.75, angle=rng.uniform(-4, 4))
    if name == "glare":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        cx, cy = rng.uniform(0.25, 0.75) * w, rng.uniform(0.3, 0.7) * h
        r = 0.22 * min(w, h)
        spot = np.exp(-((((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r)) ** 1.5))
        a = 0.8 * spot[:, :, None]  # at its middle, print keeps a fifth of its contrast
        return np.clip(img * (1 - a) + 255 * a, 0, 255).astype(np.uint8)
    raise ValueError(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=("docgen", "holdout"), default="holdout")
    parser.add_argument("--seed", type=int, default=2000)
    parser.add_argument("--n", type=int, default=4, help="documents per type and capture")
    parser.add_argument("--captures", nargs="*", choices=CAPTURES, default=list(CAPTURES))
    parser.add_argument("--only", nargs="*", help="types to run, e.g. id_card/passport credit_card")
    args = parser.parse_args()
    provider = LocalOcrProvider()
    provider.check_ready()
    print(f"style {args.style}, seeds {args.seed}..{args.seed + args.n - 1}; key fields right per capture")
    totals = {c: [0, 0] for c in args.captures}
    for kind, subtype in DOC_TYPES:
        label = f"{kind}/{subtype}" if subtype else kind
        if args.only and label not in args.only and kind not in args.only:
            continue
        keys = KEY_FIELDS[(kind, subtype)]
        for name in args.captures:
            right = total = wrong = caught = 0
            latencies = []
            for seed in range(args.seed, args.seed + args.n):
                if args.style == "holdout":
                    page, truth, _ = render_holdout(kind, subtype, seed)
                    picture = page.im
                else:
                    spec = specimen(kind, subtype, seed)
                    picture, truth = spec.image, spec.truth
                img = cv2.cvtColor(np.asarray(picture.convert("RGB")), cv2.COLOR_RGB2BGR)
                shot = capture(
                    name, img, random.Random(f"capture/{name}/{label}/{seed}"), card=kind != "business_registration"
                )
                buf = io.BytesIO()
                Image.fromarray(cv2.cvtColor(shot, cv2.COLOR_BGR2RGB)).save(buf, format="JPEG", quality=85)
                started = time.perf_counter()
                try:
                    fields = {f.key: f for f in provider.analyze(kind, buf.getvalue(), filename="photo.jpg").fields}
                except OcrRejectedInput:
                    fields = {}
                latencies.append(time.perf_counter() - started)
                for key in keys:
                    f = fields.get(key)
                    total += 1
                    if f is not None and f.value == truth.get(key):
                        right += 1
                    elif f is not None:
                        wrong += 1
                        caught += f.needs_review
            totals[name][0] += right
            totals[name][1] += total
            print(
                f"{label:34} {name:10} key {right:3}/{total:<3} ({100 * right / total:5.1f}%)  "
                f"wrong returned {wrong}, caught {caught}  p50 {statistics.median(latencies):.2f}s",
                flush=True,
            )
    print()
    for name, (right, total) in totals.items():
        if total:
            print(f"{name:10} key fields right {right}/{total} ({100 * right / total:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
