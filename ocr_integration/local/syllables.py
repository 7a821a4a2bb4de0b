"""A third opinion on blurred Hangul: a small classifier of single syllables.

Tesseract's two Korean models misread the same blurred syllable alike (뜸 as 픔 or 듬, 솔 as 술)
at every height, so voting their readings cannot mend it. This classifier was trained on other
fonts than either test generator's (scripts/train_syllables.py: the Un and Baekmuk fonts, none of
them Nanum or Noto) with blur, low resolution, noise and JPEG, and makes other mistakes: it is
weak on syllables that differ by one short stroke (성/셩, 상/샹), where Tesseract is strong.
So it never reads a line alone; ``reading`` adds its probabilities to the vote on lines the two
models dispute.

A line is cut into syllables the way Hangul is set: every syllable of a word is as wide as the
next, so a word's ink is divided evenly by the number of syllables a reading gave it, and words
are parted at the widest gaps in the ink.

The model (``data/hangul_syllables.onnx``, 2,350 classes: the Hangul syllables of KS X 1001,
which cover names and trade names) ships in the repository and runs on ONNX Runtime, which the
engine already needs for RapidOCR.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

MODEL_PATH = Path(__file__).with_name("data") / "hangul_syllables.onnx"
SIZE = 32  # the classifier's input: a syllable cell as a 32 x 32 grey square


@cache
def ks_x_1001() -> tuple[str, ...]:
    """The 2,350 Hangul syllables of KS X 1001 (EUC-KR rows 0xB0-0xC8), in code order: the
    classifier's classes."""
    out = []
    for row in range(0xB0, 0xC9):
        for col in range(0xA1, 0xFF):
            try:
                ch = bytes((row, col)).decode("euc_kr")
            except UnicodeDecodeError:
                continue
            if "가" <= ch <= "힣":
                out.append(ch)
    return tuple(out)


def model_path() -> Path:
    """The model file: the ``OCR_SYLLABLE_MODEL`` setting, else the one in this repository."""
    # Imported here: the training script (scripts/train_syllables.py) uses this module without Django.
    from django.conf import settings

    return Path(getattr(settings, "OCR_SYLLABLE_MODEL", "") or MODEL_PATH)


def check_model() -> None:
    """Fail with what to do when the model file is missing or unreadable (the readiness check)."""
    from ocr_integration.errors import OcrConfigurationError

    path = model_path()
    if not path.is_file():
        raise OcrConfigurationError(
            f"The Hangul syllable classifier is missing ({path}). Restore it from the repository "
            "(git checkout -- ocr_integration/local/data/hangul_syllables.onnx) or retrain it with: "
            "make train-syllables",
            provider="local",
            code="syllable_model_missing",
        )
    _session(str(path))


@cache
def _session(path: str) -> Any:
    import onnxruntime as ort
    from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidGraph, InvalidProtobuf, NoSuchFile

    from ocr_integration.errors import OcrConfigurationError

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except (Fail, InvalidGraph, InvalidProtobuf, NoSuchFile) as exc:
        raise OcrConfigurationError(
            f"The Hangul syllable classifier ({path}) cannot be loaded. Restore it from the repository "
            "or retrain it with: make train-syllables",
            provider="local",
            code="syllable_model_broken",
        ) from exc


