"""Peak memory of the two Tesseract children the local engine starts for one document.

    .venv/bin/python bench/tesseract_rss.py          # a business certificate, the longest sheet

The Hangul lines of a docgen business certificate are prepared exactly as the engine does and
stacked into one sheet; each model then reads it in a fresh, bare Python process, because
``RUSAGE_CHILDREN`` of a process that has loaded NumPy and OpenCV would count their pages too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import cv2  # noqa: E402
import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from ocr_integration.local import engines, imaging  # noqa: E402
from ocr_integration.local.reading import read_lines  # noqa: E402
from tests.docgen import generate  # noqa: E402

_MEASURE = """
import resource, subprocess, sys
subprocess.run([sys.argv[1], sys.argv[2], "stdout", "-l", sys.argv[3], "--psm", "6", "--dpi", "300", "tsv"],
               capture_output=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def main() -> int:
    doc = generate("business_registration", "corporate", 1000)
    inp = imaging.load_input(doc.data, doc.filename)
    work = (
        imaging.rectify_none(inp, target_long=1800) if inp.unit == "point" else imaging.rectify(inp, target_long=1800)
    )
    work, lines = read_lines(work)
    crops = [imaging.crop_quad(work.bgr, ln.quad, pad=0.25) for ln in lines if ln.hangul]
    prepared = [engines._prepare_for_tesseract(c) for c in crops]
    gap = 28
    sheet = np.full((sum(p.shape[0] + gap for p in prepared) + gap, max(p.shape[1] for p in prepared) + 2 * gap), 255)
    y = gap
    for p in prepared:
        sheet[y : y + p.shape[0], gap : gap + p.shape[1]] = p
        y += p.shape[0] + gap
    binary = engines.tesseract_binary() or "tesseract"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sheet.png")
        cv2.imwrite(path, sheet.astype(np.uint8))
        for lang in (engines.KOREAN_MODEL, engines.SECOND_MODEL):
            out = subprocess.run(
                [sys.executable, "-S", "-c", _MEASURE, binary, path, lang], capture_output=True, text=True, check=True
            )
            print(f"tesseract -l {lang}: {len(prepared)} lines, peak RSS {out.stdout.strip()} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
