"""Provider-neutral result types, matching ../shared/fields.md ("Result shape").

Every provider (local engine, NHN, CLOVA) returns a ``DocumentResult``; the rest of the product
never sees a provider's own field names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ocr_integration import masking
from ocr_integration.catalogue import field_spec

Point = tuple[float, float]
Polygon = tuple[Point, Point, Point, Point]

KINDS = ("id_card", "credit_card", "business_registration")
SUBTYPES = {
    "id_card": ("resident", "driver", "passport", "alien"),
    "credit_card": (),
    "business_registration": ("individual", "corporate"),
}


def polygon(points: Any) -> Polygon:
    """Build a 4-point polygon from any sequence of 4 (x, y) pairs."""
    pts = tuple((float(x), float(y)) for x, y in points)
    if len(pts) != 4:
        raise ValueError("a polygon has exactly 4 points")
    return pts  # type: ignore[return-value]


def box_polygon(left: float, top: float, right: float, bottom: float) -> Polygon:
    """A rectangle as a polygon, clockwise from top-left."""
    return ((left, top), (right, top), (right, bottom), (left, bottom))


def _round_point(p: Point) -> list[float | int]:
    return [int(v) if float(v).is_integer() else round(v, 2) for v in p]


@dataclass(frozen=True)
class Field:
    """One extracted field: canonical key, formatted value, confidence and where it is on the image."""

    key: str
    value: str
    confidence: float
    label: str = ""
    needs_review: bool = False
    sensitive: bool = False
    polygons: tuple[Polygon, ...] = ()
    masking_polygons: tuple[Polygon, ...] = ()

    def masked_value(self) -> str:
        return masking.mask_value(self.key, self.value) if self.sensitive else self.value

    def to_dict(self, *, reveal: bool = False) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value if reveal else self.masked_value(),
            "confidence": round(float(self.confidence), 4),
            "needs_review": self.needs_review,
            "sensitive": self.sensitive,
            "polygons": [[_round_point(p) for p in poly] for poly in self.polygons],
            "masking_polygons": [[_round_point(p) for p in poly] for poly in self.masking_polygons],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Field:
        return cls(
            key=data["key"],
            value=data["value"],
            confidence=float(data["confidence"]),
            label=data.get("label", ""),
            needs_review=bool(data.get("needs_review", False)),
            sensitive=bool(data.get("sensitive", False)),
            polygons=tuple(polygon(p) for p in data.get("polygons", ())),
            masking_polygons=tuple(polygon(p) for p in data.get("masking_polygons", ())),
        )


@dataclass(frozen=True)
class TextRun:
    """A run of a PDF's own text on one line, with its box in the pixels of the page as rendered
    (left, top, right, bottom): what the local engine reads instead of recognising the page."""

    text: str
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    unit: str = "pixel"  # "pixel" for images, "point" for PDF input

    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "unit": self.unit}


@dataclass(frozen=True)
class AuthenticityHandle:
    """Opaque handle for a later authenticity check (NHN Request-Key). Server-side only."""

    provider: str
    request_key: str
    expires_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "request_key": self.request_key,
            "expires_at": self.expires_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuthenticityHandle:
        return cls(
            provider=data["provider"],
            request_key=data["request_key"],
            expires_at=dt.datetime.fromisoformat(data["expires_at"]),
        )


@dataclass(frozen=True)
class DocumentResult:
    """The normalised reading of one document (fields.md "Result shape")."""

    kind: str
    subtype: str | None
    provider: str
    image: ImageInfo
    fields: tuple[Field, ...] = ()
    resolution: str = "normal"  # "normal" or "low", as the providers define it
    authenticity: AuthenticityHandle | None = None
    raw: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def get(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def value(self, key: str) -> str | None:
        f = self.get(key)
        return f.value if f else None

    def to_dict(self, *, reveal: bool = False, include_raw: bool = False) -> dict[str, Any]:
        """The fields.md shape. Never includes the authenticity handle or raw payload unless asked."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "subtype": self.subtype,
            "provider": self.provider,
            "resolution": self.resolution,
            "image": self.image.to_dict(),
            "fields": [f.to_dict(reveal=reveal) for f in self.fields],
        }
        if include_raw:
            data["authenticity"] = self.authenticity.to_dict() if self.authenticity else None
            data["raw"] = self.raw
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        img = data["image"]
        auth = data.get("authenticity")
        return cls(
            kind=data["kind"],
            subtype=data.get("subtype"),
            provider=data["provider"],
            resolution=data.get("resolution", "normal"),
            image=ImageInfo(int(img["width"]), int(img["height"]), img.get("unit", "pixel")),
            fields=tuple(Field.from_dict(f) for f in data.get("fields", ())),
            authenticity=AuthenticityHandle.from_dict(auth) if auth else None,
            raw=data.get("raw"),
        )


def make_field(
    kind: str,
    subtype: str | None,
    key: str,
    value: str,
    confidence: float,
    *,
    polygons: tuple[Polygon, ...] = (),
    masking_polygons: tuple[Polygon, ...] = (),
    thresholds: dict[str, float] | None = None,
) -> Field:
    """A ``Field`` with its label, sensitivity and ``needs_review`` taken from the catalogue.

    ``thresholds`` overrides the catalogue's default review threshold per key (a setting).
    """
    spec = field_spec(kind, subtype, key)
    threshold = (thresholds or {}).get(key, spec.review_threshold)
    confidence = max(0.0, min(1.0, float(confidence)))
    if spec.sensitive and polygons and not masking_polygons:
        masking_polygons = polygons
    return Field(
        key=key,
        value=value,
        confidence=confidence,
        label=spec.label_ko,
        needs_review=confidence < threshold,
        sensitive=spec.sensitive,
        polygons=polygons,
        masking_polygons=masking_polygons,
    )


def with_fields(result: DocumentResult, fields: list[Field] | tuple[Field, ...]) -> DocumentResult:
    return replace(result, fields=tuple(fields))
