"""Renders SPECIMEN documents of every kind and subtype with varied layouts.

Layouts change font family, sizes, positions, colours and background patterns per seed so that an
engine tuned on them has to anchor on value patterns, not on pixel positions.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from tests.docgen import values as v
from tests.docgen.textpdf import Drawn, drawing_text

NANUM = "/usr/share/fonts/truetype/nanum/"
KO_FONTS = [
    (NANUM + "NanumGothic.ttf", 0),
    (NANUM + "NanumBarunGothic.ttf", 0),
    (NANUM + "NanumMyeongjo.ttf", 0),
    (NANUM + "NanumSquareR.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 1),
]
KO_BOLD = [
    (NANUM + "NanumGothicBold.ttf", 0),
    (NANUM + "NanumBarunGothicBold.ttf", 0),
    (NANUM + "NanumMyeongjoBold.ttf", 0),
    (NANUM + "NanumSquareB.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 1),
]
LATIN_FONTS = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", 0),
]
MONO_FONTS = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf", 0),
    (NANUM + "NanumGothicCoding.ttf", 0),
]
EMBOSS_FONTS = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0),
]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@dataclass
class Specimen:
    """One rendered document and the values printed on it (canonical fields.md formats)."""

    kind: str
    subtype: str | None
    image: Image.Image
    truth: dict[str, str]
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    is_pdf: bool = False
    drawn: list[Drawn] = field(default_factory=list)


def _font(spec: tuple[str, int], size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec[0], size, index=spec[1])


class Canvas:
    """A PIL drawing surface that remembers where each field's value was drawn."""

    def __init__(self, rng: random.Random, size: tuple[int, int], paper: tuple[int, int, int]) -> None:
        self.rng = rng
        self.image = Image.new("RGB", size, paper)
        self.draw = ImageDraw.Draw(self.image)
        self.boxes: dict[str, tuple[int, int, int, int]] = {}
        self.drawn: list[Drawn] = []  # every string drawn, for a PDF with a text layer
        self.ko = rng.choice(KO_FONTS)
        self.ko_bold = rng.choice(KO_BOLD)
        self.latin = rng.choice(LATIN_FONTS)
        self.ink = rng.choice([(20, 20, 25), (35, 35, 60), (10, 10, 10), (45, 30, 30)])

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        *,
        font: tuple[str, int] | None = None,
        fill: tuple[int, int, int] | None = None,
        key: str | None = None,
        spacing: int = 0,
    ) -> tuple[int, int, int, int]:
        f = _font(font or self.ko, size)
        x, y = xy
        if spacing:
            # Wide-spaced labels (개 업 연 월 일) are drawn glyph by glyph like the real forms.
            left = x
            for ch in text:
                if drawing_text():
                    self.draw.text((x, y), ch, font=f, fill=fill or self.ink)
                self.drawn.append(Drawn((x, y), ch, f, fill or self.ink))
                x += f.getlength(ch) + spacing
            box = (int(left), int(y), int(x), int(y + size * 1.2))
        else:
            if drawing_text():
                self.draw.text((x, y), text, font=f, fill=fill or self.ink)
            self.drawn.append(Drawn((x, y), text, f, fill or self.ink))
            bb = self.draw.textbbox((x, y), text, font=f)
            box = (int(bb[0]), int(bb[1]), int(bb[2]), int(bb[3]))
        if key:
            old = self.boxes.get(key)
            self.boxes[key] = (
                box
                if old is None
                else (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
            )
        return box

    def guilloche(self, colour: tuple[int, int, int], *, density: int = 18) -> None:
        w, h = self.image.size
        rng = self.rng
        for _ in range(density):
            amp = rng.uniform(h * 0.02, h * 0.12)
            freq = rng.uniform(1.5, 6.0) * 2 * math.pi / w
            phase = rng.uniform(0, 2 * math.pi)
            y0 = rng.uniform(0, h)
            pts = [(x, y0 + amp * math.sin(freq * x + phase)) for x in range(0, w + 8, 8)]
            self.draw.line(pts, fill=colour, width=1)
        for _ in range(density // 3):
            cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(h * 0.1, h * 0.5)
            self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=1)

    def photo(self, box: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, fill=(200, 205, 212), outline=(150, 150, 160))
        cx, w = (x0 + x1) / 2, x1 - x0
        self.draw.ellipse(
            (cx - w * 0.22, y0 + (y1 - y0) * 0.18, cx + w * 0.22, y0 + (y1 - y0) * 0.52), fill=(150, 155, 165)
        )
        self.draw.pieslice(
            (x0 + w * 0.12, y0 + (y1 - y0) * 0.55, x1 - w * 0.12, y1 + (y1 - y0) * 0.35), 180, 360, fill=(150, 155, 165)
        )

    def specimen_mark(self, size: int) -> None:
        w, h = self.image.size
        overlay = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(overlay)
        f = _font(LATIN_FONTS[0], size)
        x = self.rng.uniform(w * 0.25, w * 0.55)
        y = self.rng.uniform(h * 0.05, h * 0.8)
        d.text((x, y), "SPECIMEN", font=f, fill=(220, 60, 60, 70))
        self.image.paste(Image.alpha_composite(self.image.convert("RGBA"), overlay).convert("RGB"))


def _card_canvas(rng: random.Random, *, ratio: float = 1.585) -> Canvas:
    width = rng.randint(1100, 1400)
    paper = rng.choice([(246, 244, 236), (236, 242, 246), (244, 238, 244), (240, 246, 238), (250, 250, 250)])
    canvas = Canvas(rng, (width, int(width / ratio)), paper)
    tint = tuple(max(0, c - rng.randint(18, 40)) for c in paper)
    canvas.guilloche(tint, density=rng.randint(8, 26))  # type: ignore[arg-type]
    return canvas


def _dotted(d: dt.date, rng: random.Random) -> str:
    style = rng.randint(0, 3)
    if style == 0:
        return f"{d.year}. {d.month}. {d.day}."
    if style == 1:
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == 2:
        return f"{d.year}. {d.month:02d}. {d.day:02d}."
    return f"{d.year}.{d.month:02d}.{d.day:02d}."


def _wrap_address(addr: str, max_chars: int) -> list[str]:
    words, lines, cur = addr.split(" "), [], ""
    for word in words:
        if cur and len(cur) + 1 + len(word) > max_chars:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    lines.append(cur)
    return lines


def resident(rng: random.Random) -> Specimen:
    c = _card_canvas(rng)
    w, h = c.image.size
    s = w / 1280
    birth = v.random_date(rng, dt.date(1950, 1, 1), dt.date(2004, 12, 31))
    name = v.korean_name(rng)
    rrn = v.resident_number(rng, birth)
    addr = v.address(rng)
    issue = v.random_date(rng, dt.date(2005, 1, 1), dt.date(2025, 6, 30))
    issuer = rng.choice(v.ISSUERS_RESIDENT)
    left = int(rng.uniform(50, 90) * s)
    photo_left = rng.random() < 0.2
    if photo_left:
        c.photo((left, int(200 * s), left + int(300 * s), int(600 * s)))
        left += int(340 * s)
    else:
        c.photo((w - int(380 * s), int(200 * s), w - int(70 * s), int(600 * s)))
    y = int(rng.uniform(40, 70) * s)
    c.text(
        (left, y), "주민등록증", int(rng.uniform(64, 84) * s), font=c.ko_bold, spacing=int(rng.choice([0, 0, 18]) * s)
    )
    y += int(rng.uniform(120, 150) * s)
    name_text = name + (
        f"({''.join(rng.choice('金李朴崔鄭姜趙尹張林韓吳徐申權黃安宋柳全洪高文梁孫') for _ in range(len(name)))})"
        if rng.random() < 0.3
        else ""
    )
    if "(" in name_text:
        c.text((left, y), name_text, int(56 * s), font=("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1))
        c.boxes["name"] = c.draw.textbbox(
            (left, y), name, font=_font(("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1), int(56 * s))
        )  # type: ignore[assignment]
    else:
        c.text((left, y), name_text, int(rng.uniform(50, 60) * s), key="name")
    y += int(rng.uniform(85, 100) * s)
    c.text(
        (left, y),
        rrn,
        int(rng.uniform(46, 56) * s),
        font=c.latin if rng.random() < 0.5 else c.ko,
        key="resident_number",
    )
    y += int(rng.uniform(90, 110) * s)
    max_chars = 20 if not photo_left else 17
    for line in _wrap_address(addr, max_chars):
        c.text((left, y), line, int(rng.uniform(30, 36) * s), key="address")
        y += int(46 * s)
    dy = h - int(rng.uniform(200, 230) * s)
    date_x = int(w * rng.uniform(0.38, 0.5))
    c.text((date_x, dy), _dotted(issue, rng), int(rng.uniform(32, 38) * s), key="issue_date")
    c.text(
        (date_x - int(rng.uniform(0, 80) * s), dy + int(62 * s)),
        issuer,
        int(rng.uniform(38, 46) * s),
        font=c.ko_bold,
        key="issuer",
    )
    c.draw.ellipse(
        (w - int(260 * s), dy + int(20 * s), w - int(170 * s), dy + int(110 * s)), outline=(200, 40, 40), width=4
    )
    c.specimen_mark(int(90 * s))
    truth = {"name": name, "resident_number": rrn, "address": addr, "issue_date": issue.isoformat(), "issuer": issuer}
    return Specimen("id_card", "resident", c.image, truth, c.boxes)


def driver(rng: random.Random) -> Specimen:
    c = _card_canvas(rng)
    w, h = c.image.size
    s = w / 1280
    birth = v.random_date(rng, dt.date(1950, 1, 1), dt.date(2004, 12, 31))
    first = min(birth.year + rng.randint(18, 40), 2024)
    name = v.korean_name(rng)
    rrn = v.resident_number(rng, birth)
    lic = v.license_number(rng, first)
    types = rng.sample(v.LICENSE_TYPES, 2 if rng.random() < 0.2 else 1)
    addr = v.address(rng)
    issue = v.random_date(rng, dt.date(2015, 1, 1), dt.date(2025, 6, 30))
    r_start = dt.date(issue.year + 9, 1, 1)
    r_end = dt.date(issue.year + 9, 12, 31)
    cond = rng.choice(v.LICENSE_CONDITIONS) if rng.random() < 0.3 else ""
    serial = v.serial_code(rng)
    police = rng.choice(v.POLICE)
    c.text(
        (int(rng.uniform(40, 80) * s), int(rng.uniform(30, 50) * s)),
        "자동차운전면허증",
        int(rng.uniform(54, 66) * s),
        font=c.ko_bold,
    )
    c.text((int(rng.uniform(560, 640) * s), int(60 * s)), "Driver's License", int(30 * s), font=c.latin)
    px0 = int(rng.uniform(40, 70) * s)
    c.photo((px0, int(230 * s), px0 + int(280 * s), int(600 * s)))
    c.text((px0 + int(40 * s), int(620 * s)), serial, int(rng.uniform(30, 36) * s), font=c.latin, key="serial_number")
    x = px0 + int(rng.uniform(320, 350) * s)
    y = int(rng.uniform(140, 160) * s)
    c.text((x, y), lic, int(rng.uniform(44, 52) * s), font=c.latin, key="license_number")
    tx = x + int(rng.uniform(480, 520) * s)
    c.text(
        (tx, y + int(4 * s)),
        "/".join(types) if len(types) > 1 else types[0],
        int(rng.uniform(34, 40) * s),
        font=c.ko_bold,
        key="license_type",
    )
    y += int(rng.uniform(76, 90) * s)
    c.text((x, y), name, int(rng.uniform(44, 52) * s), key="name")
    y += int(rng.uniform(66, 76) * s)
    c.text((x, y), rrn, int(rng.uniform(40, 46) * s), font=c.latin, key="resident_number")
    y += int(rng.uniform(66, 76) * s)
    for line in _wrap_address(addr, 22):
        c.text((x, y), line, int(rng.uniform(28, 32) * s), key="address")
        y += int(42 * s)
    y = max(y + int(10 * s), int(560 * s))
    sep = rng.choice(["~", " ~ ", "-"])
    c.text(
        (x, y),
        f"{r_start:%Y.%m.%d}{sep}{r_end:%Y.%m.%d}",
        int(rng.uniform(30, 34) * s),
        font=c.latin,
        key="renewal_start",
    )
    c.boxes["renewal_end"] = c.boxes["renewal_start"]
    if cond:
        c.text((x + int(560 * s), y), "조건", int(30 * s))
        c.text((x + int(650 * s), y), cond, int(30 * s), font=c.latin, key="condition")
    dy = h - int(rng.uniform(150, 170) * s)
    c.text((int(w * 0.5), dy), f"{issue:%Y.%m.%d}", int(rng.uniform(30, 34) * s), font=c.latin, key="issue_date")
    c.text(
        (int(w * rng.uniform(0.45, 0.52)), dy + int(50 * s)),
        police,
        int(rng.uniform(38, 44) * s),
        font=c.ko_bold,
        key="issuer",
    )
    c.specimen_mark(int(90 * s))
    truth = v.driver_truth(
        lic=lic, types=types, name=name, rrn=rrn, addr=addr, r_start=r_start, r_end=r_end, serial=serial, issue=issue,
        police=police, cond=cond,
    )  # fmt: skip
    return Specimen("id_card", "driver", c.image, truth, c.boxes)


def _passport_date(d: dt.date, rng: random.Random) -> str:
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def passport(rng: random.Random) -> Specimen:
    width = rng.randint(1250, 1500)
    paper = rng.choice([(238, 240, 246), (244, 240, 230), (236, 244, 240)])
    c = Canvas(rng, (width, int(width / 1.42)), paper)
    c.guilloche(tuple(max(0, x - rng.randint(14, 30)) for x in paper), density=rng.randint(10, 30))  # type: ignore[arg-type]
    w, h = c.image.size
    s = w / 1400
    name = v.korean_name(rng)
    surname, given = v.romanised(name)
    birth = v.random_date(rng, dt.date(1950, 1, 1), dt.date(2012, 12, 31))
    sex = rng.choice("MF")
    rrn = v.resident_number(rng, birth, sex=sex)
    number = v.passport_number(rng)
    issue = v.random_date(rng, dt.date(2016, 1, 1), dt.date(2025, 6, 30))
    expiry = dt.date(issue.year + 10, issue.month, min(issue.day, 28))
    ptype = rng.choice(["PM", "PM", "PS", "PO"])
    show_personal = rng.random() < 0.5
    line1, line2 = v.mrz_lines(
        surname=surname, given=given, number=number, nationality="KOR", birth=birth, sex=sex, expiry=expiry,
        personal=rrn.replace("-", "")[6:] if show_personal else "",
    )  # fmt: skip
    line1 = ptype[0] + ptype[1] + line1[2:]
    c.text((int(60 * s), int(30 * s)), "여권 PASSPORT", int(40 * s), font=c.ko_bold)
    c.text((int(560 * s), int(30 * s)), "대한민국 REPUBLIC OF KOREA", int(34 * s), font=c.ko_bold)
    c.photo((int(60 * s), int(140 * s), int(400 * s), int(600 * s)))
    label = int(rng.uniform(20, 24) * s)
    val = int(rng.uniform(32, 38) * s)
    x0, x1, x2 = int(440 * s), int(640 * s), int(980 * s)
    y = int(120 * s)

    def row(x: int, y: int, lab: str, value: str, key: str, font: tuple[str, int] | None = None) -> None:
        c.text((x, y), lab, label, fill=(90, 90, 110))
        f = _font(font or c.latin, val)
        # Long values shrink to stay on the page, as printers do.
        size = int(val * min(1.0, (w - x - 30 * s) / max(f.getlength(value), 1)))
        c.text((x, y + int(label * 1.3)), value, size, font=font or c.latin, key=key)

    row(x0, y, "종류/Type", ptype, "passport_type")
    row(x1, y, "발행국/Issuing country", "KOR", "country_code")
    row(x2, y, "여권번호/Passport No.", number, "passport_number")
    y += int(90 * s)
    row(x0, y, "성/Surname", surname, "surname")
    y += int(80 * s)
    row(x0, y, "이름/Given names", given, "given_names")
    y += int(80 * s)
    row(x0, y, "한글성명", name, "korean_name", font=c.ko)
    y += int(80 * s)
    row(x0, y, "생년월일/Date of birth", _passport_date(birth, rng), "birth_date")
    row(x2, y, "국적/Nationality", "REPUBLIC OF KOREA", "nationality")
    y += int(80 * s)
    row(x0, y, "성별/Sex", sex, "sex")
    row(x1, y, "발급일/Date of issue", _passport_date(issue, rng), "issue_date")
    row(x2, y, "발행관청/Authority", "MINISTRY OF FOREIGN AFFAIRS", "authority")
    y += int(80 * s)
    row(x1, y, "기간만료일/Date of expiry", _passport_date(expiry, rng), "expiry_date")
    if show_personal:
        row(x2, y, "주민등록번호/Personal No.", rrn, "personal_number")
    mono = _font(rng.choice(MONO_FONTS), 10)
    target = w * rng.uniform(0.86, 0.92)
    size = 10
    while mono.getlength(line1) < target:
        size += 1
        mono = ImageFont.truetype(mono.path, size, index=mono.index)
    my = h - int(rng.uniform(150, 170) * s)
    mx = (w - mono.getlength(line1)) / 2
    c.draw.text((mx, my), line1, font=mono, fill=(10, 10, 10))
    c.boxes["mrz_line1"] = tuple(int(t) for t in c.draw.textbbox((mx, my), line1, font=mono))  # type: ignore[assignment]
    c.draw.text((mx, my + size * 1.35), line2, font=mono, fill=(10, 10, 10))
    c.boxes["mrz_line2"] = tuple(int(t) for t in c.draw.textbbox((mx, my + size * 1.35), line2, font=mono))  # type: ignore[assignment]
    c.specimen_mark(int(110 * s))
    truth = v.passport_truth(
        ptype=ptype, number=number, surname=surname, given=given, name=name, birth=birth, sex=sex, issue=issue,
        expiry=expiry, line1=line1, line2=line2, personal=rrn if show_personal else None,
    )  # fmt: skip
    return Specimen("id_card", "passport", c.image, truth, c.boxes)


def alien(rng: random.Random) -> Specimen:
    c = _card_canvas(rng)
    w, h = c.image.size
    s = w / 1280
    birth = v.random_date(rng, dt.date(1960, 1, 1), dt.date(2004, 12, 31))
    sex = rng.choice("MF")
    number = v.resident_number(rng, birth, foreigner=True, sex=sex)
    surname, given = rng.choice(v.FOREIGN_NAMES)
    name = f"{surname} {given}"
    nationality = rng.choice(v.NATIONALITIES)
    visa = rng.choice(v.VISA_TYPES)
    issue = v.random_date(rng, dt.date(2015, 1, 1), dt.date(2025, 6, 30))
    issuer = rng.choice(v.IMMIGRATION)
    c.text((int(60 * s), int(40 * s)), "외국인등록증", int(rng.uniform(56, 66) * s), font=c.ko_bold)
    c.text((int(520 * s), int(58 * s)), "RESIDENCE CARD", int(40 * s), font=c.latin)
    c.photo((w - int(360 * s), int(170 * s), w - int(70 * s), int(560 * s)))
    x = int(rng.uniform(50, 80) * s)
    lab = int(24 * s)
    valsize = int(rng.uniform(38, 44) * s)
    y = int(170 * s)
    vx = x + int(rng.uniform(240, 280) * s)
    for label, value, key in [
        ("외국인등록번호", number, "alien_registration_number"),
        ("성명 Name", name, "name"),
        ("성별 Sex", sex, "sex"),
        ("국가 Country", nationality, "nationality"),
        ("체류자격 Status", visa, "visa_type"),
    ]:
        c.text((x, y + int(8 * s)), label, lab, fill=(80, 80, 100))
        c.text(
            (vx, y),
            value,
            valsize if key != "nationality" or len(value) < 16 else int(valsize * 0.8),
            font=c.latin,
            key=key,
        )
        y += int(rng.uniform(72, 82) * s)
    dy = h - int(rng.uniform(170, 190) * s)
    c.text((int(w * 0.45), dy), _dotted(issue, rng), int(34 * s), font=c.latin, key="issue_date")
    c.text((int(w * 0.4), dy + int(56 * s)), issuer, int(rng.uniform(36, 42) * s), font=c.ko_bold, key="issuer")
    c.specimen_mark(int(90 * s))
    truth = {
        "alien_registration_number": number, "name": name, "sex": sex, "nationality": nationality, "visa_type": visa,
        "issue_date": issue.isoformat(), "issuer": issuer,
    }  # fmt: skip
    return Specimen("id_card", "alien", c.image, truth, c.boxes)


def credit_card(rng: random.Random) -> Specimen:
    width = rng.randint(1100, 1400)
    dark = rng.random() < 0.55
    base = (
        rng.choice([(20, 40, 90), (30, 30, 35), (90, 20, 40), (20, 80, 70), (60, 40, 100)])
        if dark
        else rng.choice([(225, 230, 240), (240, 225, 205), (230, 240, 225), (250, 250, 250)])
    )
    c = Canvas(rng, (width, int(width / 1.585)), base)
    w, h = c.image.size
    s = w / 1280
    for i in range(h):
        shade = tuple(int(b + (30 if dark else -20) * i / h) for b in base)
        c.draw.line([(0, i), (w, i)], fill=shade)  # type: ignore[arg-type]
    c.guilloche(tuple(min(255, b + 25) if dark else max(0, b - 25) for b in base), density=rng.randint(4, 12))  # type: ignore[arg-type]
    ink = (235, 235, 235) if dark else (25, 25, 30)
    number = v.card_number(rng)
    name_ko = v.korean_name(rng)
    sur, giv = v.romanised(name_ko)
    holder = f"{sur} {giv}" if rng.random() < 0.5 else f"{giv} {sur}"
    exp = dt.date(rng.randint(2026, 2032), rng.randint(1, 12), 1)
    valid = f"{exp.month:02d}/{exp.year % 100:02d}"
    c.text(
        (int(70 * s), int(60 * s)),
        rng.choice(["한빛카드", "SPECIMEN BANK", "누리카드", "MIRAE CARD", "다온은행"]),
        int(48 * s),
        font=c.ko_bold,
        fill=ink,
    )
    c.draw.rounded_rectangle(
        (int(90 * s), int(240 * s), int(250 * s), int(360 * s)), radius=int(14 * s), fill=(212, 180, 90)
    )
    if len(number) == 16:
        groups = [number[i : i + 4] for i in range(0, 16, 4)]
    elif len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[:4], number[4:10], number[10:]]
    font = rng.choice(EMBOSS_FONTS)
    size = int(rng.uniform(62, 76) * s)
    gap = rng.choice(["  ", " ", "   "])
    ny = int(rng.uniform(420, 470) * s)
    nx = int(rng.uniform(70, 110) * s)
    text = gap.join(groups)
    if rng.random() < 0.5:
        c.text((nx + 3, ny + 3), text, size, font=font, fill=(0, 0, 0) if dark else (150, 150, 150))
    c.text((nx, ny), text, size, font=font, fill=ink, key="card_number")
    vy = ny + int(rng.uniform(100, 120) * s)
    vx = int(rng.uniform(420, 560) * s)
    c.text((vx - int(110 * s), vy + int(6 * s)), "VALID\nTHRU", int(16 * s), font=c.latin, fill=ink)
    c.text((vx, vy), valid, int(rng.uniform(40, 48) * s), font=font, fill=ink, key="valid_thru")
    c.text(
        (nx, vy + int(rng.uniform(70, 90) * s)),
        holder,
        int(rng.uniform(38, 46) * s),
        font=font,
        fill=ink,
        key="cardholder_name",
    )
    c.specimen_mark(int(90 * s))
    return Specimen(
        "credit_card", None, c.image, {"card_number": number, "valid_thru": valid, "cardholder_name": holder}, c.boxes
    )


def _ko_date(d: dt.date) -> str:
    return f"{d.year} 년 {d.month:02d} 월 {d.day:02d} 일"


def business_registration(rng: random.Random, subtype: str) -> Specimen:
    corporate = subtype == "corporate"
    dpi = rng.choice([150, 170, 200])
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    c = Canvas(rng, (w, h), (255, 255, 255) if rng.random() < 0.7 else (250, 248, 240))
    s = dpi / 150
    if rng.random() < 0.6:
        c.guilloche((236, 240, 246), density=rng.randint(6, 16))
    bnum = v.business_number(rng, corporate=corporate)
    company = v.company_name(rng, corporate=corporate)
    rep = v.korean_name(rng)
    co_rep = v.korean_name(rng) if (not corporate and rng.random() < 0.2) else ""
    birth = v.random_date(rng, dt.date(1950, 1, 1), dt.date(2000, 12, 31))
    open_date = v.random_date(rng, dt.date(2000, 1, 1), dt.date(2025, 3, 31))
    issue = v.random_date(rng, open_date, dt.date(2025, 6, 30))
    addr = v.address(rng, detail=rng.random() < 0.5)
    head = v.address(rng, detail=False) if corporate else ""
    btype, bitem = rng.choice(v.BUSINESS_KINDS)
    tax = "법인사업자" if corporate else rng.choice(["일반과세자", "일반과세자", "간이과세자", "면세사업자"])
    office = rng.choice(v.TAX_OFFICES)
    m = int(rng.uniform(110, 150) * s)
    c.draw.rectangle(
        (m - 30 * s, m - 30 * s, w - m + 30 * s, h - m + 30 * s), outline=(60, 60, 60), width=max(2, int(3 * s))
    )
    title_spacing = int(rng.choice([10, 16, 22]) * s)
    c.text(
        (w / 2 - 330 * s, m + 20 * s),
        "사업자등록증",
        int(rng.uniform(54, 64) * s),
        font=c.ko_bold,
        spacing=title_spacing,
    )
    c.text((w / 2 - 100 * s, m + 120 * s), f"({tax})", int(30 * s), key="tax_type")
    label = int(rng.uniform(24, 28) * s)
    y = m + int(220 * s)
    c.text((m, y), "등록번호 :", int(32 * s), font=c.ko_bold)
    c.text((m + 200 * s, y), bnum, int(34 * s), font=c.ko_bold, key="business_number")
    y += int(90 * s)
    vx = m + int(rng.uniform(250, 300) * s)
    spaced = rng.random() < 0.6
    sp = int(8 * s) if spaced else 0

    def row(lab: str, value: str, key: str, *, wrap: int = 30) -> None:
        nonlocal y
        c.text((m, y), lab, label, spacing=sp)
        c.text((vx - 30 * s, y), ":", label)
        for line in _wrap_address(value, wrap):
            c.text((vx, y), line, label, key=key)
            y += int(label * 1.6)
        y += int(rng.uniform(18, 30) * s)

    if corporate:
        row("법인명(단체명)", company, "company_name")
        row("대표자", rep, "representative_name")
        row("개업연월일", _ko_date(open_date), "open_date", wrap=40)
        bx, by = m + int(560 * s), y - int(label * 1.6) - int(24 * s)
        c.text((bx, by), "법인등록번호 :", label)
        corp = v.corporate_number(rng)
        c.text((bx + 190 * s, by), corp, label, key="corporate_number")
        row("사업장 소재지", addr, "business_address")
        row("본점 소재지", head, "head_office_address")
    else:
        row("상호", company, "company_name")
        row("성명", rep, "representative_name")
        bx, by = m + int(520 * s), y - int(label * 1.6) - int(24 * s)
        c.text((bx, by), "생년월일 :", label)
        c.text((bx + 150 * s, by), _ko_date(birth), label, key="representative_birth_date")
        if co_rep:
            row("공동사업자", co_rep, "co_representative_name")
        row("개업연월일", _ko_date(open_date), "open_date", wrap=40)
        row("사업장 소재지", addr, "business_address")
    c.text((m, y), "사업의 종류 :", label, spacing=sp)
    c.text((m + 250 * s, y), "업태", label)
    c.text((m + 320 * s, y), btype, label, key="business_type")
    c.text((m + 620 * s, y), "종목", label)
    c.text((m + 690 * s, y), bitem, label, key="business_item")
    y += int(label * 1.6) + int(26 * s)
    c.text((m, y), "발급사유 :", label, spacing=sp)
    c.text((vx, y), rng.choice(["신규", "정정", "재발급"]), label)
    y = h - m - int(rng.uniform(280, 340) * s)
    c.text((w / 2 - 140 * s, y), _ko_date(issue), int(30 * s), key="issue_date")
    c.text((w / 2 - 80 * s, y + 80 * s), office, int(40 * s), font=c.ko_bold)
    c.draw.rectangle((w / 2 + 240 * s, y + 60 * s, w / 2 + 330 * s, y + 150 * s), outline=(200, 40, 40), width=4)
    c.specimen_mark(int(120 * s))
    truth = {
        "business_number": bnum, "company_name": company, "representative_name": rep,
        "open_date": open_date.isoformat(),
        "business_address": addr, "business_type": btype, "business_item": bitem, "tax_type": tax,
        "issue_date": issue.isoformat(),
    }  # fmt: skip
    if corporate:
        truth["corporate_number"] = corp
        truth["head_office_address"] = head
    else:
        truth["representative_birth_date"] = birth.isoformat()
        if co_rep:
            truth["co_representative_name"] = co_rep
    return Specimen("business_registration", subtype, c.image, truth, c.boxes, is_pdf=rng.random() < 0.5, drawn=c.drawn)
