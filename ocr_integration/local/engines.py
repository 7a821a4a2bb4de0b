"""The two recognisers behind the local engine, loaded lazily once per process.

RapidOCR (PP-OCRv4 ONNX models shipped inside the wheel) finds text lines and reads digits and
Latin text very well, but its Chinese model cannot read Hangul. Tesseract with the ``kor`` data
reads the Hangul lines. Nothing is downloaded at run time.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from ocr_integration.errors import OcrConfigurationError

INSTALL_COMMAND = "apt-get install -y tesseract-ocr tesseract-ocr-kor"
_THREADS = int(os.environ.get("OCR_LOCAL_THREADS", "2"))

_lock = threading.Lock()
_rapid: Any = None
# onnxruntime sessions are safe to share, but RapidOCR keeps per-call state on its helpers.
_rapid_call_lock = threading.Lock()


def tesseract_binary() -> str | None:
    return shutil.which(os.environ.get("OCR_TESSERACT_CMD", "tesseract"))


def check_tesseract() -> None:
    """Fail with the install command when Tesseract or its Korean data is missing."""
    binary = tesseract_binary()
    if binary is None:
        raise OcrConfigurationError(
            f"Tesseract is not installed. Install it with: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_missing",
        )
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrConfigurationError(
            f"Tesseract cannot run ({exc.__class__.__name__}). Reinstall it with: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_broken",
        ) from exc
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    if "kor" not in langs:
        raise OcrConfigurationError(
            f"Tesseract has no Korean language data. Install it with: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_kor_missing",
        )


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
                _rapid = RapidOCR(
                    intra_op_num_threads=_THREADS,
                    inter_op_num_threads=1,
                    # Hangul lines come back empty or garbled with low scores; we must keep them.
                    text_score=0.0,
                )
    return _rapid


def detect_boxes(img: np.ndarray) -> list[np.ndarray]:
    """Text-line quadrilaterals (4x2 float arrays) in ``img`` coordinates."""
    engine = rapid_engine()
    h, w = img.shape[:2]
    # The detector is the slowest stage; 1024 px on the long side keeps card text well above its floor.
    scale = min(1.0, 1280 / max(h, w))
    small = cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else img
    with _rapid_call_lock:
        boxes, _ = engine.text_det(small)
    if boxes is None:
        return []
    return [np.asarray(b, dtype=np.float32) / scale for b in boxes]


def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """RapidOCR recognition of line crops: (text, score) per crop."""
    if not crops:
        return []
    engine = rapid_engine()
    with _rapid_call_lock:
        res, _ = engine.text_rec(crops)
    return [(str(t), float(s)) for t, s in res]


@dataclass(frozen=True)
class TesseractLine:
    text: str
    confidence: float  # 0..1, mean word confidence
    min_confidence: float


def _prepare_for_tesseract(crop: np.ndarray, height: int = 56) -> np.ndarray:
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    h, w = gray.shape[:2]
    scale = height / max(h, 1)
    gray = cv2.resize(gray, (max(1, int(w * scale)), height), interpolation=cv2.INTER_CUBIC)
    # Dark text on light paper; cards with light text on dark backgrounds are inverted first.
    if float(np.mean(gray)) < 110:
        gray = 255 - gray
    return gray


def read_lines_tesseract(crops: list[np.ndarray], *, lang: str = "kor") -> list[TesseractLine]:
    """Read many line crops with one Tesseract process by stacking them into one tall image."""
    if not crops:
        return []
    binary = tesseract_binary()
    if binary is None:
        check_tesseract()
    prepared = [_prepare_for_tesseract(c) for c in crops]
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
    with tempfile.TemporaryDirectory(prefix="ocr-local-") as tmp:
        path = os.path.join(tmp, "lines.png")
        cv2.imwrite(path, sheet)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        proc = subprocess.run(
            [binary or "tesseract", path, "stdout", "-l", lang, "--psm", "6", "--dpi", "300", "tsv"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    if proc.returncode != 0:
        raise OcrConfigurationError(
            f"Tesseract failed (exit {proc.returncode}). Check the install: {INSTALL_COMMAND}",
            provider="local",
            code="tesseract_failed",
        )
    words: list[list[tuple[int, int, int, str, float]]] = [[] for _ in crops]
    for row in proc.stdout.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9])
        cy = top + height / 2
        for i, (a, b) in enumerate(spans):
            if a - gap / 2 <= cy <= b + gap / 2:
                words[i].append((left, left + width, height, cols[11].strip(), max(0.0, float(cols[10])) / 100))
                break
    out = []
    for ws in words:
        ws.sort()
        if not ws:
            out.append(TesseractLine("", 0.0, 0.0))
            continue
        confs = [w[4] for w in ws]
        out.append(TesseractLine(_join_words(ws), sum(confs) / len(confs), min(confs)))
    return out


def _join_words(ws: list[tuple[int, int, int, str, float]]) -> str:
    """Join Tesseract words, keeping a space only where the image shows a real gap.

    Tesseract's Korean model splits most syllables into separate "words" ("서 울 특별시"); the gap
    between syllables of one word is much narrower than a typed space, so geometry decides.
    """
    line_height = sorted(w[2] for w in ws)[len(ws) // 2]
    parts = [ws[0][3]]
    for prev, cur in itertools.pairwise(ws):
        gap = cur[0] - prev[1]
        parts.append((" " if gap > 0.3 * line_height else "") + cur[3])
    return "".join(parts)
