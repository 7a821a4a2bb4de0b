"""What the printed-box test (``imaging._printed_box``) measures around the outline a page's
photo yields: is it the page's edge, or a box printed on the page?

For every certificate outline found, the Lab distance of the paper just inside it from what lies
just outside, and the share of dark print in the frame outside it; the outline is taken for a
printed box when the distance is below ``_SAME_PAPER`` and the share above ``_PRINT_OUTSIDE``.
Degraded certificates of both generators (seeds ``--seed`` onwards), and clean holdout
certificates captured as ``bench/capture_check.py`` does. Run from the repository root:

    .venv/bin/python bench/outline_check.py          # about a minute; no OCR is run
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from capture_check import capture  # noqa: E402

from ocr_integration.local import imaging  # noqa: E402
from tests.docgen import generate  # noqa: E402
from tests.docgen.holdout import generate_holdout, render_holdout  # noqa: E402

SUBTYPES = ("individual", "corporate")


def _report(label: str, bgr: np.ndarray) -> None:
    small, _ = imaging._thumbnail(bgr)
    quad = imaging._outline(small)
    measured = None if quad is None else imaging.outline_surroundings(small, quad)
    if measured is None:
        print(f"{label:42} no outline")
        return
    distance, share = measured
    printed = distance < imaging._SAME_PAPER and share > imaging._PRINT_OUTSIDE
    print(f"{label:42} Lab {distance:6.1f}  print outside {100 * share:5.2f}%  {'printed box' if printed else ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1000, help="first seed of the degraded certificates")
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--capture-seed", type=int, default=2000, help="first seed of the captured ones")
    parser.add_argument("--capture-n", type=int, default=4)
    parser.add_argument(
        "--captures", nargs="*", default=["none", "persp", "phone12mp", "shadow", "whitebg", "cropedge", "dim"]
    )
    args = parser.parse_args()
    for subtype in SUBTYPES:
        for seed in range(args.seed, args.seed + args.n):
            for style, make in (("docgen", generate), ("holdout", generate_holdout)):
                doc = make("business_registration", subtype, seed, degraded=True)
                _report(f"{style} {subtype} {seed} degraded", imaging.load_input(doc.data).bgr)
    for name in args.captures:
        for seed in range(args.capture_seed, args.capture_seed + args.capture_n):
            for subtype in SUBTYPES:
                page, _, _ = render_holdout("business_registration", subtype, seed)
                img = cv2.cvtColor(np.asarray(page.im.convert("RGB")), cv2.COLOR_RGB2BGR)
                rng = random.Random(f"capture/{name}/business_registration/{subtype}/{seed}")
                _report(f"capture {name} {subtype} {seed}", capture(name, img, rng, card=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
