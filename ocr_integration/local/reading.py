"""Text-line reading: RapidOCR detects every line and reads digits/Latin, Tesseract reads Hangul.

A ``TextLine`` keeps both readings; extractors pick the one that suits the value they look for
(RapidOCR for numbers and dates, Tesseract for names and addresses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ocr_integration.local import engines
from ocr_integration.local.imaging import WorkingImage, crop_quad, rotate_quarter, rotate_working

_CLEAN_LATIN = re.compile(r"[A-Za-z0-9<./:~\-,'() ]+")
_HANGUL = re.compile(r"[가-힣]")


@dataclass
class TextLine:
    """One detected text line in working-image coordinates with its two readings."""

    quad: np.ndarray  # 4x2, clockwise from top-left
    latin: str
    latin_score: float
    hangul: str = ""
    hangul_conf: float = 0.0
    hangul_min_conf: float = 0.0
    used: bool = field(default=False, compare=False)

    @property
    def x0(self) -> float:
        return float(self.quad[:, 0].min())

    @property
    def x1(self) -> float:
        return float(self.quad[:, 0].max())

    @property
    def y0(self) -> float:
        return float(self.quad[:, 1].min())

    @property
    def y1(self) -> float:
        return float(self.quad[:, 1].max())

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return float(np.linalg.norm(self.quad[3] - self.quad[0]))

    @property
    def has_hangul(self) -> bool:
        return bool(_HANGUL.search(self.hangul))

    def sub_quad(self, start: float, end: float) -> np.ndarray:
        """The part of the line between fractions ``start`` and ``end`` of its length."""
        q = self.quad
        top = q[0] + (q[1] - q[0]) * start, q[0] + (q[1] - q[0]) * end
        bottom = q[3] + (q[2] - q[3]) * start, q[3] + (q[2] - q[3]) * end
        return np.array([top[0], top[1], bottom[1], bottom[0]], np.float32)


def _needs_hangul(text: str, score: float) -> bool:
    return not text or score < 0.9 or not _CLEAN_LATIN.fullmatch(text)


def _skew_angle(boxes: list[np.ndarray]) -> float:
    angles = []
    for b in boxes:
        dx, dy = b[1] - b[0]
        if abs(dx) > 3 * np.linalg.norm(b[3] - b[0]):
            angles.append(np.degrees(np.arctan2(dy, dx)))
    return float(np.median(angles)) if len(angles) >= 3 else 0.0


def _mostly_vertical(boxes: list[np.ndarray]) -> bool:
    tall = sum(1 for b in boxes if np.linalg.norm(b[3] - b[0]) > 1.5 * np.linalg.norm(b[1] - b[0]))
    return len(boxes) >= 3 and tall > 0.6 * len(boxes)


def _upside_down(work: WorkingImage, boxes: list[np.ndarray]) -> bool:
    """Compare recognition confidence of the longest lines read as-is and turned 180°."""
    longest = sorted(boxes, key=lambda b: -np.linalg.norm(b[1] - b[0]))[:6]
    crops = [crop_quad(work.bgr, b) for b in longest]
    upright = engines.recognise(crops)
    flipped = engines.recognise([np.ascontiguousarray(c[::-1, ::-1]) for c in crops])
    up = sum(s * len(t) for t, s in upright)
    down = sum(s * len(t) for t, s in flipped)
    return down > up * 1.3 + 1


def read_lines(work: WorkingImage, *, hangul: bool = True) -> tuple[WorkingImage, list[TextLine]]:
    """Detect and read every text line; returns the (possibly re-oriented) working image too."""
    boxes = engines.detect_boxes(work.bgr)
    if _mostly_vertical(boxes):
        work = rotate_quarter(work, 1)
        boxes = engines.detect_boxes(work.bgr)
    angle = _skew_angle(boxes)
    if abs(angle) > 1.0:
        work = rotate_working(work, angle)
        boxes = engines.detect_boxes(work.bgr)
    if boxes and _upside_down(work, boxes):
        work = rotate_quarter(work, 2)
        boxes = engines.detect_boxes(work.bgr)
    crops = [crop_quad(work.bgr, b) for b in boxes]
    rec = engines.recognise(crops)
    lines = [TextLine(np.asarray(b, np.float32), t.strip(), s) for b, (t, s) in zip(boxes, rec, strict=True)]
    if hangul:
        todo = [i for i, ln in enumerate(lines) if _needs_hangul(ln.latin, ln.latin_score)]
        # Padding gives Tesseract the margins it expects around a line.
        ko = engines.read_lines_tesseract([crop_quad(work.bgr, lines[i].quad, pad=0.25) for i in todo])
        for i, res in zip(todo, ko, strict=True):
            lines[i].hangul = res.text
            lines[i].hangul_conf = res.confidence
            lines[i].hangul_min_conf = res.min_confidence
    lines.sort(key=lambda ln: (round(ln.cy / max(ln.height, 1) / 1.2), ln.x0))
    return work, lines


def rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines whose vertical centres overlap into rows, each sorted left to right."""
    out: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.cy):
        for row in out:
            ref = row[0]
            if abs(ref.cy - ln.cy) < 0.5 * min(ref.height, ln.height):
                row.append(ln)
                break
        else:
            out.append([ln])
    for row in out:
        row.sort(key=lambda ln: ln.x0)
    return out
