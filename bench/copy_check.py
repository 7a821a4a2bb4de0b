"""Key fields of clean documents read from copies: greyscale, black and white, fax-like.

Customers and operators send copies as often as photos: a greyscale scan, a black-and-white
photocopy, a fax. Neither generator degrades that way, so this check makes the copies from each
generator's clean documents and counts the key fields read exactly and the wrong ones sent to
review. Run from the repository root:

    .venv/bin/python bench/copy_check.py                 # 6 documents per type and generator
    .venv/bin/python bench/copy_check.py --n 12 --only id_card/passport
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)

from ocr_bench import DOC_TYPES, KEY_FIELDS  # noqa: E402

from ocr_integration.errors import OcrRejectedInput  # noqa: E402
from ocr_integration.local.imaging import load_input  # noqa: E402
from ocr_integration.local.provider import LocalOcrProvider  # noqa: E402
from tests.docgen import generate  # noqa: E402
from tests.docgen.holdout import generate_holdout  # noqa: E402


def greyscale(grey: np.ndarray) -> np.ndarray:
    return grey


def black_and_white(grey: np.ndarray) -> np.ndarray:
    """A photocopy: one global threshold (Otsu)."""
    return cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def fax(grey: np.ndarray) -> np.ndarray:
    """A fax: half the resolution, then a local threshold."""
    half = cv2.resize(grey, (grey.shape[1] // 2, grey.shape[0] // 2), interpolation=cv2.INTER_AREA)
    return cv2.adaptiveThreshold(half, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, 15)


COPIES: dict[str, Callable[[np.ndarray], np.ndarray]] = {"grey": greyscale, "b&w": black_and_white, "fax": fax}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=6, help="clean documents per type and generator")
    parser.add_argument("--seed", type=int, default=1000, help="first generator seed")
    parser.add_argument("--only", nargs="*", help="types to run, e.g. id_card/passport credit_card")
    args = parser.parse_args()
    provider = LocalOcrProvider()
    provider.check_ready()
    print(f"key fields exactly right (wrong ones sent to review); seeds {args.seed}..{args.seed + args.n - 1}")
    for style, make in (("docgen", generate), ("holdout", generate_holdout)):
        for kind, subtype in DOC_TYPES:
            label = f"{kind}/{subtype}" if subtype else kind
            if args.only and label not in args.only and kind not in args.only:
                continue
            right = dict.fromkeys(COPIES, 0)
            caught = dict.fromkeys(COPIES, 0)
            total = 0
            for seed in range(args.seed, args.seed + args.n):
                doc = make(kind, subtype, seed)
                grey = cv2.cvtColor(load_input(doc.data).bgr, cv2.COLOR_BGR2GRAY)
                keys = [k for k in KEY_FIELDS[(kind, subtype)] if k in doc.truth]
                total += len(keys)
                for name, copy in COPIES.items():
                    data = cv2.imencode(".jpg", copy(grey), [cv2.IMWRITE_JPEG_QUALITY, 60])[1].tobytes()
                    try:
                        fields = {f.key: f for f in provider.analyze(kind, data, filename="copy.jpg").fields}
                    except OcrRejectedInput:
                        fields = {}
                    for key in keys:
                        f = fields.get(key)
                        if f is not None and f.value == doc.truth[key]:
                            right[name] += 1
                        elif f is None or f.needs_review:
                            caught[name] += 1  # missing, or returned for review
            cells = "  ".join(
                f"{name} {right[name]}/{total} ({caught[name]} of {total - right[name]})" for name in COPIES
            )
            print(f"{style:8} {label:34} {cells}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
