"""Korean text clean-up for values read by Tesseract: spacing of addresses and issuing offices.

Tesseract's Korean model splits syllables and misplaces spaces. Road-name addresses
(도로명주소) have a standard spacing — province, city/district, road, building number, details —
so the spacing is rebuilt from that structure where it can be recognised, and left as read
otherwise.
"""

from __future__ import annotations

import re

PROVINCES = (
    "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시",
    "세종특별자치시", "경기도", "강원특별자치도", "강원도", "충청북도", "충청남도", "전북특별자치도",
    "전라북도", "전라남도", "경상북도", "경상남도", "제주특별자치도",
)  # fmt: skip
_PROVINCE_RES = [(p, re.compile(r"^" + r"\s?".join(p))) for p in sorted(PROVINCES, key=len, reverse=True)]
_DISTRICT_RE = re.compile(r"^([가-힣](?:\s?[가-힣]){0,4}?(?:시|군|구))\s?(?=[가-힣])")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _split_province(text: str) -> tuple[str, str] | None:
    for name, pattern in _PROVINCE_RES:
        m = pattern.match(text)
        if m:
            return name, text[m.end() :].strip()
    # One misread syllable in a province name ("중청북도") is repaired: the list is closed.
    first = re.match(r"^([가-힣](?:\s?[가-힣]){2,6}?(?:특별시|광역시|특별자치시|특별자치도|도))(?=\s|[가-힣]|$)", text)
    if first:
        token = _squash(first.group(1))
        close = [
            p for p in PROVINCES if len(p) == len(token) and sum(a != b for a, b in zip(p, token, strict=True)) == 1
        ]
        if len(close) == 1:
            return close[0], text[first.end() :].strip()
    return None


def normalise_address(text: str) -> str:
    """Standard spacing for a road-name address; unrecognised text only gets punctuation fixes."""
    text = re.sub(r"\s+", " ", text).strip()
    head = _split_province(text)
    parts: list[str] = []
    if head:
        parts.append(head[0])
        rest = head[1]
        for _ in range(2):
            m = _DISTRICT_RE.match(rest)
            if not m:
                break
            parts.append(_squash(m.group(1)))
            rest = rest[m.end() :]
        text = " ".join([*parts, rest]) if rest else " ".join(parts)
    # A road name is one word: "올림픽 길 188" -> "올림픽길 188".
    text = re.sub(r"(?<=[가-힣]) (로|길)(?= ?\d)", r"\1", text)
    # "7충" after a number is the floor (층), which Tesseract reads as the similar 충.
    text = re.sub(r"(?<=\d)충(?=\s|,|\)|$)", "층", text)
    # Road name and building number: "청계대로416" -> "청계대로 416" (but "세종로40번길" stays whole).
    text = re.sub(r"(?<=[로길])\s?(\d+(?:-\d+)?)(?!\d|\s?번\s?길|\s?가\s?길|\s?길)", r" \1", text)
    text = re.sub(r"(\d+)\s?번\s?길", r"\1번길", text)
    text = re.sub(r"(\d+동)\s?(\d+호)", r"\1 \2", text)
    text = re.sub(r"\s?\(\s?", " (", text)
    text = re.sub(r"\s?\)", ")", text)
    text = re.sub(r"\s?,\s?", ", ", text)

    def tidy_reference(m: re.Match[str]) -> str:
        # The bracketed reference (법정동, 공동주택명) is printed without inner spaces.
        return "(" + ", ".join(_squash(p) for p in m.group(1).split(",")) + ")"

    text = re.sub(r"\(([^()]*)\)\s*$", tidy_reference, text)
    return re.sub(r"\s+", " ", text).strip()


def normalise_local_office(text: str) -> str:
    """'서울 특별시종로구청장' -> '서울특별시 종로구청장'; '경기도 수원시장' stays as printed."""
    squashed = _squash(text)
    head = _split_province(squashed)
    if not head or not head[1] or head[1] in {"지사", "도지사"} or head[1].endswith("경찰청장"):
        return squashed
    rest = head[1]
    m = re.match(r"^([가-힣]+?시)([가-힣]+구청장)$", rest)
    if m:
        rest = f"{m.group(1)} {m.group(2)}"
    return f"{head[0]} {rest}"


# The most common Korean surnames (statistics Korea census), covering well over 99% of people.
COMMON_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부황보남궁제갈선우독고"
)


def plausible_korean_name(name: str) -> bool:
    """2-4 syllables starting with a known surname (two-syllable surnames included)."""
    if not 2 <= len(name) <= 4:
        return False
    return name[0] in COMMON_SURNAMES or name[:2] in {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"}


def parsed_road_address(text: str) -> bool:
    """The address has a province, a road name and a building number in standard form."""
    return bool(_split_province(text)) and bool(re.search(r"[가-힣\d](?:로|길) \d+(?:-\d+)?(?:\s|,|$)", text))
