"""Fit the local engine's confidence calibration from a benchmark dump.

    .venv/bin/python bench/ocr_bench.py --n 24 --seed 5000 --dump var/calib.json
    .venv/bin/python bench/fit_calibration.py var/calib.json
    .venv/bin/python bench/fit_calibration.py var/calib.json --thresholds   # review-threshold grid

Prints ``CALIBRATION`` entries for ocr_integration/local/confidence.py: per key family, a
monotone (pool-adjacent-violators) map from raw score to the observed share of right fields.
Fit on a seed range the reported benchmark does not use. Dumps record each field's raw score
(the input of ``calibrate``), so the printed curves replace the entries directly; a dump without
raw scores holds calibrated confidences only, and its fit must be composed with the current curve.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from ocr_integration.local.confidence import SETTLED_ADDRESS_FROM, curve_of, family_of

EDGES = (0.0, 0.2, 0.35, 0.5, 0.6, 0.7, 0.78, 0.84, 0.88, 0.92, 0.95, 0.97, 0.985, 1.0001)


def _pava(points: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    """Pool adjacent violators: (x, share right, n) made non-decreasing in share."""
    blocks = [list(p) for p in points]
    i = 0
    while i < len(blocks) - 1:
        if blocks[i][1] > blocks[i + 1][1]:
            a, b = blocks[i], blocks[i + 1]
            n = a[2] + b[2]
            blocks[i] = [(a[0] * a[2] + b[0] * b[2]) / n, (a[1] * a[2] + b[1] * b[2]) / n, n]
            del blocks[i + 1]
            i = max(0, i - 1)
        else:
            i += 1
    return [tuple(b) for b in blocks]  # type: ignore[misc]


def threshold_grid(records: list[dict]) -> None:
    """Share of wrong fields caught and right fields flagged for a grid of the engine's two Korean
    text thresholds (addresses, other free text), with the current calibration curves applied to
    the dump's raw scores and the catalogue's thresholds everywhere else."""
    from ocr_integration.catalogue import field_spec
    from ocr_integration.local.confidence import calibrate

    rows = []
    for r in records:
        kind, _, sub = r["type"].partition("/")
        subtype = sub or None
        conf = calibrate(kind, subtype, r["key"], r["raw"], curve=_curve(r))
        threshold_family = family_of(subtype, r["key"])  # a settled address keeps the address threshold
        rows.append((threshold_family, conf, field_spec(kind, subtype, r["key"]).review_threshold, r["right"]))
    wrong = sum(1 for *_, ok in rows if not ok)
    right = len(rows) - wrong
    print("| addresses / other Korean text | wrong caught | right flagged |\n|---|---|---|")
    for address in (0.88, 0.9, 0.92, 0.94, 0.96):
        for text in (0.9, 0.93, 0.95, 0.97):
            limits = {"address": address, "hangul": text}
            flagged = [(conf < limits.get(fam, default), ok) for fam, conf, default, ok in rows]
            caught = sum(f for f, ok in flagged if not ok)
            false = sum(f for f, ok in flagged if ok)
            print(f"| {address:.2f} / {text:.2f} | {caught / wrong:.1%} | {false / right:.1%} |")
    # Where the catalogue's defaults and the current engine thresholds miss and flag.
    from ocr_integration.local.confidence import REVIEW_THRESHOLDS

    missed: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for fam, conf, default, ok in rows:
        flag = conf < REVIEW_THRESHOLDS.get(fam, default)
        missed[fam][0 if ok else 2] += 1
        missed[fam][1 if ok else 3] += flag if ok else not flag
    print("\nper family at the current thresholds: right flagged / right, wrong missed / wrong")
    for fam, (n_right, n_flagged, n_wrong, n_missed) in sorted(missed.items()):
        print(f"  {fam:10} {n_flagged:4} / {n_right:<5} {n_missed:3} / {n_wrong}")


def _score(r: dict) -> float:
    """The raw score the engine calibrates (recorded since 2026-11-27); older dumps only hold the
    calibrated confidence, whose fit must be composed with the current curve."""
    return r["raw"] if r.get("raw") is not None else r["confidence"]


def _curve(r: dict) -> str:
    """The curve the engine calibrates the record's field on (confidence.curve_of), from the value
    and the second model's disagreement the dump records."""
    return curve_of(r["type"].partition("/")[2] or None, r["key"], r["value"] or "", r.get("disagreement"), _score(r))


def main() -> int:
    records = json.loads(Path(sys.argv[1]).read_text())
    if "--thresholds" in sys.argv:
        threshold_grid(records)
        return 0
    by_family: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for r in records:
        by_family[_curve(r)].append((_score(r), r["right"]))
    for fam, rows in sorted(by_family.items()):
        points = []
        for lo, hi in itertools.pairwise(EDGES):
            inside = [(c, ok) for c, ok in rows if lo <= c < hi]
            if not inside:
                continue
            mean_c = sum(c for c, _ in inside) / len(inside)
            # Laplace smoothing keeps a bin of 3 right answers from claiming certainty.
            share = (sum(ok for _, ok in inside) + 0.5) / (len(inside) + 1)
            points.append((mean_c, share, len(inside)))
        fitted = _pava(points)
        xs = tuple(round(p[0], 3) for p in fitted)
        ys = tuple(round(p[1], 3) for p in fitted)
        # A settled address has its own curve only from SETTLED_ADDRESS_FROM up: the curve starts
        # there at its first block's share rather than rising from 0.
        if fam == "address_settled" and xs[0] > SETTLED_ADDRESS_FROM:
            xs, ys = (SETTLED_ADDRESS_FROM, *xs), (ys[0], *ys)
        print(f'    "{fam}": ({(0.0, *xs, 1.0)}, {(0.0, *ys, ys[-1])}),  # n={len(rows)}')
        for x, y, n in fitted:
            print(f"    #   raw {x:.3f}: {y:.1%} right of {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
