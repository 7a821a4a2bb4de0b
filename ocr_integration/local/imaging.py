"""Decoding and geometric preprocessing: EXIF orientation, PDF rendering, document rectification.

The engine works on a rectified, size-normalised "working" image; a homography maps every point
back to the orientation-normalised input image (or to PDF points) for the result polygons.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr_integration.errors import OcrRejectedInput
from ocr_integration.types import TextRun

# Cards and IDs below this size are flagged "low" (the providers' recommended minimum, seeds 000).
LOW_RESOLUTION = (760, 480)
PDF_RENDER_DPI = 200
MAX_PIXELS = 40_000_000


@dataclass
class InputImage:
    """The orientation-normalised input: pixels plus the unit and scale of the result coordinates."""

    bgr: np.ndarray
    unit: str  # "pixel" or "point"
    to_output: float  # multiply pixel coordinates by this to get output units
    width: int  # in output units
    height: int
    text: tuple[TextRun, ...] = ()  # a PDF page's visible text layer (page_text)


@dataclass
class WorkingImage:
    """A rectified view of the document and the homography back to the input image pixels."""

    bgr: np.ndarray
    to_input: np.ndarray  # 3x3 homography: working pixels -> input pixels
    rectified: bool


def _reject(message: str, user_message: Any) -> OcrRejectedInput:
    return OcrRejectedInput(message, provider="local", code="unreadable", user_message=str(user_message))


def _is_pdf(data: bytes) -> bool:
    """A PDF by its content, not its name. Readers accept a header anywhere in the first 1,024
    bytes (ISO 32000-1, annex H), after bytes that no picture starts with."""
    return data.startswith(b"%PDF-") or (
        b"%PDF-" in data[:1024]
        and not data.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8", b"RIFF", b"BM", b"II*", b"MM*"))
    )


def load_input(data: bytes) -> InputImage:
    """Decode a picture (applying EXIF orientation) or render the first page of a PDF, as the
    content says (a photo named "certificate.pdf" is a photo)."""
    if not data:
        raise _reject("empty upload", _("The file is empty. Please upload a photo or PDF of the document."))
    if _is_pdf(data):
        return _load_pdf(data)
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > MAX_PIXELS:
                raise _reject("image too large", _("The picture is too large. Please upload a smaller photo."))
            upright = ImageOps.exif_transpose(im) or im
            rgb = np.asarray(plain_rgb(upright))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise _reject(
            "not a readable image", _("This file is not a readable image. Please upload a JPEG, PNG or PDF.")
        ) from exc
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    return InputImage(bgr, "pixel", 1.0, bgr.shape[1], bgr.shape[0])


# Greyscale modes of more than 8 bits a sample (16-bit PNG scans): Pillow's own conversion clips
# them at 255 instead of scaling, and the picture comes out white.
_WIDE_GREY = {"I;16", "I;16B", "I;16L", "I;16N", "I"}


def plain_rgb(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit RGB as it looks: transparency laid on white, and 16-bit greyscale scaled.

    A plain conversion reads the colour under transparent pixels, black in a PNG of dark print on
    a transparent page, so the page came out black and no text was found; and it clipped a
    16-bit scan's samples at 255, so the page came out white."""
    if image.mode in _WIDE_GREY:
        grey = np.asarray(image, dtype=np.float64) / 257
        return Image.fromarray(np.clip(grey.round(), 0, 255).astype(np.uint8), "L").convert("RGB")
    if image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _load_pdf(data: bytes) -> InputImage:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _reject(
            "not a readable PDF", _("This PDF cannot be opened. Please upload the certificate again.")
        ) from exc
    try:
        if len(pdf) < 1:
            raise _reject("empty PDF", _("This PDF has no pages. Please upload the certificate again."))
        page = pdf[0]
        width_pt, height_pt = page.get_size()
        scale = PDF_RENDER_DPI / 72
        if width_pt * height_pt * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width_pt * height_pt)) ** 0.5
        pil = page.render(scale=scale).to_pil().convert("RGB")
        text = page_text(page, scale)
    finally:
        pdf.close()
    bgr = cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)
    return InputImage(bgr, "point", 1 / scale, round(width_pt), round(height_pt), text)


