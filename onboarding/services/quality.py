"""Capture-quality report for an accepted picture: resolution, blur, glare, document size in frame.

Each problem found comes with specific retake advice. The report is advisory: the picture is kept
and read, and the person sees what to improve if the reading disappoints.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from django.utils.translation import gettext as _
from PIL import Image

# Seed 000 "Input Image Guide": recommended resolution per document kind.
RECOMMENDED_RESOLUTION = {
    "id_card": (760, 480),
    "credit_card": (760, 480),
    "business_registration": (1280, 720),
}
# Thresholds measured on the synthetic SPECIMEN captures of tests/docgen (sharp scans vs. blurred photos).
BLUR_MIN_SHARPNESS = 60.0
GLARE_MAX_FRACTION = 0.004
MIN_COVERAGE = 0.30
_ANALYSIS_LONG_SIDE = 1000


def _grey(image: Image.Image) -> np.ndarray:
    grey = np.asarray(image.convert("L"))
    scale = _ANALYSIS_LONG_SIDE / max(grey.shape)
    if scale < 1:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return grey


def sharpness(grey: np.ndarray) -> float:
    """Variance of the Laplacian: low when edges are soft (out of focus or shaken)."""
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def glare_fraction(grey: np.ndarray) -> float:
    """Share of blown-out pixels that are much brighter than their surroundings (a white page is not glare)."""
    blurred = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), max(grey.shape) / 12)
    hot = (grey >= 248) & (grey.astype(np.float32) - blurred > 35)
    return float(hot.mean())


def coverage(grey: np.ndarray) -> float:
    """Share of the picture covered by the bounding box of the document's detail (text, edges)."""
    edges = cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 60, 160)
    edges = cv2.dilate(edges, np.ones((5, 5), np.uint8))
    ys, xs = np.nonzero(edges)
    if len(xs) < 50:
        return 0.0
    # Trim stray texture at the extremes so a grainy table does not pass for the document.
    x0, x1 = np.percentile(xs, [1, 99])
    y0, y1 = np.percentile(ys, [1, 99])
    return float((x1 - x0) * (y1 - y0) / (grey.shape[0] * grey.shape[1]))


def quality_report(*, image: Image.Image, kind: str) -> dict[str, Any]:
    """Measurements and issue codes for one picture (stored with the document, no personal data)."""
    rec_w, rec_h = RECOMMENDED_RESOLUTION[kind]
    long_side, short_side = max(image.size), min(image.size)
    grey = _grey(image)
    report: dict[str, Any] = {
        "width": image.width,
        "height": image.height,
        "recommended": [rec_w, rec_h],
        "resolution": "low" if long_side < rec_w or short_side < rec_h else "normal",
        "sharpness": round(sharpness(grey), 1),
        "glare": round(glare_fraction(grey), 5),
        "coverage": round(coverage(grey), 3),
    }
    issues = []
    if report["resolution"] == "low":
        issues.append("low_resolution")
    if report["sharpness"] < BLUR_MIN_SHARPNESS:
        issues.append("blurry")
    if report["glare"] > GLARE_MAX_FRACTION:
        issues.append("glare")
    if report["coverage"] < MIN_COVERAGE:
        issues.append("too_small")
    report["issues"] = issues
    return report


def quality_advice(report: dict[str, Any]) -> list[dict[str, str]]:
    """What each issue means and what to do, in the current language."""
    rec_w, rec_h = report.get("recommended", (760, 480))
    texts = {
        "low_resolution": (
            _("Low resolution"),
            _(
                "The picture is smaller than the recommended %(w)s × %(h)s pixels. Move closer so the document "
                "fills the frame, or set your camera to a higher resolution."
            )
            % {"w": rec_w, "h": rec_h},
        ),
        "blurry": (
            _("Blurred"),
            _(
                "The picture looks blurred. Hold the phone steady, tap the screen to focus on the document, "
                "and use good light."
            ),
        ),
        "glare": (
            _("Glare"),
            _(
                "Light is reflecting off the document. Turn the flash off, tilt the document slightly, "
                "or move away from the lamp."
            ),
        ),
        "too_small": (
            _("Document too small in the picture"),
            _("The document covers only a small part of the picture. Move closer so it fills the guide frame."),
        ),
    }
    return [{"code": c, "title": texts[c][0], "advice": texts[c][1]} for c in report.get("issues", []) if c in texts]
