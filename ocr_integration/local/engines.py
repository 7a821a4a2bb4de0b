"""The two recognisers behind the local engine, loaded lazily once per process.

RapidOCR (PP-OCRv4 ONNX models shipped inside the wheel) finds text lines and reads digits and
Latin text very well, but its Chinese model cannot read Hangul. Tesseract with the ``kor`` data
reads the Hangul lines, in process through tesserocr (whose wheel bundles libtesseract; the
language data comes from Debian's packages). Nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from django.conf import settings

from ocr_integration.errors import OcrConfigurationError
from ocr_integration.local.imaging import crop_quad

INSTALL_COMMAND = "apt-get install -y tesseract-ocr tesseract-ocr-kor tesseract-ocr-script-hang"
# Tesseract's Korean language model reads every Hangul line; its Hangul script model, trained
# separately, reads them again: where the two disagree about a value, the value goes to review.
KOREAN_MODEL = "kor"
SECOND_MODEL = "Hangul"

_HANGUL_RE = re.compile(r"[가-힣]")
_lock = threading.Lock()
_rapid: Any = None
# onnxruntime sessions are safe to share, but RapidOCR keeps per-call state on its helpers.
_rapid_call_lock = threading.Lock()


# Where Debian's tesseract-ocr packages put their data, newest first.
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)
# One Tesseract instance per data folder and model, each kept for the life of the process: loading
# a model (the Hangul model's large word list above all) cost more than reading a card's lines.
_tesseract_apis: dict[str, Any] = {}
_tesseract_locks: dict[str, threading.Lock] = {}


def tessdata_dir() -> Path | None:
    """The Tesseract data directory: the ``OCR_TESSDATA_DIR`` setting, else Debian's."""
    configured = getattr(settings, "OCR_TESSDATA_DIR", "") or os.environ.get("TESSDATA_PREFIX", "")
    candidates = (configured,) if configured else _TESSDATA_DIRS
    return next((Path(d) for d in candidates if Path(d).is_dir()), None)


def check_tesseract() -> Path:
    """The data folder; fails with the install command when Tesseract or its Korean data is missing."""
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise OcrConfigurationError(
            "tesserocr is not installed; run `make setup`", provider="local", code="tesserocr_missing"
        ) from exc
    where = tessdata_dir()
    if where is None:
        raise OcrConfigurationError(
            f"Tesseract's language data is not installed. Install it with: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_missing",
        )
    langs = {p.name.removesuffix(".traineddata") for p in where.glob("*.traineddata")}
    if KOREAN_MODEL not in langs:
        raise OcrConfigurationError(
            f"Tesseract has no Korean language data. Install it with: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_kor_missing",
        )
    if SECOND_MODEL not in langs:
        raise OcrConfigurationError(
            f"Tesseract has no Hangul script data (the second reader that checks Korean values). "
            f"Install it with: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_hangul_missing",
        )
    return where


def _tesseract_tsv(where: Path, lang: str, sheet: np.ndarray) -> str:
    """Tesseract's TSV reading of ``sheet`` as one block of text (page segmentation mode 6), with
    the ``lang`` model of the data folder ``where``."""
    import tesserocr
    from PIL import Image

    key = f"{where}/{lang}"
    with _lock:
        lock = _tesseract_locks.setdefault(key, threading.Lock())
    with lock:
        api = _tesseract_apis.get(key)
        if api is None:
            try:
                api = tesserocr.PyTessBaseAPI(path=f"{where}/", lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK)
            except RuntimeError as exc:
                raise OcrConfigurationError(
                    f"Tesseract cannot load its {lang!r} data. Reinstall it with: {INSTALL_COMMAND}",
                    provider="local",
                    code="tesseract_broken",
                ) from exc
            api.SetVariable("user_defined_dpi", "300")
            _tesseract_apis[key] = api
        api.SetImage(Image.fromarray(sheet))
        api.Recognize()
        return str(api.GetTSVText(0))