def page_text(page: Any, scale: float) -> tuple[TextRun, ...]:
    """The text of a pypdfium2 page rendered at ``scale`` (pixels per point), as pdfium groups it
    into runs on a line, in rendered pixels.

    A page with invisible text (render mode 3: a scanner's OCR over its scan, its reading and not
    the document's text) or a rotated page gives none, and its picture is read. Text hidden in
    other ways (white, under the picture) is caught later, by comparing the layer with the page
    (``textlayer.shown_on_page``).
    """
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() % 360:
        return ()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,)):
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            return ()
    left0, _, _, top0 = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        runs = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
            if text:
                box = ((left - left0) * scale, (top0 - top) * scale, (right - left0) * scale, (top0 - bottom) * scale)
                runs.append(TextRun(text, box))
        return tuple(runs)
    finally:
        textpage.close()


def is_low_resolution(width: float, height: float) -> bool:
    long_side, short_side = max(width, height), min(width, height)
    return long_side < LOW_RESOLUTION[0] or short_side < LOW_RESOLUTION[1]


def _order_quad(pts: np.ndarray) -> np.ndarray:
    """Clockwise from top-left."""
    pts = pts.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def _thumbnail(bgr: np.ndarray) -> tuple[np.ndarray, float]:
    """The frame at 640 px on its long side, where outlines are looked for, and its scale."""
    h, w = bgr.shape[:2]
    scale = 640 / max(h, w)
    return cv2.resize(bgr, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA), scale


def find_document_quad(bgr: np.ndarray) -> np.ndarray | None:
    """The outline of a card or page photographed on a background, or None when it fills the frame."""
    small, scale = _thumbnail(bgr)
    quad = _outline(small)
    return None if quad is None else quad / scale


def _outline(small: np.ndarray) -> np.ndarray | None:
    """``find_document_quad`` in the thumbnail's pixels."""
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    best = None
    best_area = 0.0
    area_total = small.shape[0] * small.shape[1]
    for edges in (cv2.Canny(gray, 30, 90), cv2.Canny(gray, 60, 160)):
        edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
        contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for cnt in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
            area = cv2.contourArea(cnt)
            if area < 0.2 * area_total or area > 0.97 * area_total:
                continue
            hull = cv2.convexHull(cnt)
            peri = cv2.arcLength(hull, True)
            for eps in (0.02, 0.03, 0.05):
                approx = cv2.approxPolyDP(hull, eps * peri, True)
                if len(approx) == 4:
                    break
            else:
                rect = cv2.minAreaRect(hull)
                approx = cv2.boxPoints(rect)
                if cv2.contourArea(hull) < 0.9 * rect[1][0] * rect[1][1]:
                    continue
            if area > best_area:
                best, best_area = np.asarray(approx, np.float32).reshape(4, 2), area
    return None if best is None else _order_quad(best)


# ID-1 cards are 85.60 x 53.98 mm (1.586) and a passport's data page 125 x 88 mm (1.42); seen in a
# photo with up to 15 degrees of tilt, their outline's long-to-short ratio stays within these bounds.
CARD_ASPECT = (1.3, 1.8)
_SIDES_DIFFER = 1.25


