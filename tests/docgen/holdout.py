"""Holdout SPECIMEN generator: same document types and truth keys as ``render.py``, other looks.

It exists to measure how well the OCR engine generalises beyond the generator it is tuned on, so its
layouts (photo sides, right-aligned and labelled text, stacked labels, ruled tables, portrait cards),
date styles, fonts, text sizes and degradations (motion blur, uneven light, defocus, moiré or
sensor noise, photos on a coloured backdrop with 3-D tilt, EXIF-less rotation, colour cast)
deliberately differ from ``render.py`` and ``degrade.py``. Only ``values.py`` is shared, for
valid check digits and plausible names, addresses and dates.

``generate_holdout(kind, subtype, seed, degraded=...)`` returns a ``tests.docgen.Document``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import random
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tests.docgen import Document
from tests.docgen import values as v
from tests.docgen.textpdf import Drawn, drawing_text, text_left_out, text_pdf

NANUM = "/usr/share/fonts/truetype/nanum/"
NOTO = "/usr/share/fonts/opentype/noto/"
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
LIB = "/usr/share/fonts/truetype/liberation/"
Font = tuple[str, int]
KO: list[Font] = [
    (NANUM + "NanumSquareRoundR.ttf", 0), (NANUM + "NanumBarunGothic.ttf", 0), (NANUM + "NanumGothic.ttf", 0),
    (NANUM + "NanumMyeongjo.ttf", 0), (NOTO + "NotoSansCJK-Regular.ttc", 1), (NOTO + "NotoSerifCJK-Regular.ttc", 1),
]  # fmt: skip
KO_BOLD: list[Font] = [
    (NANUM + "NanumSquareRoundB.ttf", 0), (NANUM + "NanumGothicBold.ttf", 0), (NANUM + "NanumMyeongjoBold.ttf", 0),
    (NOTO + "NotoSerifCJK-Bold.ttc", 1), (NOTO + "NotoSansCJK-Bold.ttc", 1),
]  # fmt: skip
LATIN: list[Font] = [
    (LIB + "LiberationSansNarrow-Regular.ttf", 0), (DEJAVU + "DejaVuSerif.ttf", 0),
    (LIB + "LiberationSans-Bold.ttf", 0), (DEJAVU + "DejaVuSansCondensed-Bold.ttf", 0),
    (LIB + "LiberationSerif-Bold.ttf", 0),
]  # fmt: skip
MONO: list[Font] = [(DEJAVU + "DejaVuSansMono.ttf", 0), (LIB + "LiberationMono-Regular.ttf", 0)]
CARD_DIGITS: list[Font] = [
    (LIB + "LiberationSans-Regular.ttf", 0), (DEJAVU + "DejaVuSans.ttf", 0), (LIB + "LiberationSansNarrow-Bold.ttf", 0),
    (NANUM + "NanumSquareB.ttf", 0), (DEJAVU + "DejaVuSerifCondensed.ttf", 0),
]  # fmt: skip
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
RGB = tuple[int, int, int]


@functools.lru_cache(maxsize=256)
def _font(spec: Font, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec[0], max(8, size), index=spec[1])


class Page:
    """A drawing surface that scales sizes (``s`` by pixel width, ``k`` per-document text scale)."""

    def __init__(self, rng: random.Random, size: tuple[int, int], paper: RGB, *, s: float, k: float) -> None:
        self.rng, self.s, self.k = rng, s, k
        self.im = Image.new("RGB", size, paper)
        self.d = ImageDraw.Draw(self.im)
        self.boxes: dict[str, tuple[int, int, int, int]] = {}
        self.drawn: list[Drawn] = []  # every string drawn, for a PDF with a text layer
        self.ko, self.kob, self.lat = rng.choice(KO), rng.choice(KO_BOLD), rng.choice(LATIN)
        self.ink: RGB = rng.choice([(28, 28, 32), (22, 34, 72), (48, 38, 34), (12, 12, 12)])

    def px(self, n: float, floor: int = 20) -> int:
        return max(floor, round(n * self.s * self.k))

    def text(self, xy, txt, size, *, font=None, fill=None, key=None, anchor="la", width=None):
        f = _font(font or self.ko, size)
        while width and f.getlength(txt) > width and f.size > 10:
            f = _font(font or self.ko, f.size - 1)
        if drawing_text():
            self.d.text(xy, txt, font=f, fill=fill or self.ink, anchor=anchor)
        self.drawn.append(Drawn(xy, txt, f, fill or self.ink, anchor))
        bb = tuple(int(t) for t in self.d.textbbox(xy, txt, font=f, anchor=anchor))
        if key:
            o = self.boxes.get(key, bb)
            self.boxes[key] = (min(o[0], bb[0]), min(o[1], bb[1]), max(o[2], bb[2]), max(o[3], bb[3]))
        return bb

    def lines(self, txt: str, size: int, width: float, font: Font | None = None) -> list[str]:
        """Wrap by pixel width (render.py wraps by character count)."""
        f, out, cur = _font(font or self.ko, size), [], ""
        for word in txt.split(" "):
            if cur and f.getlength(f"{cur} {word}") > width:
                out.append(cur)
                cur = word
            else:
                cur = f"{cur} {word}".strip()
        return [*out, cur]

    def wrapped(self, xy, txt, size, width, *, key=None, anchor="la", gap=1.35, font=None) -> int:
        x, y = xy
        for line in self.lines(txt, size, width, font):
            self.text((x, y), line, size, key=key, anchor=anchor, font=font)
            y += int(size * gap)
        return y

    def background(self, paper: RGB) -> None:
        """Radial tint, fine diagonal hatching and a faint emblem (render.py uses guilloche waves)."""
        w, h = self.im.size
        rng = self.rng
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        r = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / max(w, h)
        tint = np.array(rng.choice([(-18, -8, 6), (6, -10, -16), (-10, 4, -10), (-6, -6, -6)]), np.float32)
        arr = np.asarray(self.im, np.float32) + r[:, :, None] * tint[None, None, :] * 1.6
        self.im.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)))
        hatch = tuple(max(0, c - rng.randint(10, 18)) for c in paper)
        step = rng.randint(7, 12)
        for x in range(-h, w, step):
            self.d.line([(x, 0), (x + h, h)], fill=hatch, width=1)
        ex, ey, er = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h, rng.uniform(0.18, 0.3) * h
        for i in range(0, 360, 15):
            a = math.radians(i)
            self.d.line([(ex, ey), (ex + er * math.cos(a), ey + er * math.sin(a))], fill=hatch, width=1)
        self.d.ellipse((ex - er, ey - er, ex + er, ey + er), outline=hatch, width=2)

    def portrait(self, box: tuple[int, int, int, int], *, faint: bool = False) -> None:
        x0, y0, x1, y1 = box
        bw, bh = x1 - x0, y1 - y0
        bg, fg = ((226, 230, 236), (200, 204, 212)) if faint else ((214, 226, 240), (96, 104, 118))
        self.d.rounded_rectangle(box, radius=max(4, bw // 20), fill=bg)
        self.d.chord((x0 + bw * 0.08, y0 + bh * 0.62, x1 - bw * 0.08, y1 + bh * 0.45), 180, 360, fill=fg)
        self.d.ellipse((x0 + bw * 0.3, y0 + bh * 0.16, x1 - bw * 0.3, y0 + bh * 0.62), fill=fg)

    def seal(self, cx: float, cy: float, r: float, chars: str, *, square: bool) -> None:
        """A translucent red stamp that may overlap the text it authenticates."""
        layer = Image.new("RGBA", self.im.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        red = (205, 35, 40, 170)
        box = (cx - r, cy - r, cx + r, cy + r)
        (d.rectangle if square else d.ellipse)(box, outline=red, width=max(3, int(r / 12)))
        cols = 2 if len(chars) > 2 else 1
        rows = math.ceil(len(chars) / cols)
        f = _font(self.kob, int(1.5 * r / max(rows, 2)))
        for i, ch in enumerate(chars):
            col, row = cols - 1 - i // rows, i % rows  # read top-down, right column first
            gx = cx - r + (col + 0.5) * 2 * r / cols
            d.text((gx, cy - r + (row + 0.5) * 2 * r / rows), ch, font=f, fill=red, anchor="mm")
        self.im.paste(Image.alpha_composite(self.im.convert("RGBA"), layer).convert("RGB"))

    def specimen(self, corner: tuple[float, float] | None = None, *, light: bool = False) -> None:
        """A diagonal translucent watermark, or a boxed 견본 stamp at a free corner."""
        w, h = self.im.size
        word = self.rng.choice(["SPECIMEN", "견본", "SPECIMEN 견본"])
        if corner is None or self.rng.random() < 0.5:
            f = _font(KO_BOLD[4], int(min(w, h) * self.rng.uniform(0.13, 0.18)))
            layer = Image.new("RGBA", self.im.size, (0, 0, 0, 0))
            ImageDraw.Draw(layer).text(
                (w / 2, h / 2),
                word,
                font=f,
                fill=(
                    *self.rng.choice([(255, 236, 236), (235, 235, 235)] if light else [(210, 40, 40), (90, 90, 90)]),
                    64 if light else 48,
                ),
                anchor="mm",
            )
            layer = layer.rotate(self.rng.uniform(18, 32), center=(w / 2, h / 2))
        else:
            f = _font(KO_BOLD[4], int(min(w, h) * 0.06))
            layer = Image.new("RGBA", self.im.size, (0, 0, 0, 0))
            d = ImageDraw.Draw(layer)
            bb = d.textbbox(corner, word, font=f, anchor="mm")
            pad = f.size * 0.3
            d.rectangle((bb[0] - pad, bb[1] - pad, bb[2] + pad, bb[3] + pad), outline=(200, 30, 30, 190), width=4)
            d.text(corner, word, font=f, fill=(200, 30, 30, 190), anchor="mm")
        self.im.paste(Image.alpha_composite(self.im.convert("RGBA"), layer).convert("RGB"))


def _card(rng: random.Random, *, k_choices=(1.0, 0.85, 0.72, 0.64)) -> Page:
    w = rng.randint(1150, 1500)
    paper = rng.choice([(248, 248, 244), (240, 244, 250), (250, 244, 240), (242, 248, 244)])
    p = Page(rng, (w, int(w / 1.586)), paper, s=w / 1280, k=rng.choice(k_choices))
    p.background(paper)
    return p


def _kdate(d: dt.date, rng: random.Random) -> str:
    return rng.choice(
        [f"{d.year}.{d.month:02d}.{d.day:02d}", f"{d.year}. {d.month}. {d.day}.", f"{d.year}년 {d.month}월 {d.day}일"]
    )


def _people(rng: random.Random, lo: int = 1950, hi: int = 2004) -> tuple[dt.date, str]:
    return v.random_date(rng, dt.date(lo, 1, 1), dt.date(hi, 12, 31)), v.korean_name(rng)


def resident(rng: random.Random) -> tuple[Page, dict[str, str]]:
    p = _card(rng)
    w, h, s = *p.im.size, p.s
    birth, name = _people(rng)
    rrn, addr, issuer = v.resident_number(rng, birth), v.address(rng), rng.choice(v.ISSUERS_RESIDENT)
    issue = v.random_date(rng, dt.date(2005, 1, 1), dt.date(2025, 6, 30))
    labelled = rng.random() < 0.5
    px1 = int(rng.uniform(40, 70) * s) + int(rng.uniform(270, 320) * s)
    p.portrait((px1 - int(rng.uniform(270, 320) * s), int(170 * s), px1, int(rng.uniform(560, 600) * s)))
    p.text((w / 2, int(rng.uniform(28, 50) * s)), rng.choice(["주민등록증", "주 민 등 록 증"]), p.px(70), font=p.kob,
           anchor="ma")  # fmt: skip
    right, left = w - int(rng.uniform(50, 90) * s), px1 + int(45 * s)
    y = int(rng.uniform(170, 200) * s)
    gap = rng.uniform(1.5, 2.1)
    if labelled:  # "성명  홍길동" rows, labels and values left-aligned beside each other
        lab = p.px(24, 16)
        vx = left + int(_font(p.ko, lab).getlength("주민등록번호")) + int(28 * s)
        for label, value, key, size in [("성명", name, "name", 50), ("주민등록번호", rrn, "resident_number", 44)]:
            sz = p.px(size)
            p.text((left, y + sz - lab), label, lab, fill=(90, 90, 105))
            p.text((vx, y), value, sz, key=key, font=p.lat if key == "resident_number" else None)
            y += int(sz * gap)
        p.text((left, y), "주소", lab, fill=(90, 90, 105))
        y = p.wrapped((vx, y), addr, p.px(31), (right - vx) * rng.uniform(0.7, 1.0), key="address")
    else:  # a right-aligned block
        for value, key, size in [(name, "name", 54), (rrn, "resident_number", 46)]:
            p.text((right, y), value, p.px(size), key=key, anchor="ra")
            y += int(p.px(size) * gap)
        y = p.wrapped((right, y), addr, p.px(32), (right - left) * rng.uniform(0.55, 1.0), key="address", anchor="ra")
    dy = max(y + int(20 * s), h - int(rng.uniform(170, 200) * s))
    ds, isz = p.px(32), p.px(40)
    date_text = _kdate(issue, rng)
    if labelled and rng.random() < 0.6:
        bb = p.text((right - int(60 * s), dy), date_text, ds, key="issue_date", anchor="ra")
        p.text((bb[0] - int(16 * s), dy + ds), "발급일", p.px(22, 15), anchor="rs", fill=(90, 90, 105))
    else:
        p.text((right - int(60 * s), dy), date_text, ds, key="issue_date", anchor="ra")
    bb = p.text((right - int(70 * s), dy + int(ds * 1.6)), issuer, isz, font=p.kob, key="issuer", anchor="ra")
    p.seal(bb[2] + isz * 0.75, (bb[1] + bb[3]) / 2, isz * 0.7, "직인", square=rng.random() < 0.5)
    p.portrait((int(60 * s), h - int(150 * s), int(150 * s), h - int(40 * s)), faint=True)  # ghost image
    p.specimen((w * 0.8, h * 0.12))
    return p, {"name": name, "resident_number": rrn, "address": addr, "issue_date": issue.isoformat(), "issuer": issuer}


def driver(rng: random.Random) -> tuple[Page, dict[str, str]]:
    p = _card(rng)
    w, h, s = *p.im.size, p.s
    birth, name = _people(rng)
    rrn = v.resident_number(rng, birth)
    lic = v.license_number(rng, min(birth.year + rng.randint(18, 40), 2024))
    types = rng.sample(v.LICENSE_TYPES, 2) if rng.random() < 0.15 else [rng.choice(["1종보통", "2종보통"])]
    addr, serial, police = v.address(rng), v.serial_code(rng), rng.choice(v.POLICE)
    issue = v.random_date(rng, dt.date(2015, 1, 1), dt.date(2025, 6, 30))
    r_start, r_end = dt.date(issue.year + 9, 1, 1), dt.date(issue.year + 9, 12, 31)
    cond = rng.choice(v.LICENSE_CONDITIONS) if rng.random() < 0.3 else ""
    band = int(110 * s)
    p.d.rectangle((0, 0, w, band), fill=rng.choice([(236, 212, 220), (206, 222, 238), (214, 234, 218)]))
    p.text((int(50 * s), band / 2), "자동차운전면허증", p.px(56), font=p.kob, anchor="lm")
    p.text((w - int(50 * s), band / 2), "Driver's License", p.px(30, 16), font=p.lat, anchor="rm")
    pw = int(rng.uniform(260, 300) * s)  # photo on the right (render.py: left)
    p.portrait((w - int(50 * s) - pw, band + int(30 * s), w - int(50 * s), band + int(30 * s) + int(pw * 1.3)))
    lab, x = p.px(22, 15), int(50 * s)
    vx = x + int(_font(p.ko, lab).getlength("적성검사기간")) + int(26 * s)
    ty = band + int(26 * s)
    for t in types:  # each licence class in its own box
        bb = p.text((x + 12, ty + 8), t, p.px(34), font=p.kob, key="license_type")
        p.d.rectangle((bb[0] - 10, bb[1] - 8, bb[2] + 10, bb[3] + 8), outline=p.ink, width=2)
        x = bb[2] + int(40 * s)
    x = int(50 * s)
    lic_top = rng.random() < 0.5
    y = ty + int(p.px(34) * 1.9)
    rows = [("면허번호", lic, "license_number")] if lic_top else []
    rows += [("성명", name, "name"), ("주민등록번호", rrn, "resident_number")]
    for label, value, key in rows:
        sz = p.px(44 if key == "name" else 40)
        p.text((x, y + sz * 0.6), label, lab, fill=(95, 90, 100), anchor="lm")
        p.text((vx, y), value, sz, font=p.ko if key == "name" else p.lat, key=key)
        y += int(sz * rng.uniform(1.45, 1.8))
    p.text((x, y + lab * 0.7), "주소", lab, fill=(95, 90, 100), anchor="lm")
    y = p.wrapped((vx, y), addr, p.px(29), w - vx - pw - int(90 * s), key="address", gap=1.3)
    rs = rng.choice(["{a:%Y.%m.%d} ~ {b:%Y.%m.%d}", "{a.year}. {a.month}. {a.day}. ~ {b.year}. {b.month}. {b.day}."])
    p.text((x, y + int(8 * s) + lab * 0.7), "적성검사기간", lab, fill=(95, 90, 100), anchor="lm")
    p.text((vx, y + int(8 * s)), rs.format(a=r_start, b=r_end), p.px(28), font=p.lat, key="renewal_start")
    p.boxes["renewal_end"] = p.boxes["renewal_start"]
    y += int(p.px(28) * 1.6)
    if cond:
        p.text((x, y + int(8 * s) + lab * 0.7), "조건", lab, fill=(95, 90, 100), anchor="lm")
        p.text((vx, y + int(8 * s)), cond, p.px(28), font=p.lat, key="condition")
    if not lic_top:  # licence number printed large under the photo instead
        p.text((w - int(50 * s), band + int(pw * 1.3) + int(50 * s)), lic, p.px(40), font=p.lat,
               key="license_number", anchor="ra")  # fmt: skip
    by = h - int(rng.uniform(60, 80) * s)
    p.text((w - int(50 * s), by), serial, p.px(26, 16), font=p.lat, key="serial_number", anchor="rs")
    isz = p.px(38)
    bb = p.text((w / 2, by - int(isz * 0.2)), police, isz, font=p.kob, key="issuer", anchor="ms")
    p.text((w / 2, bb[1] - int(14 * s)), f"{issue:%Y.%m.%d}", p.px(30), font=p.lat, key="issue_date", anchor="ms")
    p.specimen((w * 0.5, band + h * 0.1))
    truth = v.driver_truth(
        lic=lic, types=types, name=name, rrn=rrn, addr=addr, r_start=r_start, r_end=r_end, serial=serial, issue=issue,
        police=police, cond=cond,
    )  # fmt: skip
    return p, truth


def _ppdate(d: dt.date, rng: random.Random) -> str:
    m = MONTHS[d.month - 1]
    return rng.choice([f"{d.day:02d} {d.month}월/{m} {d.year}", f"{d.day:02d} {m} {d.year}"])


def passport(rng: random.Random) -> tuple[Page, dict[str, str]]:
    w = rng.randint(1300, 1550)
    paper = rng.choice([(244, 238, 240), (236, 242, 236), (240, 240, 246)])
    p = Page(rng, (w, int(w / 1.42)), paper, s=w / 1400, k=rng.choice([1.0, 0.85, 0.7]))
    p.background(paper)
    h, s = p.im.height, p.s
    name = v.korean_name(rng)
    surname, given = v.romanised(name)
    birth = v.random_date(rng, dt.date(1950, 1, 1), dt.date(2012, 12, 31))
    sex, number = rng.choice("MF"), v.passport_number(rng)
    rrn = v.resident_number(rng, birth, sex=sex)
    issue = v.random_date(rng, dt.date(2016, 1, 1), dt.date(2025, 6, 30))
    expiry = dt.date(issue.year + 10, issue.month, min(issue.day, 28))
    ptype, personal = rng.choice(["PM", "PM", "PS", "PO"]), rng.random() < 0.5
    l1, l2 = v.mrz_lines(
        surname=surname, given=given, number=number, nationality="KOR", birth=birth, sex=sex, expiry=expiry,
        personal=rrn.replace("-", "")[6:] if personal else "",
    )  # fmt: skip
    l1 = ptype + l1[2:]
    p.text((int(50 * s), int(34 * s)), "대한민국", p.px(36), font=p.kob)
    p.text((int(50 * s), int(34 * s) + p.px(36) * 1.3), "REPUBLIC OF KOREA", p.px(24, 16), font=p.lat)
    p.text((w - int(50 * s), int(40 * s)), "여권  PASSPORT", p.px(40), font=p.kob, anchor="ra")
    mrz_top = h - int(rng.uniform(190, 215) * s)
    pw = int(rng.uniform(300, 340) * s)  # photo on the right (render.py: left)
    p.portrait((w - int(50 * s) - pw, int(140 * s), w - int(50 * s), int(140 * s) + int(pw * 1.3)))
    lab, val = p.px(19, 14), p.px(33)
    cols = [int(50 * s), int(50 * s) + int(300 * s), int(50 * s) + int(560 * s)]
    edge = w - pw - int(80 * s)
    step = max(int(82 * s * p.k), int((lab + val) * 1.3))

    def cell(c: int, r: int, label: str, value: str, key: str, font: Font | None = None) -> None:
        x, y = cols[c], int(140 * s) + r * step
        p.text((x, y), label, lab, fill=(96, 90, 120))
        font = font or (p.ko if "월" in value else p.lat)  # Latin fonts have no Hangul
        p.text((x, y + int(lab * 1.25)), value, val, font=font, key=key, width=edge - x)

    cell(0, 0, "종류/Type", ptype, "passport_type")
    cell(1, 0, "발행국/Issuing country", "KOR", "country_code")
    cell(2, 0, "여권번호/Passport No.", number, "passport_number")
    cell(0, 1, "성/Surname", surname, "surname")
    cell(1, 1, "한글성명/Name in Korean", name, "korean_name", font=p.ko)
    cell(0, 2, "이름/Given names", given, "given_names")
    cell(0, 3, "국적/Nationality", "REPUBLIC OF KOREA", "nationality")
    cell(2, 3, "성별/Sex", sex, "sex")
    cell(0, 4, "생년월일/Date of birth", _ppdate(birth, rng), "birth_date")
    if personal:
        cell(2, 4, "주민등록번호/Personal No.", rrn, "personal_number")
    cell(0, 5, "발급일/Date of issue", _ppdate(issue, rng), "issue_date")
    cell(2, 5, "기간만료일/Date of expiry", _ppdate(expiry, rng), "expiry_date")
    cell(0, 6, "발행관청/Authority", "MINISTRY OF FOREIGN AFFAIRS", "authority")
    p.d.rectangle((0, mrz_top, w, h), fill=tuple(min(255, c + 8) for c in paper))
    mono = rng.choice(MONO)
    size = 10
    target = w * rng.uniform(0.9, 0.95)
    while _font(mono, size + 1).getlength(l1) < target:
        size += 1
    mx = (w - _font(mono, size).getlength(l1)) / 2
    for i, line in enumerate((l1, l2)):
        p.text(
            (mx, mrz_top + int(30 * s) + i * size * 1.5), line, size, font=mono, fill=(8, 8, 8), key=f"mrz_line{i + 1}"
        )
    p.specimen((cols[2] + int(120 * s), int(140 * s) + step * 1.5))
    truth = v.passport_truth(
        ptype=ptype, number=number, surname=surname, given=given, name=name, birth=birth, sex=sex, issue=issue,
        expiry=expiry, line1=l1, line2=l2, personal=rrn if personal else None,
    )  # fmt: skip
    return p, truth


def alien(rng: random.Random) -> tuple[Page, dict[str, str]]:
    p = _card(rng)
    w, h, s = *p.im.size, p.s
    birth = v.random_date(rng, dt.date(1960, 1, 1), dt.date(2004, 12, 31))
    sex = rng.choice("MF")
    number = v.resident_number(rng, birth, foreigner=True, sex=sex)
    surname, given = rng.choice(v.FOREIGN_NAMES)
    name, nationality, visa = f"{surname} {given}", rng.choice(v.NATIONALITIES), rng.choice(v.VISA_TYPES)
    issue = v.random_date(rng, dt.date(2015, 1, 1), dt.date(2025, 6, 30))
    issuer = rng.choice(v.IMMIGRATION)
    p.text((w / 2, int(30 * s)), "외국인등록증", p.px(58), font=p.kob, anchor="ma")
    p.text((w / 2, int(30 * s) + p.px(58) * 1.3), "RESIDENCE CARD", p.px(26, 16), font=p.lat, anchor="ma")
    pw = int(rng.uniform(250, 290) * s)
    p.portrait((int(50 * s), int(190 * s), int(50 * s) + pw, int(190 * s) + int(pw * 1.3)))
    x, lab, val = int(50 * s) + pw + int(50 * s), p.px(20, 14), p.px(40)
    y = int(rng.uniform(180, 200) * s)
    step = int((lab + val) * rng.uniform(1.35, 1.55))

    def stacked(xx: int, yy: int, label: str, value: str, key: str) -> None:  # label above value
        p.text((xx, yy), label, lab, fill=(80, 86, 110))
        p.text((xx, yy + int(lab * 1.3)), value, val, font=p.lat, key=key, width=w - xx - int(40 * s))

    stacked(x, y, "외국인등록번호 Registration No.", number, "alien_registration_number")
    stacked(x, y + step, "성명 Name", name, "name")
    stacked(x, y + 2 * step, "국가/지역 Country/Region", nationality, "nationality")
    stacked(x, y + 3 * step, "성별 Sex", sex, "sex")
    stacked(x + int(220 * s), y + 3 * step, "체류자격 Status", visa, "visa_type")
    by = h - int(rng.uniform(40, 60) * s)
    isz = p.px(36)
    bb = p.text((w - int(60 * s), by), issuer, isz, font=p.kob, key="issuer", anchor="rs")
    db = p.text((w - int(60 * s), bb[1] - int(12 * s)), _kdate(issue, rng), p.px(30), key="issue_date", anchor="rs")
    p.text((db[0] - int(20 * s), db[3]), "발급일자 Issue Date", lab, anchor="rs", fill=(80, 86, 110))
    p.specimen((int(50 * s) + pw / 2, int(190 * s) + pw * 1.3 + int(50 * s)))
    return p, {
        "alien_registration_number": number, "name": name, "sex": sex, "nationality": nationality, "visa_type": visa,
        "issue_date": issue.isoformat(), "issuer": issuer,
    }  # fmt: skip


def credit_card(rng: random.Random) -> tuple[Page, dict[str, str]]:
    portrait = rng.random() < 0.15
    long_side = rng.randint(1150, 1450)
    size = (int(long_side / 1.586), long_side) if portrait else (long_side, int(long_side / 1.586))
    dark = rng.random() < 0.5
    c0, c1 = rng.choice(
        [((15, 25, 60), (70, 40, 120)), ((10, 10, 12), (80, 80, 90)), ((60, 10, 30), (150, 60, 40))]
        if dark
        else [
            ((250, 250, 252), (200, 214, 236)),
            ((252, 246, 230), (226, 200, 170)),
            ((236, 246, 240), (170, 214, 196)),
        ]
    )
    p = Page(rng, size, c0, s=size[0] / 1280 if not portrait else size[1] / 1280, k=rng.choice([1.0, 0.85, 0.7]))
    w, h, s = *size, p.s
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = np.clip((xx / w + yy / h) / 2 + 0.08 * np.sin(xx / w * 6 + rng.uniform(0, 6)), 0, 1)[:, :, None]
    grad = np.array(c0, np.float32) * (1 - t) + np.array(c1, np.float32) * t
    p.im.paste(Image.fromarray(grad.astype(np.uint8)))
    ink: RGB = (240, 240, 236) if dark else (30, 32, 40)
    number = v.card_number(rng)
    sur, giv = v.romanised(v.korean_name(rng))
    holder = f"{sur} {giv}" if rng.random() < 0.5 else f"{giv} {sur}"
    exp = dt.date(rng.randint(2026, 2032), rng.randint(1, 12), 1)
    valid = f"{exp.month:02d}/{exp.year % 100:02d}"
    splits = {16: (4, 8, 12), 15: (4, 10), 14: (4, 10)}[len(number)]
    groups = [number[a:b] for a, b in zip((0, *splits), (*splits, len(number)), strict=True)]
    font, nsz = rng.choice(CARD_DIGITS), p.px(rng.uniform(40, 54), 26)
    p.text((int(60 * s), int(50 * s)), rng.choice(["HANBIT CARD", "누리카드", "SOLMAE", "가온은행 체크", "ORBIT"]),
           p.px(40), font=p.kob, fill=ink)  # fmt: skip
    mx = int(60 * s)
    chip_y = int(rng.uniform(180, 230) * s) if not portrait else int(h * 0.3)
    chip = (w - mx - int(150 * s), chip_y, w - mx, chip_y + int(115 * s)) if rng.random() < 0.4 and not portrait else (
        mx, chip_y, mx + int(150 * s), chip_y + int(115 * s))  # fmt: skip
    p.d.rounded_rectangle(chip, radius=int(16 * s), fill=(196, 170, 104), outline=(150, 120, 60), width=2)
    p.d.line([(chip[0], (chip[1] + chip[3]) / 2), (chip[2], (chip[1] + chip[3]) / 2)], fill=(150, 120, 60), width=2)
    gap = " " * rng.choice([1, 2])
    if portrait:  # vertical cards print the number over two lines
        half = len(groups) // 2
        y = int(h * 0.55)
        for part in (gap.join(groups[:half]), gap.join(groups[half:])):
            p.text((mx, y), part, nsz, font=font, fill=ink, key="card_number")
            y += int(nsz * 1.35)
    else:
        y = int(h * rng.uniform(0.52, 0.6))
        p.text((mx, y), gap.join(groups), nsz, font=font, fill=ink, key="card_number", width=w - 2 * mx)
        y += int(nsz * 1.5)
    small, vsz = p.px(18, 14), p.px(32)
    lb = p.text((mx, y + vsz * 0.6), "VALID THRU", small, font=p.lat, fill=ink, anchor="lm")
    p.text((lb[2] + int(18 * s), y), valid, vsz, font=font, fill=ink, key="valid_thru")
    p.text((mx, h - int(70 * s)), holder, p.px(34), font=p.lat, fill=ink, key="cardholder_name", anchor="ls")
    r = int(38 * s)
    cx, cy = w - mx - 3 * r, h - int(60 * s) - r * 2
    p.d.ellipse((cx - r, cy, cx + r, cy + 2 * r), fill=(220, 60, 40))
    p.d.ellipse((cx + r * 0.3, cy, cx + r * 2.3, cy + 2 * r), fill=(240, 170, 40))
    p.specimen((w - mx - int(120 * s), int(70 * s)) if not dark else None, light=dark)
    return p, {"card_number": number, "valid_thru": valid, "cardholder_name": holder}


def business_registration(rng: random.Random, subtype: str) -> tuple[Page, dict[str, str], int]:
    corporate = subtype == "corporate"
    dpi = rng.choice([150, 180, 200, 220])
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    p = Page(rng, (w, h), rng.choice([(255, 255, 255), (252, 251, 246)]), s=dpi / 150, k=rng.choice([1.0, 0.8, 0.68]))
    s = p.s
    bnum, company = v.business_number(rng, corporate=corporate), v.company_name(rng, corporate=corporate)
    rep = v.korean_name(rng)
    co_rep = v.korean_name(rng) if (not corporate and rng.random() < 0.2) else ""
    birth = v.random_date(rng, dt.date(1950, 1, 1), dt.date(2000, 12, 31))
    open_date = v.random_date(rng, dt.date(2000, 1, 1), dt.date(2025, 3, 31))
    issue = v.random_date(rng, open_date, dt.date(2025, 6, 30))
    addr, head = v.address(rng, detail=rng.random() < 0.5), v.address(rng, detail=False) if corporate else ""
    btype, bitem = rng.choice(v.BUSINESS_KINDS)
    tax = "법인사업자" if corporate else rng.choice(["일반과세자", "일반과세자", "간이과세자", "면세사업자"])
    office, corp = rng.choice(v.TAX_OFFICES), v.corporate_number(rng) if corporate else ""
    style = rng.randint(0, 2)

    def bdate(d: dt.date) -> str:
        return [f"{d.year}년 {d.month:02d}월 {d.day:02d}일", f"{d.year}. {d.month:02d}. {d.day:02d}.", d.isoformat()][
            style
        ]

    m = int(rng.uniform(90, 130) * s)
    p.d.rectangle((m // 2, m // 2, w - m // 2, h - m // 2), outline=(70, 90, 120), width=max(2, int(2 * s)))
    p.d.rectangle((m // 2 + 8, m // 2 + 8, w - m // 2 - 8, h - m // 2 - 8), outline=(70, 90, 120), width=1)
    p.text(
        (w / 2, m + int(20 * s)), rng.choice(["사 업 자 등 록 증", "사업자등록증"]), p.px(58), font=p.kob, anchor="ma"
    )
    y = m + int(20 * s) + int(p.px(58) * 1.5)
    tax_row = rng.random() < 0.4
    if not tax_row:
        p.text((w / 2, y), f"( {tax} )", p.px(28), anchor="ma", key="tax_type")
        y += int(p.px(28) * 1.8)
    bb = p.text((w / 2 + int(90 * s), y), bnum, p.px(34), font=p.kob, key="business_number", anchor="ma")
    p.text((bb[0] - int(16 * s), y), "등록번호 :", p.px(30), font=p.kob, anchor="ra")
    y += int(p.px(34) * 2.2)
    fs, lab_w = p.px(26), int((w - 2 * m) * rng.uniform(0.22, 0.27))
    line = (40, 40, 40)
    x0, x1 = m, w - m
    pad = int(fs * 0.55)
    rows: list[list[tuple[str, str, str]]] = []  # each row: (label, value, key) cells
    if corporate:
        rows += [[("법인명(단체명)", company, "company_name")], [("대표자", rep, "representative_name")]]
        rows += [[("개업연월일", bdate(open_date), "open_date"), ("법인등록번호", corp, "corporate_number")]]
        rows += [[("사업장 소재지", addr, "business_address")], [("본점 소재지", head, "head_office_address")]]
    else:
        rows += [[("상호", company, "company_name")]]
        rows += [[("성명", rep, "representative_name"), ("생년월일", bdate(birth), "representative_birth_date")]]
        if co_rep:
            rows += [[("공동사업자", co_rep, "co_representative_name")]]
        rows += [[("개업연월일", bdate(open_date), "open_date")], [("사업장 소재지", addr, "business_address")]]
    rows += [[("업태", btype, "business_type"), ("종목", bitem, "business_item")]]
    if tax_row:
        rows += [[("과세유형", tax, "tax_type")]]
    rows += [[("발급사유", rng.choice(["신규", "정정", "재발급"]), "")]]
    for row in rows:
        cw = (x1 - x0) / len(row)
        lw = lab_w if len(row) == 1 else lab_w * 0.8
        n_lines = max(len(p.lines(value, fs, cw - lw - 2 * pad)) for _, value, _ in row)
        rh = int(fs * (1.4 * n_lines - 0.4) + 2 * pad)
        for i, (label, value, key) in enumerate(row):
            cx0 = x0 + i * cw
            p.d.rectangle((cx0, y, cx0 + lw, y + rh), fill=(236, 238, 242), outline=line, width=2)
            p.d.rectangle((cx0 + lw, y, cx0 + cw, y + rh), outline=line, width=2)
            p.text((cx0 + lw / 2, y + rh / 2), label, p.px(24, 15), anchor="mm", width=lw - 8)
            p.wrapped((cx0 + lw + pad, y + pad), value, fs, cw - lw - 2 * pad, key=key or None, gap=1.4)
        y += rh
    table_end, y = y, max(y + int(120 * s), h - m - int(330 * s))
    p.text((w / 2, y), bdate(issue), p.px(30), key="issue_date", anchor="ma")
    ob = p.text((w / 2, y + int(90 * s)), office, p.px(42), font=p.kob, anchor="ma")
    p.seal(ob[2] - p.px(42) * 0.2, (ob[1] + ob[3]) / 2, p.px(42) * 1.05, office[:-1] + "인", square=True)
    qx, qy, cell = m, h - m - int(130 * s), max(4, int(5 * s))  # a QR-like verification block
    for i in range(21):
        for j in range(21):
            if rng.random() < 0.45 or (min(i, j) < 7 and max(i, j) < 7 and (i in (0, 6) or j in (0, 6))):
                p.d.rectangle((qx + i * cell, qy + j * cell, qx + (i + 1) * cell - 1, qy + (j + 1) * cell - 1), fill=0)
    p.text((qx + 24 * cell, qy + 6 * cell), "국세청 홈택스(www.hometax.go.kr)에서 발급 사실을 확인할 수 있습니다.",
           p.px(18, 13), fill=(110, 110, 110))  # fmt: skip
    p.specimen((w * rng.uniform(0.3, 0.7), (table_end + y) / 2 - int(30 * s)))
    truth = {
        "business_number": bnum, "company_name": company, "representative_name": rep,
        "open_date": open_date.isoformat(), "business_address": addr, "business_type": btype,
        "business_item": bitem, "tax_type": tax, "issue_date": issue.isoformat(),
    }  # fmt: skip
    if corporate:
        truth |= {"corporate_number": corp, "head_office_address": head}
    else:
        truth["representative_birth_date"] = birth.isoformat()
        if co_rep:
            truth["co_representative_name"] = co_rep
    return p, truth, dpi


# --- degradations (none of these is in degrade.py) -----------------------------------------------------------------


def _photo(img: np.ndarray, rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    """Shoot the document on a coloured backdrop: 40-60% of the frame, 3-D tilt up to ~15 degrees."""
    h, w = img.shape[:2]
    ax, ay = (math.radians(rng.uniform(-15, 15)) for _ in range(2))
    az = math.radians(rng.uniform(-15, 15) if w > h else rng.uniform(-7, 7))
    pts = np.float32([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
    rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    rz = np.array([[math.cos(az), -math.sin(az), 0], [math.sin(az), math.cos(az), 0], [0, 0, 1]])
    p3 = pts @ (rz @ ry @ rx).T
    f = 1.6 * max(w, h)
    quad = p3[:, :2] * (f / (p3[:, 2:] + f)) * rng.uniform(0.85, 1.0)
    area = cv2.contourArea(quad.astype(np.float32))
    frac = rng.uniform(0.4, 0.6)
    aspect = 4 / 3 if w > h else 3 / 4
    fh = math.sqrt(area / frac / aspect)
    fw = fh * aspect
    span = quad.max(0) - quad.min(0)
    grow = max(1.0, span[0] / (fw * 0.96), span[1] / (fh * 0.96))
    fw, fh = int(fw * grow), int(fh * grow)
    slack = (np.array([fw, fh]) - span) / 2
    centre = np.array([fw / 2 + rng.uniform(-0.8, 0.8) * slack[0], fh / 2 + rng.uniform(-0.8, 0.8) * slack[1]])
    dst = (quad - (quad.max(0) + quad.min(0)) / 2 + centre).astype(np.float32)
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst)
    colour = np.array(rng.choice([(40, 110, 60), (150, 60, 40), (60, 70, 140), (200, 170, 60), (120, 40, 110)]))
    texture = cv2.GaussianBlur(nrng.normal(0, 14, (fh // 4, fw // 4)).astype(np.float32), (0, 0), 2)
    bg = np.clip(colour[None, None, :] + cv2.resize(texture, (fw, fh))[:, :, None], 0, 255).astype(np.float32)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (fw, fh))
    shadow = cv2.GaussianBlur(np.roll(mask, (int(fh * 0.015), int(fw * 0.012)), (0, 1)), (0, 0), fw / 120)
    bg *= (1 - 0.45 * shadow)[:, :, None]
    warped = cv2.warpPerspective(img, m, (fw, fh), flags=cv2.INTER_CUBIC).astype(np.float32)
    return (bg * (1 - mask[:, :, None]) + warped * mask[:, :, None]).astype(np.uint8)


def _lighting(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A light falloff across the page plus, sometimes, a soft-edged shadow over one part."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, 2 * math.pi)
    t = (xx / w - 0.5) * math.cos(a) + (yy / h - 0.5) * math.sin(a) + 0.5
    gain = 1.05 - np.clip(t, 0, 1) * rng.uniform(0.25, 0.4)
    if rng.random() < 0.6:
        mask = np.zeros((h, w), np.float32)
        pts = np.array([[rng.uniform(0.4, 1.0) * w, 0], [w, 0], [w, h], [rng.uniform(0.5, 1.0) * w, h]], np.int32)
        if rng.random() < 0.5:  # mirror: shadow from the left instead
            pts[:, 0] = w - pts[:, 0]
        cv2.fillPoly(mask, [pts], 1.0)
        gain *= 1 - rng.uniform(0.2, 0.32) * cv2.GaussianBlur(mask, (0, 0), w / 40)
    return np.clip(img.astype(np.float32) * gain[:, :, None], 0, 255).astype(np.uint8)


def _motion(img: np.ndarray, rng: random.Random) -> np.ndarray:
    # A hand-held shake of a few pixels: longer blurs smear small print past what a person can read.
    n = max(3, int(max(img.shape[:2]) * rng.uniform(0.0015, 0.003))) | 1
    kernel = np.zeros((n, n), np.float32)
    a = rng.uniform(0, math.pi)
    c = n // 2
    dx, dy = c * math.cos(a), c * math.sin(a)
    cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1)
    return cv2.filter2D(img, -1, kernel / kernel.sum())


def _defocus(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A disk (lens) blur, then a cheap camera's downscale and upscale."""
    r = rng.uniform(1.0, 1.8)
    n = int(2 * math.ceil(r) + 1)
    disk = np.zeros((n, n), np.float32)
    cv2.circle(disk, (n // 2, n // 2), round(r), 1.0, -1)
    img = cv2.filter2D(img, -1, disk / disk.sum())
    h, w = img.shape[:2]
    sc = rng.uniform(0.6, 0.75)
    small = cv2.resize(img, (int(w * sc), int(h * sc)), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=rng.choice([cv2.INTER_LINEAR, cv2.INTER_NEAREST]))


def _noise(img: np.ndarray, rng: random.Random, nrng: np.random.Generator) -> tuple[np.ndarray, str]:
    h, w = img.shape[:2]
    x = img.astype(np.float32)
    if rng.random() < 0.5:  # moiré from photographing a screen: two close gratings beat
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        pat = np.zeros((h, w), np.float32)
        for _ in range(2):
            a, period = rng.uniform(0, math.pi), rng.uniform(3.0, 4.2)
            pat += np.sin(2 * math.pi * (xx * math.cos(a) + yy * math.sin(a)) / period)
        amp = rng.uniform(5, 9)
        shift = np.array([rng.uniform(0.6, 1.4) for _ in range(3)], np.float32)
        return np.clip(x + amp * pat[:, :, None] * shift, 0, 255).astype(np.uint8), "moire"
    photons = rng.uniform(60, 140)  # shot noise, chroma blotches and row banding of a small sensor
    x += nrng.standard_normal((h, w, 3), np.float32) * np.sqrt(x * (255 / photons))
    chroma = cv2.resize(nrng.normal(0, rng.uniform(4, 7), (h // 8, w // 8, 3)).astype(np.float32), (w, h))
    bands = nrng.normal(0, 1.5, (h, 1, 1)).astype(np.float32)
    return np.clip(x + chroma + bands, 0, 255).astype(np.uint8), "sensor"


def _cast(img: np.ndarray, rng: random.Random) -> np.ndarray:
    bgr = rng.choice([(0.86, 0.98, 1.08), (1.1, 1.0, 0.9), (0.92, 1.07, 0.94), (1.06, 0.92, 1.06)])
    return np.clip(img.astype(np.float32) * np.array(bgr, np.float32), 0, 255).astype(np.uint8)


def degrade_holdout(image: Image.Image, rng: random.Random) -> tuple[bytes, str]:
    """2-3 degradations chosen at random, applied in a camera-like order, saved as JPEG 40-75."""
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    img = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    # Weighted sampling without replacement: a backdrop photo is the commonest capture, rotation the rarest.
    weights = {"photo": 1.5, "lighting": 1, "motion": 1, "defocus": 1, "noise": 1, "cast": 1, "rotate": 0.5}
    ranked = sorted(weights, key=lambda op: rng.random() ** (1 / weights[op]), reverse=True)
    chosen = set(ranked[: rng.randint(2, 3)])
    applied = []
    # In a camera's order: the scene, the light, the optics; then the sensor and the storage.
    steps: tuple[tuple[str, Callable[[np.ndarray], np.ndarray]], ...] = (
        ("photo", lambda im: _photo(im, rng, nrng)),
        ("lighting", lambda im: _lighting(im, rng)),
        ("cast", lambda im: _cast(im, rng)),
        ("motion", lambda im: _motion(im, rng)),
        ("defocus", lambda im: _defocus(im, rng)),
    )
    for name, step in steps:
        if name in chosen:
            img = step(img)
            applied.append(name)
    if "noise" in chosen:
        img, how = _noise(img, rng, nrng)
        applied.append(how)
    if "rotate" in chosen:  # stored sideways or upside down with no EXIF orientation to undo it
        turns = rng.choice([1, 2, 3])
        img = np.ascontiguousarray(np.rot90(img, turns))
        applied.append(f"rot{90 * turns}")
    quality = rng.randint(40, 75)
    applied.append(f"jpeg{quality}")
    buf = io.BytesIO()
    Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB)).save(buf, format="JPEG", quality=quality)
    return buf.getvalue(), "+".join(applied)


def render_holdout(kind: str, subtype: str | None, seed: int) -> tuple[Page, dict[str, str], int | None]:
    rng = random.Random(f"holdout/{kind}/{subtype}/{seed}")
    if kind == "credit_card":
        return (*credit_card(rng), None)
    if kind == "business_registration":
        return business_registration(rng, subtype or "individual")
    fn = {"resident": resident, "driver": driver, "passport": passport, "alien": alien}[subtype or "resident"]
    return (*fn(rng), None)


def generate_holdout(
    kind: str, subtype: str | None, seed: int, *, degraded: bool = False, text_layer: bool = False
) -> Document:
    """``text_layer``: a certificate as a PDF with a text layer (textpdf.py)."""
    page, truth, dpi = render_holdout(kind, subtype, seed)
    rng = random.Random(f"holdout-capture/{kind}/{subtype}/{seed}")
    if degraded:
        data, how = degrade_holdout(page.im, rng)
        return Document(kind, subtype, data, "photo.jpg", truth, {}, how)
    if text_layer and dpi:
        with text_left_out():
            bare, _, _ = render_holdout(kind, subtype, seed)
        data = text_pdf(bare.im, page.drawn, dpi)
        return Document(kind, subtype, data, "certificate.pdf", truth, page.boxes, "text pdf")
    buf = io.BytesIO()
    image = page.im.convert("L").convert("RGB") if dpi and rng.random() < 0.2 else page.im  # greyscale scan
    if dpi and rng.random() < 0.5:
        image.save(buf, format="PDF", resolution=dpi)
        return Document(kind, subtype, buf.getvalue(), "certificate.pdf", truth, page.boxes, "pdf")
    if rng.random() < 0.5:
        image.save(buf, format="PNG")
        return Document(kind, subtype, buf.getvalue(), "scan.png", truth, page.boxes)
    image.save(buf, format="JPEG", quality=rng.randint(85, 95))
    return Document(kind, subtype, buf.getvalue(), "scan.jpg", truth, page.boxes)
