"""Latency of two versions of the engine measured side by side, document by document.

This machine's speed drifts by a quarter within minutes, so two ``make bench`` runs made at
different times cannot tell a 5% change from the machine. Here one worker process per version
reads the same documents in alternation (the order swapped every document), so both see the same
machine. The other version is a checkout of another commit, e.g.:

    git worktree add /tmp/before b8aef0e
    .venv/bin/python bench/paired_timing.py /tmp/before --only id_card/passport id_card/alien credit_card

Prints p50 wall and CPU seconds per type for each version, and how many documents the two read
differently (fields, values or confidences).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(root: str) -> None:
    sys.path.insert(0, root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import logging

    logging.getLogger("ocr_integration.local").setLevel(logging.WARNING)


def _docs(style: str, types: list[str], seed: int, n: int) -> list[tuple[str, bytes, str]]:
    from tests.docgen import DOC_TYPES, generate
    from tests.docgen.holdout import generate_holdout

    make = generate_holdout if style == "holdout" else generate
    out = []
    for kind, subtype in DOC_TYPES:
        label = f"{kind}/{subtype}" if subtype else kind
        if types and label not in types and kind not in types:
            continue
        for s in range(seed, seed + n):
            for degraded in (False, True):
                doc = make(kind, subtype, s, degraded=degraded)
                out.append((label, doc.data, doc.filename))
    return out


def worker(root: str, style: str, types: list[str], seed: int, n: int) -> None:
    _setup(root)
    from ocr_integration.errors import OcrRejectedInput
    from ocr_integration.local.provider import LocalOcrProvider

    docs = _docs(style, types, seed, n)
    provider = LocalOcrProvider()
    provider.check_ready()

    def cpu() -> float:
        return sum(
            r.ru_utime + r.ru_stime
            for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
        )

    print(len(docs), flush=True)
    for line in sys.stdin:
        label, data, filename = docs[int(line)]
        c0, t0 = cpu(), time.perf_counter()
        try:
            result = provider.analyze(label.split("/")[0], data, filename=filename)
            read = repr([(f.key, f.value, round(f.confidence, 4)) for f in result.fields])
        except OcrRejectedInput as exc:  # a version that finds no fields refuses the document
            read = exc.code
        wall, used = time.perf_counter() - t0, cpu() - c0
        digest = hashlib.sha256(read.encode())
        print(f"{label} {wall:.4f} {used:.4f} {digest.hexdigest()[:12]}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", help="repository root of the other version")
    parser.add_argument("--style", choices=("docgen", "holdout"), default="holdout")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--n", type=int, default=8, help="documents per type and set")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.style, args.only, args.seed, args.n)
        return 0
    common = ["--style", args.style, "--seed", str(args.seed), "--n", str(args.n), "--only", *args.only]
    versions = {"other": str(Path(args.other).resolve()), "this": str(ROOT)}
    procs = {
        name: subprocess.Popen(
            [sys.executable, __file__, "-", "--worker", root, *common],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
        )
        for name, root in versions.items()
    }
    counts = {name: int(p.stdout.readline()) for name, p in procs.items() if p.stdout}
    total = counts["this"]
    times: dict[str, dict[str, list[tuple[float, float]]]] = {name: {} for name in procs}
    differ = 0
    for i in range(total):
        order = ("other", "this") if i % 2 == 0 else ("this", "other")
        digests = set()
        for name in order:
            proc = procs[name]
            assert proc.stdin and proc.stdout
            proc.stdin.write(f"{i}\n")
            proc.stdin.flush()
            label, wall, used, digest = proc.stdout.readline().split()
            times[name].setdefault(label, []).append((float(wall), float(used)))
            digests.add(digest)
        differ += len(digests) > 1
    for proc in procs.values():
        assert proc.stdin
        proc.stdin.close()
        proc.wait()
    for name, root in versions.items():
        print(f"{name} ({root}):")
        for label, values in times[name].items():
            wall_p50 = statistics.median(w for w, _ in values)
            cpu_p50 = statistics.median(c for _, c in values)
            print(f"  {label:34s} p50 {wall_p50:.2f}s  cpu p50 {cpu_p50:.2f}s  (n={len(values)})")
    print(f"documents read differently: {differ} of {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