def normalise(cell: np.ndarray) -> np.ndarray:
    """A grey syllable cell as the classifier reads it: 32 x 32, contrast stretched from the 2nd
    to the 98th percentile (the training script calls this too)."""
    g = cv2.resize(cell, (SIZE, SIZE), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    lo, hi = np.percentile(g, (2, 98))
    return np.clip((g - lo) / max(float(hi - lo), 10.0) * 255, 0, 255).astype(np.uint8)


def _ink(band: np.ndarray) -> np.ndarray:
    """The dark print of a grey line ``band`` as 255 on 0 (Otsu's threshold)."""
    _, ink = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _print_height(ink: np.ndarray) -> int:
    """From the top of the print to its bottom, in rows; 0 without print."""
    rows = np.flatnonzero((ink > 0).sum(axis=1) > 0)
    return int(rows[-1] - rows[0] + 1) if len(rows) else 0


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The runs of true values in ``flags``, as (start, end) index pairs."""
    runs: list[tuple[int, int]] = []
    for x, on in enumerate(flags):
        if on and runs and runs[-1][1] == x:
            runs[-1] = (runs[-1][0], x + 1)
        elif on:
            runs.append((x, x + 1))
    return runs


def cells(band: np.ndarray, words: list[int]) -> list[np.ndarray] | None:
    """The syllable cells of a grey line ``band`` (dark text on light, the line's own height)
    holding ``words`` (syllables per word, left to right): words parted at the widest ink gaps,
    each divided evenly; specks and a table rule before the line are left out of the ink. None
    when the ink has fewer gaps than the words need or a cell would be far from square (then the
    reading's word count does not fit the line)."""
    if not words or min(words) < 1:
        return None
    ink = _ink(band)
    # Specks (a dot of dirt, a mark a reading put before the word) would stretch the ink's extent.
    h = band.shape[0]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    left_out = [i for i in range(1, count) if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) < 0.2 * h]
    # So would a table rule before the line: thin strokes that are the leftmost ink, as tall as
    # the line or cut off by the crop's edge. No syllable starts with one (the stroke of 이 stands
    # right of its ㅇ).
    # A slanted rule breaks into pieces: one beside a piece already left out is the rule's too
    # (holdout individual 1006: the lower half of a rule, a few pixels right of its upper half,
    # shifted every cell of 으뜸무역 by half a syllable).
    rest = sorted((i for i in range(1, count) if i not in left_out), key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    rule_right = -1.0
    for i in rest:
        thin = stats[i, cv2.CC_STAT_WIDTH] <= 0.15 * h
        at_rule = stats[i, cv2.CC_STAT_LEFT] == 0 or stats[i, cv2.CC_STAT_LEFT] <= rule_right + 0.15 * h
        if not thin or (stats[i, cv2.CC_STAT_HEIGHT] < 0.8 * h and not at_rule):
            break
        left_out.append(i)
        rule_right = max(rule_right, float(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]))
    if left_out:
        ink = np.where(np.isin(labels, left_out), 0, ink).astype(np.uint8)
    cols = np.flatnonzero((ink > 0).sum(axis=0) > 1)
    if not len(cols):
        return None
    x0, x1 = int(cols[0]), int(cols[-1]) + 1
    # A cell is at least 0.45 of the band wide, or 0.75 of the ink's height where the band is
    # far taller than its print (holdout individual 10508: 으뜸무역's cells were a little under
    # 0.45 of the band, and nearly as wide as the print is tall); a reading with too many
    # syllables cuts cells narrower still.
    narrowest = min(0.45 * h, 0.75 * _print_height(ink))
    gaps = [(a + x0, b + x0) for a, b in _runs((ink[:, x0:x1] > 0).sum(axis=0) <= 1)]
    if len(gaps) < len(words) - 1:
        return None
    parts = sorted(sorted(gaps, key=lambda g: g[0] - g[1])[: len(words) - 1])
    edges = [x0, *(x for gap in parts for x in gap), x1]
    out = []
    for k, n in enumerate(words):
        a, b = edges[2 * k], edges[2 * k + 1]
        w = (b - a) / n
        if not narrowest <= w <= 1.6 * h:
            return None
        out += [band[:, round(a + j * w) : round(a + (j + 1) * w)] for j in range(n)]
    return out


def bracketed(band: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """A grey line ``band`` that starts with a bracketed syllable ("(주)으뜸무역") parted into the
    syllable's cell, between the brackets, and the band after the closing bracket. The brackets
    are the first and the next narrow runs of ink columns (at most a third of the ink's height
    wide) with a syllable's width of ink between them; None when the ink is not so."""
    ink = _ink(band)
    tall = _print_height(ink)
    if not tall:
        return None
    runs = _runs((ink > 0).sum(axis=0) > 1)
    narrow = [r for r in runs if r[1] - r[0] <= tall / 3]
    if len(narrow) < 2 or runs[0] != narrow[0]:
        return None
    opened, closed = narrow[0], narrow[1]
    if not 0.5 * tall <= closed[0] - opened[1] <= 1.6 * tall:
        return None
    return band[:, opened[1] : closed[0]], band[:, closed[1] :]


def after_colon(band: np.ndarray) -> np.ndarray | None:
    """The part of a grey line ``band`` right of its last colon: two dots (ink no wider or taller
    than a fifth of the band) one above the other, with half a band's width of ink after them;
    None when there is no such colon."""
    h = band.shape[0]
    ink = _ink(band)
    count, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    dots = [i for i in range(1, count) if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) <= 0.2 * h]
    right = [int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in range(count)]
    colons = [
        max(right[a], right[b])
        for a in dots
        for b in dots
        if centres[b, 1] - centres[a, 1] >= 0.2 * h and abs(centres[a, 0] - centres[b, 0]) <= 0.1 * h
    ]
    if not colons:
        return None
    after = max(colons)
    inked = np.flatnonzero((ink[:, after:] > 0).sum(axis=0) > 1)
    return band[:, after:] if len(inked) and inked[-1] - inked[0] >= 0.5 * h else None


def probabilities(cell_list: list[np.ndarray]) -> np.ndarray:
    """Each cell's probability over ``ks_x_1001()`` (one row per cell)."""
    if not cell_list:
        return np.zeros((0, len(ks_x_1001())), np.float32)
    batch = np.stack([normalise(c) for c in cell_list]).astype(np.float32)[:, None] / 127.5 - 1
    # ONNX Runtime sessions may be run from several threads at once.
    logits = _session(str(model_path())).run(None, {"cells": batch})[0]
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


@cache
def class_index() -> dict[str, int]:
    """Each class's row in ``probabilities``."""
    return {ch: i for i, ch in enumerate(ks_x_1001())}
