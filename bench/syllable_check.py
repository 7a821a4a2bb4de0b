"""How the syllable classifier (ocr_integration/local/syllables.py) reads degraded certificates.

    .venv/bin/python bench/syllable_check.py [--style holdout] [--seed 1000] [--n 12] [--clean]
        [--model other.onnx]

For each degraded (with --clean: clean) business certificate, the lines that hold its company and representative names
are found (the engine's reading of that line has as many syllables as the truth, at most half of
them wrong), cut into syllables as the engine cuts them, and classified. Prints how many syllables
the engine's reading has right, how many the classifier's top choice has right, and how often the
classifier is right when it is at least as sure as the vote lets it bring in a syllable of its own,
and, where the classifier is sure of another syllable than the engine read, which of the two is right.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from ocr_integration.local import imaging, syllables  # noqa: E402
from ocr_integration.local.provider import _PAGE_LONG_SIDE  # noqa: E402
from ocr_integration.local.reading import _HANGUL, _OPINION_OWN, PAD, _opinions, read_lines  # noqa: E402
from tests.docgen import generate  # noqa: E402
from tests.docgen.holdout import generate_holdout  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=("docgen", "holdout"), default="docgen")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--clean", action="store_true", help="clean captures instead of degraded ones")
    parser.add_argument("--model", type=Path, help="another classifier file (default: the engine's)")
    args = parser.parse_args()
    if args.model:
        settings.OCR_SYLLABLE_MODEL = str(args.model)
    sureness = (_OPINION_OWN, 0.8, 0.9, 0.95)
    # At each sureness: the classifier sure of another syllable than the engine's, and right / the engine right.
    against = {t: [0, 0, 0] for t in sureness}
    make = generate_holdout if args.style == "holdout" else generate
    classes = syllables.ks_x_1001()
    total = engine_right = top_right = sure = sure_right = 0
    for subtype in ("individual", "corporate"):
        for seed in range(args.seed, args.seed + args.n):
            doc = make("business_registration", subtype, seed, degraded=not args.clean)
            work = imaging.rectify(imaging.load_input(doc.data), target_long=_PAGE_LONG_SIDE)
            work, lines = read_lines(work, vote=True)
            for key in ("company_name", "representative_name"):
                truth = str(doc.truth.get(key) or "")
                if not re.fullmatch(r"[가-힣 ]+", truth):
                    continue
                want = truth.replace(" ", "")
                found = [(ln, "".join(_HANGUL.findall(ln.hangul))) for ln in lines]
                near = [
                    (sum(a != b for a, b in zip(got, want, strict=True)), i)
                    for i, (_, got) in enumerate(found)
                    if len(got) == len(want)
                ]
                near = [(d, i) for d, i in near if d <= len(want) // 2]
                if not near:
                    continue
                line, got = found[min(near)[1]]
                # Cut by the truth's words, as the engine cuts by a reading's.
                probs = _opinions(imaging.crop_quad(work.bgr, line.quad, pad=PAD), truth)
                if probs is None:
                    continue
                for p, want_ch, got_ch in zip(probs, want, got, strict=True):
                    top = classes[int(p.argmax())]
                    total += 1
                    engine_right += got_ch == want_ch
                    top_right += top == want_ch
                    if p.max() >= _OPINION_OWN:
                        sure += 1
                        sure_right += top == want_ch
                    for t in sureness:
                        if p.max() >= t and top != got_ch:
                            against[t][0] += 1
                            against[t][1] += top == want_ch
                            against[t][2] += got_ch == want_ch
    condition = "clean" if args.clean else "degraded"
    print(f"{args.style} {condition} certificates, seeds {args.seed}..{args.seed + args.n - 1}: {total} syllables")
    print(f"  the engine's reading right: {engine_right} ({100 * engine_right / max(total, 1):.1f}%)")
    print(f"  the classifier's top choice right: {top_right} ({100 * top_right / max(total, 1):.1f}%)")
    share = 100 * sure_right / max(sure, 1)
    print(f"  the classifier at >= {_OPINION_OWN}: {sure} syllables, right {sure_right} ({share:.1f}%)")
    for t, (n, clf, eng) in against.items():
        print(
            f"  the classifier at >= {t} on another syllable than the engine's: {n}, "
            f"of which it has right {clf} and the engine {eng}"
        )


if __name__ == "__main__":
    main()