def find_card_on_backdrop(bgr: np.ndarray) -> np.ndarray | None:
    """The outline of a card lying on a backdrop of another colour, where ``find_document_quad``
    finds no closed edge: a dark card on a dark or textured backdrop (holdout credit cards 9900,
    9902, 9905 and 9906, degraded: a purple card on purple cloth). The backdrop is the colour of
    the frame's border; the card is the largest region of another colour, if the frame does not
    cut it off, it fills its bounding rectangle, it is shaped like a card (``CARD_ASPECT``) and
    next to nothing else differs from the backdrop. A card that fills the frame has no backdrop:
    its border is the card's own ground, and its largest region of another colour is its photo,
    among the print of the rest (failure-hunting seeds 9900-9911: at least 1.4% of the frame
    beside the region, against at most 0.4% with a backdrop)."""
    h, w = bgr.shape[:2]
    scale = 320 / max(h, w)
    small = cv2.GaussianBlur(cv2.resize(bgr, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA), (5, 5), 0)
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32)
    b = max(2, int(0.03 * max(small.shape[:2])))
    border = np.concatenate(
        [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)]
    )
    backdrop = np.median(border, axis=0)
    spread = float(np.percentile(np.linalg.norm(border - backdrop, axis=1), 90))
    other = (np.linalg.norm(lab - backdrop, axis=2) > max(2.0 * spread, 12.0)).astype(np.uint8)
    other = cv2.morphologyEx(other, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(other)
    if count < 2:
        return None
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if ((other > 0) & (labels != i)).mean() > 0.01:
        return None  # print around the region: the frame is the document
    region = (labels == i).astype(np.uint8)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    edge = int(region[0].sum() + region[-1].sum() + region[:, 0].sum() + region[:, -1].sum())
    if edge > 0.03 * cv2.arcLength(hull, True):
        return None  # cut off by the frame: one side of the outline would be the frame's edge
    area = cv2.contourArea(hull)
    rect = cv2.minAreaRect(hull)
    sides = sorted(rect[1])
    if area < 0.15 * small.shape[0] * small.shape[1] or area < 0.9 * sides[0] * sides[1]:
        return None
    if not CARD_ASPECT[0] <= sides[1] / max(sides[0], 1.0) <= CARD_ASPECT[1]:
        return None
    peri = cv2.arcLength(hull, True)
    quad = next(
        (p for eps in (0.02, 0.03, 0.05) if len(p := cv2.approxPolyDP(hull, eps * peri, True)) == 4),
        cv2.boxPoints(rect),
    )
    quad = _order_quad(np.asarray(quad, np.float32) / scale)
    # Opposite sides of a card seen with up to 15 degrees of tilt differ by less than a quarter;
    # an outline that takes in glare or backdrop of the card's own colour does not (docgen
    # resident 9700, degraded: 1.34; the cards found were within 1.19).
    sides = [float(np.linalg.norm(quad[(k + 1) % 4] - quad[k])) for k in range(4)]
    for one, facing in ((sides[0], sides[2]), (sides[1], sides[3])):
        if max(one, facing) > _SIDES_DIFFER * max(min(one, facing), 1.0):
            return None
    return quad


# Outside a page's outline lies a backdrop; outside a box printed on the page, the same paper, with
# print on it. Lab distance of the paper just inside and just outside an outline, below which the
# paper goes on, and the share of dark print in the frame outside it from which there is print:
# pages on backdrops and pages whose printed border holds all their print had at most 0.51%;
# certificates whose edges were out of the frame, so that the outline was their table, 2.4-4.9%
# (bench/outline_check.py).
_SAME_PAPER = 30.0
_PRINT_OUTSIDE = 0.015


def _printed_box(small: np.ndarray, q: np.ndarray) -> bool:
    """The outline ``find_document_quad`` found is a box printed on the page, not the page's edge.

    A certificate photographed with its edges outside the frame has no outline of its own, and
    its largest closed outline is then its table: rectified to it, the heading and the
    registration number above it were cut off and never read. ``small`` is the frame's thumbnail
    (``_thumbnail``) and ``q`` the outline in its pixels."""
    measured = outline_surroundings(small, q)
    return measured is not None and measured[0] < _SAME_PAPER and measured[1] > _PRINT_OUTSIDE


def outline_surroundings(small: np.ndarray, q: np.ndarray) -> tuple[float, float] | None:
    """What ``_printed_box`` decides on (bench/outline_check.py prints it): the Lab distance of
    the paper just inside the outline ``q`` from what lies just outside it, and the share of dark
    print in the thumbnail ``small`` outside it; None when the outline leaves no band either side."""
    centre = q.mean(axis=0)

    def inside(grow: float) -> np.ndarray:
        mask = np.zeros(small.shape[:2], np.uint8)
        cv2.fillPoly(mask, [((q - centre) * grow + centre).astype(np.int32)], 1)
        return mask > 0

    band_out = inside(1.08) & ~inside(1.03)
    band_in = inside(0.97) & ~inside(0.92)
    if not band_out.any() or not band_in.any():
        return None
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32)
    distance = float(np.linalg.norm(np.median(lab[band_in], axis=0) - np.median(lab[band_out], axis=0)))
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 20)
    outside = ~inside(1.04)
    return distance, float(ink[outside].mean()) if outside.any() else 0.0


