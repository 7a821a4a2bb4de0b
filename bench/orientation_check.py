"""How often the engine's upside-down test is wrong, against the majority vote it replaced.

Every document of both generators (all types, clean and degraded, seeds ``--seed`` onwards) is
rectified, deskewed and tested as it lies and turned by 180°; holdout captures stored sideways or
upside down are skipped, their true orientation being unknown here. Run from the repository root:

    .venv/bin/python bench/orientation_check.py            # seeds 3000-3005, about 5 minutes
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from ocr_integration.local import engines, imaging, reading  # noqa: E402
from tests.docgen import DOC_TYPES, generate  # noqa: E402
from tests.docgen.holdout import generate_holdout  # noqa: E402


def _majority_vote(work: imaging.WorkingImage, boxes: list[np.ndarray]) -> bool:
    """The previous test: more than half of the eight longest lines classified "180" above 0.9."""
    longest = sorted(boxes, key=lambda b: -np.linalg.norm(b[1] - b[0]))[:8]
    crops = [imaging.crop_quad(work.bgr, b) for b in longest]
    with engines._rapid_call_lock:
        _, res, _ = engines.rapid_engine().text_cls([c.copy() for c in crops])
    return sum(1 for label, score in res if label == "180" and score > 0.9) > len(longest) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3000)
    parser.add_argument("--n", type=int, default=6, help="seeds per type, generator and set")
    args = parser.parse_args()
    samples = vote_wrong = engine_wrong = 0
    for style, make in (("holdout", generate_holdout), ("docgen", generate)):
        for kind, subtype in DOC_TYPES:
            for seed in range(args.seed, args.seed + args.n):
                for degraded in (False, True):
                    doc = make(kind, subtype, seed, degraded=degraded)
                    if style == "holdout" and "rot" in doc.degradation:
                        continue
                    inp = imaging.load_input(doc.data)
                    long_side = 1800 if kind == "business_registration" else 1280
                    rectify = imaging.rectify_none if inp.unit == "point" else imaging.rectify
                    work = reading.suppress_red(rectify(inp, target_long=long_side))
                    boxes = engines.detect_boxes(work.bgr)
                    if not boxes or reading._mostly_vertical(boxes):
                        continue
                    angle = reading._skew_angle(boxes)
                    if abs(angle) > 1.0:
                        work = imaging.rotate_working(work, angle)
                        boxes = engines.detect_boxes(work.bgr)
                    for turned in (False, True):
                        w = imaging.rotate_quarter(work, 2) if turned else work
                        b = engines.detect_boxes(w.bgr) if turned else boxes
                        samples += 1
                        vote_wrong += _majority_vote(w, b) != turned
                        engine_wrong += reading._upside_down(w, b) != turned
    print(f"{samples} upright and turned documents: majority vote wrong on {vote_wrong}, the engine on {engine_wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
