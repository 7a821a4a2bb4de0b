"""The embedded offline OCR engine behind the provider interface (``OCR_PROVIDERS["local"]``)."""

from __future__ import annotations

import logging
import re
import threading
import time

import cv2
import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocr_integration.errors import OcrRejectedInput
from ocr_integration.local import deblur, engines, imaging, syllables, textlayer
from ocr_integration.local.business import detect_corporate, extract_business
from ocr_integration.local.cards import extract_credit_card
from ocr_integration.local.confidence import KOREAN_FAMILIES, calibrate, curve_of, family_of, review_thresholds
from ocr_integration.local.extraction import Draft, second_reading_disagreement
from ocr_integration.local.idcards import RRN_RE, extract_alien, extract_driver, extract_resident
from ocr_integration.local.korean import hangul_only
from ocr_integration.local.passport import extract_passport, find_mrz
from ocr_integration.local.reading import TextLine, read_lines
from ocr_integration.types import KINDS, DocumentResult, Field, ImageInfo, TextRun, make_field, polygon

logger = logging.getLogger(__name__)

# Only one document at a time per process: two concurrent reads on 2 cores would each miss the
# latency target and double the peak memory.
_analyze_lock = threading.Lock()
_CARD_LONG_SIDE = 1280
# Raw score factor per syllable (at most two) of a Korean value that the second model read otherwise.
SECOND_READER_PENALTY = 0.6
_PAGE_LONG_SIDE = 1800
# Dates of things that have happened: one later than today was misread ("2028" for "2023").
PAST_DATE_KEYS = frozenset({"issue_date", "open_date", "birth_date", "representative_birth_date"})
FUTURE_DATE_PENALTY = 0.3


# Hangul compatibility letters (ㄱ-ㅎ, ㅏ-ㅣ) standing alone, outside a syllable block; not the
# archaic ㆍ (U+318D) that business items use as a middle dot.
_LONE_JAMO_RE = re.compile(r"[\u3131-\u3163]")


def lone_letter_factor(value: str) -> float:
    """A Hangul letter outside a syllable ("ㅇ편한세상" for e편한세상) is never printed in names,
    addresses or business names: part of the value was misread."""
    return 0.5 if _LONE_JAMO_RE.search(value) else 1.0


def future_date_factor(key: str, value: str, today: str) -> float:
    """What a date that lies after ``today`` (ISO dates) multiplies its raw score by."""
    return FUTURE_DATE_PENALTY if key in PAST_DATE_KEYS and value > today else 1.0


def detect_id_subtype(lines: list[TextLine]) -> str:
    """Resident card, driver licence, passport or alien card, from keywords and value patterns."""
    hangul = "".join(hangul_only(ln.hangul) for ln in lines)
    latin = " ".join(ln.latin.upper() for ln in lines)
    if find_mrz(lines) or "PASSPORT" in latin or "여권" in hangul:
        return "passport"
    if re.search(r"\d{2}\s*-\s*\d{2}\s*-\s*\d{6}\s*-\s*\d{2}", latin) or any(
        k in hangul for k in ("운전면허", "면허증", "경찰청")
    ):
        return "driver"
    if "외국인" in hangul or "RESIDENCE" in latin or "출입국" in hangul:
        return "alien"
    for ln in lines:
        m = RRN_RE.search(ln.latin)
        if m and m.group(4) in "5678":
            return "alien"
    return "resident"