def rectify(inp: InputImage, *, target_long: int, card: bool = False) -> WorkingImage:
    """Warp the document to a fronto-parallel view whose long side is ``target_long`` pixels.
    ``card``: the document is an ID-1 card, which may lie on a backdrop of a colour close to its
    own (``find_card_on_backdrop``)."""
    bgr = inp.bgr
    h, w = bgr.shape[:2]
    small, thumb_scale = _thumbnail(bgr)
    quad = _outline(small)
    if quad is not None and not card and _printed_box(small, quad):
        quad = None
    if quad is not None:
        quad = quad / thumb_scale
    elif card:
        quad = find_card_on_backdrop(bgr)
    if quad is not None:
        top = np.linalg.norm(quad[1] - quad[0])
        bottom = np.linalg.norm(quad[2] - quad[3])
        left = np.linalg.norm(quad[3] - quad[0])
        right = np.linalg.norm(quad[2] - quad[1])
        qw, qh = max(top, bottom), max(left, right)
        scale = target_long / max(qw, qh)
        ow, oh = int(qw * scale), int(qh * scale)
        dst = np.array([[0, 0], [ow - 1, 0], [ow - 1, oh - 1], [0, oh - 1]], np.float32)
        m = cv2.getPerspectiveTransform(quad, dst)
        warped = cv2.warpPerspective(bgr, m, (ow, oh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
        return WorkingImage(warped, np.linalg.inv(m), True)
    scale = target_long / max(h, w)
    interp = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    resized = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=interp)
    m = np.diag([scale, scale, 1.0])
    return WorkingImage(resized, np.linalg.inv(m), False)


def rotate_working(work: WorkingImage, angle_deg: float) -> WorkingImage:
    """Deskew by ``angle_deg`` (counter-clockwise), keeping the mapping back to the input."""
    h, w = work.bgr.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    rotated = cv2.warpAffine(work.bgr, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    m3 = np.vstack([m, [0, 0, 1]])
    return WorkingImage(rotated, work.to_input @ np.linalg.inv(m3), work.rectified)


def rotate_quarter(work: WorkingImage, turns: int) -> WorkingImage:
    """Rotate by 90° steps clockwise (sideways or upside-down photos without EXIF)."""
    turns %= 4
    if turns == 0:
        return work
    h, w = work.bgr.shape[:2]
    img = np.ascontiguousarray(np.rot90(work.bgr, k=-turns))
    # Map new (x', y') to old (x, y).
    if turns == 1:
        back = np.array([[0, 1, 0], [-1, 0, h - 1], [0, 0, 1]], np.float64)
    elif turns == 2:
        back = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], np.float64)
    else:
        back = np.array([[0, -1, w - 1], [1, 0, 0], [0, 0, 1]], np.float64)
    return WorkingImage(img, work.to_input @ back, work.rectified)


def map_points(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    pts = np.asarray(pts, np.float64).reshape(-1, 2)
    homog = np.hstack([pts, np.ones((len(pts), 1))]) @ h.T
    return homog[:, :2] / homog[:, 2:3]


def crop_quad(bgr: np.ndarray, quad: np.ndarray, *, pad: float = 0.0) -> np.ndarray:
    """A straightened crop of a text-line quadrilateral, optionally padded by a share of its height."""
    q = np.asarray(quad, np.float32).reshape(4, 2)
    width = int(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))
    height = int(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    width, height = max(width, 2), max(height, 2)
    p = pad * height
    dst = np.array([[p, p], [width + p, p], [width + p, height + p], [p, height + p]], np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(
        bgr, m, (int(width + 2 * p), int(height + 2 * p)), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def rectify_none(inp: InputImage, *, target_long: int) -> WorkingImage:
    """Size-normalise without looking for an outline (rendered PDF pages are already flat)."""
    h, w = inp.bgr.shape[:2]
    scale = target_long / max(h, w)
    interp = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    resized = cv2.resize(inp.bgr, (round(w * scale), round(h * scale)), interpolation=interp)
    return WorkingImage(resized, np.linalg.inv(np.diag([scale, scale, 1.0])), False)
