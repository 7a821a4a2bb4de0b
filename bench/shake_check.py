"""What the camera-shake test sees on degraded certificate photos: every page's strongest dip.

For each degraded business certificate (both subtypes, seeds ``--seed`` onwards) the photo's
strongest cepstral dip is printed with the generator's degradations, and, where it lies where
JPEG's 8 x 8 blocks dip (8 px straight across or down), the print's smear along it (the energy
of its edges along the dip over the energy across; ``deblur.smear``). The last column says
whether the engine undoes a shake there (``deblur.find_shake``). Run from the repository root:

    .venv/bin/python bench/shake_check.py --style holdout --seed 1000 --n 100   # about 6 minutes
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

import cv2  # noqa: E402

from ocr_integration.local import deblur, imaging  # noqa: E402
from tests.docgen import generate  # noqa: E402
from tests.docgen.holdout import generate_holdout  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=("docgen", "holdout"), default="holdout")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--n", type=int, default=12, help="seeds per subtype")
    parser.add_argument("--all", action="store_true", help="also print pages whose dip is too weak or short")
    args = parser.parse_args()
    make = generate_holdout if args.style == "holdout" else generate
    pages = undone = 0
    for subtype in ("individual", "corporate"):
        for seed in range(args.seed, args.seed + args.n):
            doc = make("business_registration", subtype, seed, degraded=True)
            inp = imaging.load_input(doc.data)
            if inp.unit == "point":
                continue
            pages += 1
            gray = cv2.cvtColor(inp.bgr, cv2.COLOR_BGR2GRAY)
            dip = deblur.strongest_dip(gray)
            shake = deblur.find_shake(gray)
            undone += shake is not None
            if dip is None or (shake is None and not args.all and not deblur.where_jpeg_blocks_dip(dip)):
                continue
            smear = f"smear {deblur.smear(gray, dip.angle):.2f}" if deblur.where_jpeg_blocks_dip(dip) else ""
            print(
                f"{subtype:10} {seed:6d}  dip {dip.length:5.2f} px at {dip.angle:5.1f} deg, "
                f"strength {dip.strength:5.1f}  {smear:11}  {'undone' if shake else 'left':6}  {doc.degradation}",
                flush=True,
            )
    print(f"{undone} of {pages} degraded photos have a shake undone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