def rapid_engine() -> Any:
    """The process-wide RapidOCR instance (built on first use)."""
    global _rapid
    if _rapid is None:
        with _lock:
            if _rapid is None:
                try:
                    from rapidocr_onnxruntime import RapidOCR
                except ImportError as exc:  # pragma: no cover - depends on the install
                    raise OcrConfigurationError(
                        "rapidocr_onnxruntime==1.4.4 is not installed", provider="local", code="rapidocr_missing"
                    ) from exc
                return_large_blocks()
                with _memory_arena():
                    _rapid = RapidOCR(
                        intra_op_num_threads=int(getattr(settings, "OCR_LOCAL_THREADS", 2)),
                        inter_op_num_threads=1,
                        # Hangul lines come back empty or garbled with low scores; we must keep them.
                        text_score=0.0,
                        # Batches pad every crop to the widest one; on CPU one crop at a time is several times faster.
                        rec_batch_num=1,
                    )
    return _rapid


# glibc's mallopt parameter M_MMAP_THRESHOLD, and the size it is fixed at (below).
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 16 << 20


def return_large_blocks() -> None:
    """Blocks of 16 MB and more are mapped for themselves, and go back to the system when freed.

    glibc raises its mmap threshold (up to 32 MB) each time a mapped block is freed, so after the
    first photo a photo-sized buffer (a decoded photo, its channels, a spectrum) is carved from the
    heap instead, and the heap keeps what it held after it is freed: the engine's peak RSS then
    depended on the order its buffers were freed in, and so on the machine. With the threshold
    fixed (which also stops its rising), `make bench BENCH_ARGS="--style holdout"` peaks at
    1,008 MB instead of 1,127 MB, at the same latency (docs/benchmarks.md, twenty-first round).
    Process-wide; nothing is done where the C library has no ``mallopt`` (not glibc)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)


@contextlib.contextmanager
def _memory_arena() -> Iterator[None]:
    """RapidOCR 1.4.4 builds its ONNX Runtime sessions without the CPU memory arena, so every run
    allocates its tensors afresh from the kernel (page faults, spent as system time). The sessions
    built inside this block keep the arena: the memory of the largest run is kept for the next
    one instead (the effect on latency and memory: docs/benchmarks.md, fifth round)."""
    from rapidocr_onnxruntime.utils import infer_engine

    original = infer_engine.OrtInferSession._init_sess_opts

    def with_arena(config: dict[str, Any]) -> Any:
        options = original(config)
        options.enable_cpu_mem_arena = True
        return options

    infer_engine.OrtInferSession._init_sess_opts = staticmethod(with_arena)
    try:
        yield
    finally:
        infer_engine.OrtInferSession._init_sess_opts = staticmethod(original)


def detect_boxes(img: np.ndarray) -> list[np.ndarray]:
    """Text-line quadrilaterals (4x2 float arrays) in ``img`` coordinates."""
    engine = rapid_engine()
    h, w = img.shape[:2]
    # The detector is the slowest stage: pages are detected at 1280 px on the long side (cards are
    # read at that size already), which keeps their text above the detector's floor.
    scale = min(1.0, 1280 / max(h, w))
    small = cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else img
    det = engine.text_det
    shape = small.shape[:2]
    with _rapid_call_lock:
        # RapidOCR's own detection (TextDetector.__call__), with the probability map kept for a
        # second, tighter pass.
        det.preprocess_op = det.get_preprocess(max(shape))
        prepared = det.preprocess_op(small)
        if prepared is None:
            return []
        preds = det.infer(prepared)[0]
        post = det.postprocess_op
        boxes, _ = post(preds, shape)
        loose = float(post.thresh)
        post.thresh = _TIGHT_THRESH
        try:
            tight, _ = post(preds, shape)
        finally:
            post.thresh = loose
        post.score_mode = "slow"
        try:
            scored_on_outline, _ = post(preds, shape)
        finally:
            post.score_mode = "fast"
        found = [np.asarray(b, dtype=np.float32) for b in det.filter_tag_det_res(boxes, shape)]
        split = [np.asarray(b, dtype=np.float32) for b in det.filter_tag_det_res(tight, shape)]
        outlined = [np.asarray(b, dtype=np.float32) for b in det.filter_tag_det_res(scored_on_outline, shape)]
    found += _bent_lines(found, outlined)
    lost = _lost_lines(found, split)
    if lost:
        # Only numbers are taken back (card numbers, dates): a lost box of other print was as often
        # a piece of the stamp, and one more Hangul crop changes how Tesseract reads the others
        # (docgen resident 10009, degraded: a "모안" beside the address).
        read = recognise([crop_quad(small, b) for b in lost])
        found += [b for b, (text, score) in zip(lost, read, strict=True) if score >= 0.8 and _digits(text) >= 4]
    return [b / scale for b in found]


# A region is kept when the detector's mean score over its rectangle reaches 0.5. The rectangle of
# a line bent with its page (a passport's MRZ bowed by 2.5% of the page's height) is mostly
# empty, and both MRZ lines were dropped (bench/capture_check.py, curl). Scored over their own
# outline they pass; only long ones are taken back (a bent line is long, and scoring every region
# so took in fragments that changed the confidences of right values on docgen passports).
_BENT_LINE_ASPECT = 8.0


def _bent_lines(found: list[np.ndarray], outlined: list[np.ndarray]) -> list[np.ndarray]:
    """Boxes kept only when scored over their outline that are long lines no found box covers."""

    def sides(b: np.ndarray) -> tuple[float, float]:
        return float(np.linalg.norm(b[1] - b[0])), float(np.linalg.norm(b[3] - b[0]))

    def covered(b: np.ndarray) -> bool:
        c = b.mean(axis=0)
        return any(cv2.pointPolygonTest(f.reshape(-1, 1, 2), (float(c[0]), float(c[1])), False) >= 0 for f in found)

    out = []
    for b in outlined:
        long_side, short_side = sorted(sides(b), reverse=True)
        if long_side >= _BENT_LINE_ASPECT * max(short_side, 1.0) and not covered(b):
            out.append(b)
    return out


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


# The detector's probability map is cut at 0.3 into regions, one per line. A line that touches
# other print through a faint bridge (a SPECIMEN stamp across a card number, holdout credit card
# 10001) becomes part of a region whose rectangle is mostly empty, and the whole region is
# dropped. Cut at 0.6 the bridge is gone and the line is a region of its own.
_TIGHT_THRESH = 0.6


def _angle(box: np.ndarray) -> float:
    dx, dy = box[1] - box[0]
    return float(np.degrees(np.arctan2(dy, dx)))


def _lost_lines(found: list[np.ndarray], split: list[np.ndarray]) -> list[np.ndarray]:
    """The tighter pass's boxes that lie where the first pass found nothing, at the slant of the
    lines it found (a diagonal stamp the tighter pass also parts from the line is left out)."""
    slant = float(np.median([_angle(b) for b in found])) if found else 0.0
    out = []
    for box in split:
        area = cv2.contourArea(box)
        if area <= 0 or abs(_angle(box) - slant) > 5:
            continue
        covered = max((cv2.intersectConvexConvex(box, other)[0] for other in found), default=0.0)
        if covered < 0.3 * area:
            out.append(box)
    return out


def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """RapidOCR recognition of line crops: (text, score) per crop."""
    if not crops:
        return []
    engine = rapid_engine()
    with _rapid_call_lock:
        res, _ = engine.text_rec(crops)
    return [(str(t), float(s)) for t, s in res]


def upside_down_lean(crops: list[np.ndarray]) -> float:
    """How far the direction classifier leans towards "turned 180°", from -1 to 1.

    The classifier was trained on Chinese and Latin lines and is biased towards "0" on Hangul, so
    each crop is also classified turned round: a line the model sees as turned whichever way it
    is shown says nothing; one it sees as turned only as it lies counts. The mean of the two
    180° probabilities' difference over the crops."""
    if not crops:
        return 0.0
    engine = rapid_engine()
    turned = [cv2.rotate(c, cv2.ROTATE_180) for c in crops]
    with _rapid_call_lock:
        _, as_is, _ = engine.text_cls([c.copy() for c in crops])
        _, round_, _ = engine.text_cls(turned)

    def p180(label: str, score: float) -> float:
        return float(score) if label == "180" else 1.0 - float(score)

    diffs = [p180(*a) - p180(*b) for a, b in zip(as_is, round_, strict=True)]
    return sum(diffs) / len(diffs)