class LocalOcrProvider:
    """Reads Korean IDs, passports, credit cards and business certificates offline.

    RapidOCR (ONNX, models inside the wheel) detects text lines and reads digits and Latin text;
    Tesseract's Korean model reads the Hangul lines. Extractors anchor on value patterns and
    layout, repair values with check digits, and report calibrated confidences. Models load lazily
    once per process.
    """

    name = "local"

    def __init__(self, *, review_thresholds: dict[str, float] | None = None) -> None:
        self.review_thresholds = dict(review_thresholds or {})
        # bench/ocr_bench.py sets a list here to record, per field, the raw score that calibration
        # maps (bench/fit_calibration.py fits on it) and the second reader's disagreement; never values.
        self.trace: list[dict[str, object]] | None = None

    def check_ready(self) -> None:
        engines.check_tesseract()
        engines.rapid_engine()
        syllables.check_model()

    def analyze(
        self,
        kind: str,
        data: bytes,
        *,
        filename: str = "",
        subtype: str | None = None,
        text_layer: tuple[TextRun, ...] = (),
    ) -> DocumentResult:
        if kind not in KINDS:
            raise OcrRejectedInput(
                f"unsupported document kind {kind!r}",
                provider=self.name,
                code="unsupported_kind",
                user_message=str(_("This document type is not supported.")),
            )
        started = time.perf_counter()
        inp = imaging.load_input(data)
        if text_layer and not inp.text:
            # The picture was rendered from a PDF at intake; its text layer came along.
            inp.text = text_layer
        with _analyze_lock:
            result, source = self._analyze(kind, inp, subtype)
        # Timing and counts only: never the text that was read.
        logger.info(
            "local OCR read %s/%s: %d fields from the %s in %.2fs",
            kind,
            result.subtype,
            len(result.fields),
            source,
            time.perf_counter() - started,
        )
        return result

    def _analyze(self, kind: str, inp: imaging.InputImage, subtype: str | None) -> tuple[DocumentResult, str]:
        page = kind == "business_registration"
        long_side = _PAGE_LONG_SIDE if page else _CARD_LONG_SIDE
        if inp.unit == "point":
            work = imaging.rectify_none(inp, target_long=long_side)
        else:
            if page:
                # Undone in the photo's own pixels, where a hand's shake smears the whole page alike.
                shake = deblur.find_shake(cv2.cvtColor(inp.bgr, cv2.COLOR_BGR2GRAY))
                if shake is not None:
                    inp.bgr = deblur.undo_shake(inp.bgr, shake)
            work = imaging.rectify(inp, target_long=long_side, card=not page)
        source: str = "image"
        drafts: list[Draft] = []
        lines: list[TextLine] = []
        if page and inp.text:
            lines = textlayer.lines_of(work, inp.text)
            if textlayer.holds_certificate(lines):
                subtype, drafts = self._extract(kind, lines, work)
                source = "text layer" if textlayer.shown_on_page(work, drafts) else "image"
        if source == "image":
            work, lines = read_lines(work, vote=page, whole_stamps=kind == "credit_card")
            if not any(ln.latin or ln.hangul for ln in lines):
                raise OcrRejectedInput(
                    "no text found",
                    provider=self.name,
                    code="no_text",
                    user_message=str(_("No text could be read. Please take a sharper photo of the whole document.")),
                )
            subtype, drafts = self._extract(kind, lines, work)
        if not drafts:
            raise OcrRejectedInput(
                "no fields found",
                provider=self.name,
                code="no_fields",
                user_message=str(
                    _("This does not look like the expected document. Please check the type and retake the photo.")
                ),
            )
        fields = self._fields(kind, subtype, drafts, work, inp, lines, read=source == "image")
        resolution = self._resolution(kind, inp, work)
        result = DocumentResult(
            kind=kind,
            subtype=subtype,
            provider=self.name,
            image=ImageInfo(inp.width, inp.height, inp.unit),
            fields=tuple(fields),
            resolution=resolution,
        )
        return result, source

    @staticmethod
    def _extract(kind: str, lines: list[TextLine], work: imaging.WorkingImage) -> tuple[str | None, list[Draft]]:
        """The subtype the lines show and the fields its extractor finds in them."""
        size = (work.bgr.shape[1], work.bgr.shape[0])
        if kind == "id_card":
            subtype = detect_id_subtype(lines)
            extractor = {
                "resident": extract_resident,
                "driver": extract_driver,
                "passport": extract_passport,
                "alien": extract_alien,
            }[subtype]
            return subtype, extractor(lines, size)
        if kind == "credit_card":
            return None, extract_credit_card(lines, size)
        subtype = "corporate" if detect_corporate(lines) else "individual"
        return subtype, extract_business(lines, size, subtype)

    def _fields(
        self,
        kind: str,
        subtype: str | None,
        drafts: list[Draft],
        work: imaging.WorkingImage,
        inp: imaging.InputImage,
        lines: list[TextLine],
        *,
        read: bool = True,
    ) -> list[Field]:
        """``read``: the values were recognised in the image, and their raw scores are calibrated;
        values from a PDF's text layer are the document's own text, and their raw scores are only
        the extractor's doubts (a value taken by its place, a repaired legal form)."""
        from ocr_integration.catalogue import key_order

        order = key_order(kind, subtype)
        seen: dict[str, Draft] = {}
        for d in drafts:
            if d.key in order and d.value and (d.key not in seen or d.confidence > seen[d.key].confidence):
                seen[d.key] = d

        def to_output(q: np.ndarray) -> tuple:
            pts = imaging.map_points(work.to_input, q) * inp.to_output
            pts[:, 0] = pts[:, 0].clip(0, inp.width)
            pts[:, 1] = pts[:, 1].clip(0, inp.height)
            return polygon(pts.tolist())

        # The engine's own thresholds (confidence.REVIEW_THRESHOLDS), then the site-wide per-key
        # setting, then this provider's own option, override the catalogue.
        thresholds = {
            **review_thresholds(subtype, list(seen)),
            **(getattr(settings, "OCR_REVIEW_THRESHOLDS", {}) or {}),
            **self.review_thresholds,
        }
        today = timezone.localdate().isoformat()
        out = []
        for key in sorted(seen, key=lambda k: order[k]):
            d = seen[key]
            raw = d.confidence * future_date_factor(key, d.value, today)
            disagreement = None
            if family_of(subtype, key) in KOREAN_FAMILIES:
                disagreement = second_reading_disagreement(d.value, d.quads, lines)
                if disagreement:
                    raw *= SECOND_READER_PENALTY ** min(disagreement, 2)
                raw *= lone_letter_factor(d.value)
            if self.trace is not None:
                self.trace.append({"key": key, "raw": raw, "disagreement": disagreement})
            if read:
                conf = calibrate(kind, subtype, key, raw, curve=curve_of(subtype, key, d.value, disagreement, raw))
            else:
                conf = min(raw, 1.0)
            out.append(
                make_field(
                    kind,
                    subtype,
                    key,
                    d.value,
                    conf,
                    polygons=tuple(to_output(q) for q in d.quads),
                    masking_polygons=tuple(to_output(q) for q in d.mask_quads),
                    thresholds=thresholds,
                )
            )
        return out

    @staticmethod
    def _resolution(kind: str, inp: imaging.InputImage, work: imaging.WorkingImage) -> str:
        if kind == "business_registration":
            if inp.unit == "point":
                return "normal"
            return "low" if max(inp.bgr.shape[:2]) < 1200 else "normal"
        # The document's own size in the input, not the photo's, decides (a small card in a big photo is low).
        corners = np.array(
            [[0, 0], [work.bgr.shape[1], 0], [work.bgr.shape[1], work.bgr.shape[0]], [0, work.bgr.shape[0]]]
        )
        pts = imaging.map_points(work.to_input, corners)
        doc_w = float(np.linalg.norm(pts[1] - pts[0]))
        doc_h = float(np.linalg.norm(pts[3] - pts[0]))
        return "low" if imaging.is_low_resolution(doc_w, doc_h) else "normal"
