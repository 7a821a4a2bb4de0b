"""Benchmark of the embedded OCR engine on synthetic SPECIMEN documents (``make bench``).

Prints, per document type, field exact-match on clean and degraded captures (key fields and all
fields), p50/p95 latency, peak RSS, MRZ check-digit pass rate, and how well ``needs_review``
separates wrong from right fields. Run from the repository root:

    .venv/bin/python bench/ocr_bench.py            # default: 12 clean + 12 degraded per type
    .venv/bin/python bench/ocr_bench.py --n 40     # a bigger run
    .venv/bin/python bench/ocr_bench.py --style holdout   # the independent holdout generator
    .venv/bin/python bench/ocr_bench.py --only business_registration --text-pdf
        # clean certificates as PDFs with a text layer, as Hometax issues them
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()
# The engine logs one line per document (timings only); the table is what matters here.
logging.getLogger("ocr_integration.local").setLevel(logging.WARNING)

from ocr_integration.checksums import mrz_td3_line2_errors  # noqa: E402
from ocr_integration.errors import OcrRejectedInput  # noqa: E402
from ocr_integration.local.provider import LocalOcrProvider  # noqa: E402
from tests.docgen import DOC_TYPES, Document, generate  # noqa: E402
from tests.docgen.holdout import generate_holdout  # noqa: E402

# The fields a KYC decision rests on; the accuracy targets are about these.
KEY_FIELDS: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("id_card", "resident"): ("name", "resident_number", "issue_date"),
    ("id_card", "driver"): ("license_number", "name", "resident_number", "issue_date"),
    ("id_card", "passport"): ("passport_number", "surname", "given_names", "birth_date", "sex", "expiry_date"),
    ("id_card", "alien"): ("alien_registration_number", "name", "issue_date"),
    ("credit_card", None): ("card_number", "valid_thru"),
    ("business_registration", "individual"): ("business_number", "company_name", "representative_name", "open_date"),
    ("business_registration", "corporate"): ("business_number", "company_name", "representative_name", "open_date"),
}


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process, Tesseract's threads included: contention-independent."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f}%" if den else "   n/a"


def _make(task: tuple[str, str, str | None, int, bool, bool]) -> Document:
    style, kind, subtype, seed, degraded, text_pdf = task
    make = generate_holdout if style == "holdout" else generate
    return make(kind, subtype, seed, degraded=degraded, text_layer=text_pdf)


def run(
    n: int, seed0: int, only: set[str] | None, dump: Path | None, style: str = "docgen", text_pdf: bool = False
) -> int:
    # Documents are rendered in a child process before each type is timed: the renderers' large
    # float images would otherwise count in the engine's peak RSS and compete for the 2 cores.
    pool = multiprocessing.get_context("spawn").Pool(1)
    provider = LocalOcrProvider()
    t0 = time.perf_counter()
    provider.check_ready()
    print(
        f"style {style}: engine ready in {time.perf_counter() - t0:.1f}s "
        f"(n={n} per set, seeds {seed0}..{seed0 + n - 1}"
        f"{'; clean certificates are PDFs with a text layer' if text_pdf else ''})"
    )
    records: list[dict[str, Any]] = []
    summary = []
    totals: dict[str, int] = defaultdict(int)
    for kind, subtype in DOC_TYPES:
        label = f"{kind}/{subtype}" if subtype else kind
        if only and label not in only and kind not in only:
            continue
        stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        latencies: list[float] = []
        cpu_times: list[float] = []
        mrz_pass = mrz_total = 0
        tasks = [
            (style, kind, subtype, seed, degraded, text_pdf)
            for degraded in (False, True)
            for seed in range(seed0, seed0 + n)
        ]
        docs = iter(pool.map(_make, tasks))
        for degraded in (False, True):
            set_name = "degraded" if degraded else "clean"
            for seed in range(seed0, seed0 + n):
                doc = next(docs)
                started = time.perf_counter()
                cpu_started = _cpu_seconds()
                provider.trace = []
                try:
                    result = provider.analyze(kind, doc.data, filename=doc.filename)
                    fields = {f.key: f for f in result.fields}
                    got_subtype = result.subtype
                except OcrRejectedInput:
                    fields, got_subtype = {}, "rejected"
                latencies.append(time.perf_counter() - started)
                cpu_times.append(_cpu_seconds() - cpu_started)
                s = stats[set_name]
                s["docs"] += 1
                s["subtype_ok"] += got_subtype == subtype
                keys = KEY_FIELDS[(kind, subtype)]
                for key, truth in doc.truth.items():
                    f = fields.get(key)
                    right = f is not None and f.value == truth
                    s["all_total"] += 1
                    s["all_right"] += right
                    if key in keys:
                        s["key_total"] += 1
                        s["key_right"] += right
                traced = {t["key"]: t for t in provider.trace}
                for key, f in fields.items():
                    right = doc.truth.get(key) == f.value
                    s["returned"] += 1
                    if right:
                        s["right"] += 1
                        s["right_flagged"] += f.needs_review
                    else:
                        s["wrong"] += 1
                        s["wrong_caught"] += f.needs_review
                    records.append(
                        {
                            "type": label,
                            "set": set_name,
                            "seed": seed,
                            "key": key,
                            "confidence": f.confidence,
                            "right": right,
                            "value": f.value,
                            "truth": doc.truth.get(key),
                            "raw": traced.get(key, {}).get("raw"),
                            "disagreement": traced.get(key, {}).get("disagreement"),
                        }
                    )
                if subtype == "passport" and not degraded:
                    mrz_total += 1
                    line2 = fields.get("mrz_line2")
                    mrz_pass += int(
                        bool(line2 and not mrz_td3_line2_errors(line2.value) and line2.value == doc.truth["mrz_line2"])
                    )
        clean_latencies = sorted(latencies[:n])  # the clean set is read first
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        c, d = stats["clean"], stats["degraded"]
        wrong = c["wrong"] + d["wrong"]
        n_right = c["right"] + d["right"]
        row = {
            "type": label,
            "key_clean": _pct(c["key_right"], c["key_total"]),
            "key_degraded": _pct(d["key_right"], d["key_total"]),
            "all_clean": _pct(c["all_right"], c["all_total"]),
            "all_degraded": _pct(d["all_right"], d["all_total"]),
            "subtype": _pct(c["subtype_ok"] + d["subtype_ok"], c["docs"] + d["docs"]),
            "p50": f"{p50:.2f}s",
            "p95": f"{p95:.2f}s",
            "cpu_p50": f"{statistics.median(cpu_times):.2f}s",
            "caught": _pct(c["wrong_caught"] + d["wrong_caught"], wrong),
            "flagged": _pct(c["right_flagged"] + d["right_flagged"], n_right),
            "wrong": str(wrong),
            "mrz": _pct(mrz_pass, mrz_total) if mrz_total else "",
        }
        summary.append(row)
        for k in ("wrong", "wrong_caught", "right", "right_flagged"):
            totals[k] += c[k] + d[k]
        print(
            f"{label:34} key clean {row['key_clean']}  key degr {row['key_degraded']}  "
            f"all clean {row['all_clean']}  all degr {row['all_degraded']}  p50 {row['p50']} p95 {row['p95']} "
            f"(cpu p50 {row['cpu_p50']})  "
            f"review catches {row['caught']} of {wrong} wrong, flags {row['flagged']} of right"
            + (f"  MRZ pass {row['mrz']}" if row["mrz"] else ""),
            flush=True,
        )
        if text_pdf and kind == "business_registration":
            print(
                f"{'':34} text PDFs (clean set): p50 {statistics.median(clean_latencies):.2f}s "
                f"max {clean_latencies[-1]:.2f}s; {c['wrong']} wrong ({c['wrong_caught']} caught), "
                f"{c['right_flagged']} of {c['right']} right flagged",
                flush=True,
            )
    pool.close()
    peak_self = _peak_rss_mb(resource.RUSAGE_SELF)
    print()
    header = (
        "type", "key_clean", "key_degraded", "all_clean", "all_degraded", "subtype", "p50", "p95", "cpu_p50",
        "caught", "flagged", "mrz",
    )  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in summary:
        print("| " + " | ".join(row[h] for h in header) + " |")
    print(
        f"\nneeds_review over all types: catches {totals['wrong_caught']} of {totals['wrong']} wrong fields "
        f"({_pct(totals['wrong_caught'], totals['wrong']).strip()}), flags {totals['right_flagged']} of "
        f"{totals['right']} right ones ({_pct(totals['right_flagged'], totals['right']).strip()})"
    )
    print(
        # Tesseract runs inside this process (tesserocr), so this is the whole engine; the document
        # renderer's child process is left out (RUSAGE_CHILDREN would count it).
        f"\npeak RSS: engine process {peak_self:.0f} MB; "
        f"total wall time {time.perf_counter() - t0:.0f}s; load average at the end {os.getloadavg()[0]:.1f}"
    )
    bins: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        b = min(9, int(float(r["confidence"]) * 10))
        bins[b][0] += int(r["right"])
        bins[b][1] += 1
    print("reliability (confidence bin: share right of n):")
    for b in sorted(bins):
        right_n, total_n = bins[b]
        print(f"  {b / 10:.1f}-{(b + 1) / 10:.1f}: {right_n / total_n:6.1%} of {total_n}")
    if dump:
        dump.write_text(json.dumps(records))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12, help="documents per type and set (clean, degraded)")
    parser.add_argument("--seed", type=int, default=1000, help="first generator seed (tests use seeds below 100)")
    parser.add_argument("--only", nargs="*", help="types to run, e.g. id_card/passport credit_card")
    parser.add_argument("--dump", type=Path, help="write per-field confidence records as JSON (for calibration)")
    parser.add_argument(
        "--style",
        choices=("docgen", "holdout"),
        default="docgen",
        help="document generator: docgen (the one the engine is tuned on) or holdout (tests/docgen/holdout.py)",
    )
    parser.add_argument(
        "--text-pdf",
        action="store_true",
        help="clean business certificates as PDFs with a text layer (tests/docgen/textpdf.py) instead of scans",
    )
    args = parser.parse_args()
    return run(args.n, args.seed, set(args.only) if args.only else None, args.dump, args.style, args.text_pdf)


if __name__ == "__main__":
    raise SystemExit(main())