@dataclass(frozen=True)
class TesseractLine:
    text: str
    confidence: float  # 0..1, mean word confidence
    min_confidence: float
    # Junctions between Hangul words whose gap is close to the space width: the spacing there is a guess.
    spacing_doubts: int = 0
    # Each word Tesseract read, left to right, with its confidence (0..1).
    words: tuple[tuple[str, float], ...] = ()


def _prepare_for_tesseract(
    crop: np.ndarray, height: int = 56, pad: float = 0.0, *, thorough: bool = False
) -> np.ndarray:
    """A line crop as Tesseract reads best: grey, dark on light, ``height`` px high, contrast
    stretched, without table rules; ``pad`` is the share of the line height the crop was padded by
    on every side (imaging.crop_quad), whose cut-off neighbours are cleared. ``thorough``: for a
    line read badly the first time, slanted rules and the ink in the side padding go too, and the
    contrast is stretched again without them (``_erase_rules``, ``_clear_cut_neighbours``)."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    h, w = gray.shape[:2]
    scale = height / max(h, 1)
    gray = cv2.resize(gray, (max(1, int(w * scale)), height), interpolation=cv2.INTER_CUBIC)
    lo, mid, hi = (float(v) for v in np.percentile(gray, (2, 50, 98)))
    # The background is the majority of a line crop: if it is darker than the midpoint between
    # the extremes, the text is light on dark (embossed cards) and the crop is inverted.
    if mid < (lo + hi) / 2:
        gray, lo, hi = 255 - gray, 255 - hi, 255 - lo
    gray, lo, hi = _flatten(gray, lo, hi)
    gray = _stretch(gray, lo, hi)  # under- or over-exposed captures
    gray = _erase_rules(gray, pad, thorough=thorough)
    return _clear_cut_neighbours(gray, _pad_rows(height, pad), sides=thorough) if pad > 0 else gray


def _flatten(gray: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, float, float]:
    """A crop (dark on light) whose paper is unevenly lit, divided by its paper's brightness, with
    its new 2nd and 98th percentiles; others as they are.

    The paper is what is left after taking the brightest pixel of every neighbourhood wider than a
    stroke, smoothed. Stretched as it was, the dim end of a shaded or tinted line was darker than
    Otsu's threshold and went as a "rule" with the print on it (holdout driver 10007, degraded:
    "경상남도 김" of the address, and the name beside a shadow, read as nothing)."""
    k = max(7, gray.shape[0] // 4) | 1
    paper = cv2.GaussianBlur(
        cv2.dilate(gray, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))).astype(np.float32), (0, 0), k
    )
    low, mid, high = (float(v) for v in np.percentile(paper, (5, 50, 95)))
    if high - low <= _UNEVEN * (hi - lo):
        return gray, lo, hi
    flat = np.clip(gray.astype(np.float32) / np.maximum(paper, 1.0) * mid, 0, 255).astype(np.uint8)
    lo, hi = (float(v) for v in np.percentile(flat, (2, 98)))
    return flat, lo, hi


# How much the paper's brightness may vary across a crop, as a share of its contrast, before the
# crop is flattened (``_flatten``).
_UNEVEN = 0.2


def _pad_rows(height: int, pad: float) -> int:
    """The rows above (and below) the line in a crop padded by ``pad`` of the line height and
    scaled to ``height`` px."""
    return round(height * pad / (1 + 2 * pad))


def line_band(crop: np.ndarray, pad: float, height: int = 56) -> np.ndarray:
    """A line crop padded by ``pad`` (imaging.crop_quad) as Tesseract reads it
    (``_prepare_for_tesseract`` at ``height``), with the padding cut off again: the line itself."""
    prepared = _prepare_for_tesseract(crop, height, pad)
    margin = _pad_rows(height, pad)
    return prepared[margin : height - margin] if margin else prepared


def _clear_cut_neighbours(gray: np.ndarray, margin: int, *, sides: bool = False) -> np.ndarray:
    """Paint out ink that lies wholly in the top or bottom ``margin`` rows and touches the edge.

    The padding Tesseract needs around a line takes in the cut-off top or bottom of the lines
    above and below when they are close (the tops of a resident number's digits under a name),
    and Tesseract then reads the name and those fragments as one garbled line. A glyph of the line
    itself reaches into the band from the inside, never from the edge alone.

    ``sides``: ink wholly in the padding left or right of the line goes too (the crop is padded
    there by as much): a cell border that the rule eraser missed, cut short or blurred grey, which
    Tesseract reads into the name beside it ("| 988" for 양진찬, holdout corporate 9304).
    """
    h, w = gray.shape
    if margin < 1 or h <= 2 * margin:
        return gray
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    top = stats[1:, cv2.CC_STAT_TOP]
    bottom = top + stats[1:, cv2.CC_STAT_HEIGHT]
    gone = ((top == 0) & (bottom <= margin)) | ((bottom == h) & (top >= h - margin))
    if sides:
        left = stats[1:, cv2.CC_STAT_LEFT]
        gone |= (left + stats[1:, cv2.CC_STAT_WIDTH] <= margin) | (left >= w - margin)
    cut = np.flatnonzero(gone) + 1
    if not len(cut):
        return gray
    # With their anti-aliased rims, which Otsu leaves out of the ink.
    gone = cv2.dilate(np.isin(labels, cut).astype(np.uint8), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[gone > 0] = 255
    return out


def _erase_rules(gray: np.ndarray, pad: float = 0.0, *, thorough: bool = False) -> np.ndarray:
    """Paint out table rules and cell borders in a line crop (dark text on light).

    Forms print labels and values in ruled cells; the padded crop then holds long horizontal or
    full-height vertical strokes that Tesseract turns into garbage or reads as an empty block.
    No stroke of a Hangul or Latin glyph is that long: a vertical stroke is a rule from 0.85 of
    the crop's height, or, in a crop padded by ``pad`` of the line height, from 1.15 times the line
    itself (a cell border that ends in the padding: "|별빛터크" for 별빛테크 beside it).

    ``thorough``: a cell border the rectification left slanted by a degree or two runs over several
    rows above or below the line, none of them long enough alone; thickened up and down it is one
    long run again, and its own ink goes. Only in the padding above and below the line: inside it,
    a run of MRZ fillers ("<<<<<") thickened so is as long. The rules were the darkest ink, so grey
    or blurred print beside them was hardly stretched: it is stretched again without them.
    """
    h = gray.shape[0]
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    long_run = cv2.getStructuringElement(cv2.MORPH_RECT, (int(1.6 * h), 1))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, long_run)
    if thorough:
        thick = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
        slanted = cv2.dilate(cv2.morphologyEx(thick, cv2.MORPH_OPEN, long_run), np.ones((3, 1), np.uint8))
        band = _pad_rows(h, max(pad, 0.2))
        slanted[band : h - band] = 0
        horizontal = cv2.bitwise_or(horizontal, cv2.bitwise_and(slanted, ink))
    tall = int(min(0.85 * h, 1.15 * h / (1 + 2 * pad)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, tall)))
    if vertical.any():
        # A blurred or slightly slanted border is wider than the columns the opening keeps: the
        # whole narrow blob of ink it belongs to goes ("|[ =왕아경" otherwise).
        _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        hit = np.unique(labels[vertical > 0])
        narrow = [i for i in hit if i and stats[i, cv2.CC_STAT_WIDTH] <= 0.25 * h]
        if narrow:
            vertical = np.where(np.isin(labels, narrow), 255, vertical).astype(np.uint8)
    rules = cv2.bitwise_or(horizontal, vertical)
    if not rules.any():
        return gray
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[rules > 0] = 255
    return _stretch(out) if thorough else out


def _stretch(gray: np.ndarray, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """Contrast stretched between ``lo`` and ``hi``, by default the 2nd and 98th percentiles
    (unless they are all but equal)."""
    if lo is None or hi is None:
        lo, hi = (float(v) for v in np.percentile(gray, (2, 98)))
    if hi - lo <= 10:
        return gray
    return np.clip((gray.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)


def read_lines_tesseract(
    crops: list[np.ndarray], *, lang: str = "kor", heights: list[int] | None = None, pad: float = 0.0
) -> list[TesseractLine]:
    """Read many line crops with one Tesseract call by stacking them into one tall image."""
    return read_lines_tesseract_models(crops, (lang,), heights=heights, pad=pad)[0]


def read_lines_tesseract_models(
    crops: list[np.ndarray],
    langs: tuple[str, ...],
    *,
    heights: list[int] | None = None,
    pad: float = 0.0,
    thorough: list[bool] | None = None,
) -> list[list[TesseractLine]]:
    """Read the same line crops with each of ``langs`` (one thread per model, run side by side:
    each reads single-threaded, and the machine has two cores). ``pad``: how far the crops were
    padded (imaging.crop_quad); ``thorough``: which crops to prepare so (``_prepare_for_tesseract``)."""
    if not crops:
        return [[] for _ in langs]
    prepared = [
        _prepare_for_tesseract(c, h, pad, thorough=t)
        for c, h, t in zip(crops, heights or [56] * len(crops), thorough or [False] * len(crops), strict=True)
    ]
    gap = 28
    width = max(p.shape[1] for p in prepared) + 2 * gap
    total = sum(p.shape[0] + gap for p in prepared) + gap
    sheet = np.full((total, width), 255, np.uint8)
    spans = []
    y = gap
    for p in prepared:
        sheet[y : y + p.shape[0], gap : gap + p.shape[1]] = p
        spans.append((y, y + p.shape[0]))
        y += p.shape[0] + gap
    where = tessdata_dir() or check_tesseract()  # the check raises, naming the install command
    # tesserocr releases the GIL while Tesseract recognises.
    with ThreadPoolExecutor(len(langs)) as pool:
        outputs = list(pool.map(lambda lang: _tesseract_tsv(where, lang, sheet), langs))
    return [_parse_tsv(tsv, spans, gap, prepared) for tsv in outputs]


def _parse_tsv(tsv: str, spans: list[tuple[int, int]], gap: int, prepared: list[np.ndarray]) -> list[TesseractLine]:
    # Words in Tesseract's reading order, grouped by the text line Tesseract saw them on: its word
    # boxes may overlap, and sorting by their left edges put "온" after "컴퍼니" when that box began
    # a pixel further left (holdout corporate 9911: "(주)가컴퍼니온"). A crop Tesseract saw as two
    # lines has them put left to right.
    found: list[dict[tuple[str, ...], list[tuple[int, int, int, str, float]]]] = [{} for _ in prepared]
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9])
        cy = top + height / 2
        for i, (a, b) in enumerate(spans):
            if a - gap / 2 <= cy <= b + gap / 2:
                found[i].setdefault(tuple(cols[2:5]), []).append(
                    (left, left + width, height, cols[11].strip(), max(0.0, float(cols[10])) / 100)
                )
                break
    words = [
        [w for line in sorted(lines.values(), key=lambda ws: min(w[0] for w in ws)) for w in line] for lines in found
    ]
    out = []
    for ws, p in zip(words, prepared, strict=True):
        if not ws:
            out.append(TesseractLine("", 0.0, 0.0))
            continue
        confs = [w[4] for w in ws]
        runs, threshold = _gap_runs(p)
        shifted = [(a - gap, b - gap, h, t, c) for a, b, h, t, c in ws]
        text = _join_words(shifted, [(a, b) for a, b in runs if b - a >= threshold])
        doubts = spacing_doubts(shifted, runs, threshold)
        out.append(TesseractLine(text, sum(confs) / len(confs), min(confs), doubts, tuple((w[3], w[4]) for w in ws)))
    return out


def blank_runs(gray: np.ndarray) -> list[tuple[int, int]]:
    """Column ranges without ink that are wide enough to be a typed space.

    Tesseract's Korean model splits most syllables into separate "words" and its word boxes are
    loose, so the spaces are taken from the ink itself: the gap between syllables of one word is
    much narrower than a space.
    """
    runs, threshold = _gap_runs(gray)
    return [(a, b) for a, b in runs if b - a >= threshold]


def _gap_runs(gray: np.ndarray) -> tuple[list[tuple[int, int]], float]:
    """Every inner ink-free column run at least a sliver wide, and the width that makes a space."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows_with_ink = np.flatnonzero(ink.sum(axis=1) > 0.02 * ink.shape[1])
    if len(rows_with_ink) == 0:
        return [], 0.0
    text_height = int(rows_with_ink[-1] - rows_with_ink[0] + 1)
    # Guilloche lines put a pixel or two into every column; they are not text.
    filled = ink.sum(axis=0) > max(1, 0.08 * text_height)
    runs, start = [], None
    for x, f in enumerate(filled):
        if not f and start is None:
            start = x
        elif f and start is not None:
            runs.append((start, x))
            start = None
    cols = np.flatnonzero(filled)
    if len(cols) == 0:
        return [], 0.0
    first, last = cols[0], cols[-1]
    inner = [(a, b) for a, b in runs if a > first and b <= last and b - a >= 0.15 * text_height]
    return inner, _space_width(sorted(b - a for a, b in inner), text_height)


def spacing_doubts(ws: list[tuple[int, int, int, str, float]], runs: list[tuple[int, int]], threshold: float) -> int:
    """How many Hangul word junctions have a gap within a third of the space width either way.

    Spacing inside Korean text is decided from the ink alone; where a gap is neither clearly a
    letter gap nor clearly a space, the value may be right in its letters and wrong in its spaces.
    """
    if threshold <= 0:
        return 0
    doubts = 0
    for prev, cur in itertools.pairwise(ws):
        if not (_HANGUL_RE.search(prev[3]) and _HANGUL_RE.search(cur[3])):
            continue
        lo, hi = (prev[0] + prev[1]) / 2, (cur[0] + cur[1]) / 2
        widest = max((b - a for a, b in runs if lo < (a + b) / 2 < hi), default=0)
        if widest and 0.75 * threshold <= widest < 1.33 * threshold:
            doubts += 1
    return doubts


def _space_width(widths: list[int], text_height: int) -> float:
    """The narrowest gap that counts as a space on this line.

    Syllable spacing differs a lot between fonts (0.1-0.35 of the text height), so the split is
    taken at the largest jump between gap widths when the line shows two clear groups.
    """
    default = 0.4 * text_height
    if len(widths) < 2:
        return default
    best_ratio, best_split = 1.0, default
    for lo, hi in itertools.pairwise(widths):
        # A very wide gap (label to value) is a space whatever the font; it must not set the split.
        if hi < 0.3 * text_height or hi > 0.8 * text_height:
            continue
        ratio = hi / max(lo, 1)
        if ratio > best_ratio:
            best_ratio, best_split = ratio, (lo + hi) / 2
    return best_split if best_ratio >= 1.35 else default


def _join_words(ws: list[tuple[int, int, int, str, float]], spaces: list[tuple[int, int]]) -> str:
    """Join Tesseract words, with a space only where the line image shows a space-wide gap."""
    # A word's box may run into the next one's ("21132" over the "동" after it): it ends there.
    boxes = [(w[0], nxt[0] if w[0] < nxt[0] < w[1] else w[1], *w[2:]) for w, nxt in itertools.pairwise([*ws, ws[-1]])]
    parts = [_split_digits(boxes[0], spaces)]
    for i in range(1, len(ws)):
        prev, cur = ws[i - 1], ws[i]
        lo, hi = (prev[0] + prev[1]) / 2, (cur[0] + cur[1]) / 2
        # Tesseract segments Latin words well; Hangul syllable splits need the ink check.
        latin = not _HANGUL_RE.search(prev[3] + cur[3])
        gap = latin or any(lo < (a + b) / 2 < hi for a, b in spaces)
        parts.append((" " if gap else "") + _split_digits(boxes[i], spaces))
    return "".join(parts)


def _split_digits(word: tuple[int, int, int, str, float], spaces: list[tuple[int, int]]) -> str:
    """A run of digits with a space-wide gap inside its box is two numbers Tesseract ran together
    ("21132동" for a building number and a block, 21 132동). It is split where the gap falls, at
    the character its share of the box width says (a Hangul syllable is taken as wide as two
    digits), leaving two characters at least on either side. Capitalised Latin words are not
    split so: the gaps beside an "I" are as wide as a narrow space (docgen alien 5008: "UNITED").
    """
    left, right, _, text, _ = word
    if right <= left or not re.fullmatch(r"\d{4,}[가-힣]?", text):
        return text
    widths = [1.0 if _HANGUL_RE.match(ch) else 0.55 for ch in text]
    edges = list(itertools.accumulate(widths, initial=0.0))
    cuts = set()
    for a, b in spaces:
        if left < a and b < right:
            at = ((a + b) / 2 - left) / (right - left) * edges[-1]
            k = min(range(len(edges)), key=lambda i: abs(edges[i] - at))
            if 2 <= k <= len(text) - 2:
                cuts.add(k)
    if not cuts:
        return text
    pieces = [text[i:j] for i, j in itertools.pairwise([0, *sorted(cuts), len(text)])]
    return " ".join(pieces)
