"""Korean text clean-up for values read by Tesseract: spacing of addresses and issuing offices.

Tesseract's Korean model splits syllables and misplaces spaces. Road-name addresses
(도로명주소) have a standard spacing — province, city/district, road, building number, details —
so the spacing is rebuilt from that structure where it can be recognised, and left as read
otherwise.
"""

from __future__ import annotations

import difflib
import re

from ocr_integration.local.districts import DISTRICTS

PROVINCES = (
    "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시",
    "세종특별자치시", "경기도", "강원특별자치도", "강원도", "충청북도", "충청남도", "전북특별자치도",
    "전라북도", "전라남도", "경상북도", "경상남도", "제주특별자치도",
)  # fmt: skip
_PROVINCES_SPACED = [(p, r"\s?".join(p)) for p in sorted(PROVINCES, key=len, reverse=True)]
_PROVINCE_RES = [(p, re.compile(r"^" + spaced)) for p, spaced in _PROVINCES_SPACED]
# A province name anywhere, spaced or not.
_PROVINCE_ANY = re.compile("|".join(spaced for _, spaced in _PROVINCES_SPACED))
# A city, county or district ends in 시, 군 or 구; Tesseract reads 구 as 쿠 now and then ("북쿠").
_DISTRICT_RE = re.compile(r"^([가-힣](?:\s?[가-힣]){0,4}?\s?(?:시|군|구|쿠))\s?(?=[가-힣])")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _split_province(text: str) -> tuple[str, str] | None:
    for name, pattern in _PROVINCE_RES:
        m = pattern.match(text)
        if m:
            return name, text[m.end() :].strip()
    # One misread syllable in a province name ("중청북도"), or two that differ in a letter each
    # ("중정북도"), are repaired: the list is closed.
    first = re.match(r"^([가-힣](?:\s?[가-힣]){1,6}?(?:특별시|광역시|특별자치시|특별자치도|도))(?=\s|[가-힣]|$)", text)
    if first:
        token = _squash(first.group(1))
        # Of a three-syllable name (경기도, 강원도) the misread syllable must keep a letter of the
        # printed one ("정기도", holdout driver 10207): any syllable before 도 would do otherwise.
        close = [p for p in PROVINCES if len(p) == len(token) and _near_word(p, token, letters=2 if len(p) == 3 else 3)]
        if len(close) == 1:
            return close[0], text[first.end() :].strip()
    # Tesseract now and then puts a syllable of a province name in the wrong place ("대광역시구"
    # for 대구광역시, "광광역시주" for 광주광역시): the same syllables in another order.
    squashed = _squash(text)
    for name, _ in _PROVINCE_RES:
        head = squashed[: len(name)]
        if head != name and sorted(head) == sorted(name):
            m = re.match(r"^" + r"\s?".join(re.escape(c) for c in head), text)
            if m:
                return name, text[m.end() :].strip()
    return None


def _near_word(word: str, read: str, *, by_a_letter: bool = False, letters: int = 3) -> bool:
    """``read`` is ``word`` with one syllable misread, or two misread by a letter (jamo) each;
    ``by_a_letter``: every misread syllable differs by one letter; ``letters``: by that many at most."""
    diffs = [jamo_difference(a, b) for a, b in zip(word, read, strict=True)]
    wrong = sum(d > 0 for d in diffs)
    if (by_a_letter and max(diffs) != 1) or max(diffs) > letters:
        return False
    return wrong == 1 or (wrong == 2 and max(diffs) == 1 and len(word) >= 4)


def repair_district(province: str, name: str) -> str:
    """A city, county or district name of ``province`` misread by a letter ("달써구" -> 달서구),
    put back when exactly one name of that province is that close; any other name as read."""
    names = DISTRICTS.get(province)
    if not names or name in names:
        return name
    return repair_place(name, names) or name


def repair_place(name: str, places: frozenset[str]) -> str | None:
    """The one name of ``places`` that ``name`` misreads by a letter in one syllable (or in each
    of two, for longer names); None when no name or several are that close."""
    close = [p for p in places if len(p) == len(name) and _near_word(p, name, by_a_letter=True)]
    return close[0] if len(close) == 1 else None


def watermark_like(token: str) -> bool:
    """A capitalised token that is the SPECIMEN/SAMPLE watermark or a piece or misreading of it."""
    if not re.fullmatch(r"[A-Z]{3,10}", token):
        return False
    for mark in ("SPECIMEN", "SAMPLE"):
        if token in mark or difflib.SequenceMatcher(None, token, mark).ratio() >= 0.7:
            return True
        # Four letters or more of it with one misread ("ECIV" for ECIM: docgen driver 10008).
        n = len(token)
        if n >= 4 and any(
            sum(a != b for a, b in zip(token, mark[i : i + n], strict=True)) <= 1 for i in range(len(mark) - n + 1)
        ):
            return True
    return False


def strip_watermark(text: str) -> str:
    """Drop watermark fragments read into a value ("... 410 ECIM", "SPECHMEN 서울특별시 ...", two
    letters of it at either end: "커피전문점 ME", and the Korean stamp at the end: "... 견몬")."""
    words = [w for w in text.split(" ") if not watermark_like(w)]
    for end in (-1, 0):
        while len(words) > 1 and re.fullmatch(r"[A-Z]{2}", words[end]) and words[end] in "SPECIMEN":
            words.pop(end)
    # The Korean stamp 견본 ("specimen") after the value, a letter misread at most ("견몬").
    last = words[-1] if len(words) > 1 else ""
    if re.fullmatch(r"[가-힣]{2}", last) and sum(jamo_difference(a, b) for a, b in zip(last, "견본", strict=True)) <= 1:
        words.pop()
    return " ".join(words)


def light_not_debt(text: str) -> str:
    """빛 (light) is common in road, building and company names (한빛로, 빛가람로, 별빛상사); 빚
    (debt), its look-alike, never is one."""
    return text.replace("빚", "빛")


# The apartment brands of the large builders, as the bracketed reference of an address names
# them: three syllables or more, so that one letter misread is not another common word.
APARTMENT_BRANDS = frozenset(
    {
        "힐스테이트", "푸르지오", "아이파크", "롯데캐슬", "래미안", "e편한세상", "두산위브", "꿈에그린",
        "센트레빌", "하늘채", "스위첸", "데시앙", "더플래티넘", "베르디움", "우미린", "리슈빌",
    }
)  # fmt: skip


def normalise_address(text: str) -> str:
    """Standard spacing for a road-name address; unrecognised text only gets punctuation fixes."""
    text = re.sub(r"\s+", " ", text).strip()
    text = strip_watermark(text)
    # Nothing is printed before the province: a few marks, letters or a syllable read there come
    # from the stamp or the cell's edge ("MCN 경기도 …", docgen driver 10203; "「경 전라남도…",
    # docgen corporate 10200, clean).
    province = _PROVINCE_ANY.search(text, 0, 12)
    if province and 0 < province.start() <= 6 and not re.search(r"\d", text[: province.start()]):
        text = text[province.start() :]
    head = _split_province(text)
    parts: list[str] = []
    if head:
        parts.append(head[0])
        # The province's suffix read twice ("서울특별시특별시", holdout resident 10204, clean).
        suffix = re.search(r"(?:특별시|광역시|특별자치시|특별자치도)$", head[0])
        rest = re.sub(rf"^{suffix.group(0)}\s?(?=[가-힣])", "", head[1]) if suffix else head[1]
        for _ in range(2):
            # The suffix itself misread by a letter ("충주서" for 충주시): a word that is one of the
            # province's names but for that letter.
            word = re.match(r"^([가-힣]{1,3}[^시군구쿠\s]) ", rest)
            fixed = repair_place(word.group(1), DISTRICTS.get(head[0], frozenset())) if word else None
            if word and fixed:
                parts.append(fixed)
                rest = rest[word.end() :]
                continue
            m = _DISTRICT_RE.match(rest)
            if not m:
                break
            name = repair_district(head[0], re.sub("쿠$", "구", _squash(m.group(1))))
            rest = rest[m.end() :]
            # No district lies in a district: an unknown second one is a misreading of the print
            # around it ("유성구 푸녕구 푸른솔로" for 유성구 푸른솔로, holdout driver 9901).
            known = DISTRICTS.get(head[0], frozenset())
            if len(parts) > 1 and parts[-1].endswith("구") and name.endswith("구") and known and name not in known:
                break
            parts.append(name)
        text = " ".join([*parts, rest]) if rest else " ".join(parts)
    # No road name ends in 킬, the look-alike of 길 ("은행킬 92", holdout driver 10200, clean).
    text = re.sub(r"(?<=[가-힣])킬(?= ?\d)", "길", text)
    # A road name is one word: "올림픽 길 188" -> "올림픽길 188", "중앙 대로 73" -> "중앙대로 73".
    text = re.sub(r"(?<=[가-힣]) (대로|로|길)(?= ?\d)", r"\1", text)
    # ... and so is one whose first syllable was read apart: no word of an address is one syllable
    # ("충주시 가 람로42번길", docgen driver 10704, clean, at 0.96).
    text = re.sub(r"(?<= )([가-힣]) ([가-힣]{1,6}(?:대로|로|길))(?= ?\d)", r"\1\2", text)
    # 벚꽃 (cherry blossom), common in road names: 벚 is rare and read as 벗, 벌 or 빛, and 꽃 as
    # 꽂 ("벗꽂로", "빛꽂대로": holdout certificate 9908 and resident 9909, degraded); none of these
    # is a word.
    text = re.sub(r"(?<![가-힣])(?:[벗벌빛]꽃|[벚벗벌빛]꽂)", "벚꽃", text)
    text = light_not_debt(text)
    # Unit numbers: "2104흐" is 호, "112 동" is one word.
    text = re.sub(r"(?<=\d)흐(?=\s|\(|$)", "호", text)
    text = re.sub(r"(?<=\d) (동|호|층)(?=\s|\(|$)", r"\1", text)
    # ... and "21 08호" is one number: no building, block or unit number starts with a 0.
    text = re.sub(r"(?<=\d) (0\d*[동호층])(?=\s|\(|$)", r"\1", text)
    # The apartment brand "e편한세상": Tesseract reads the lone Latin "e" as "@", "6", "0", "c" or
    # the letter ㅇ (holdout certificate 10000, degraded).
    text = re.sub(r"(?<![0-9A-Za-z])[@60ceㅇ]{1,2}(?=편한세상)", "e", text)
    # "7충" or "12증" after a number is the floor (층), which Tesseract reads as the similar 충 or 증
    # (docgen resident 10006, clean).
    text = re.sub(r"(?<=\d)[충증](?=\s|,|\)|$)", "층", text)
    # Road name and building number: "청계대로416" -> "청계대로 416" (but "세종로40번길" stays whole).
    text = re.sub(r"(?<=[로길])\s?(\d+(?:-\d+)?)(?!\d|\s?번\s?길|\s?가\s?길|\s?길)", r" \1", text)
    # ... and "7번글번길" is 번길 with its first syllables read twice (holdout resident 10204, clean).
    text = re.sub(r"(\d+)\s?번\s?(?:[가-힣]\s?번\s?)?길", r"\1번길", text)
    # "가람길 15번길" -> "가람길15번길": a numbered side road is one word with its road.
    text = re.sub(r"(?<=[가-힣][로길]) (\d+번길)", r"\1", text)
    text = re.sub(r"(\d+동)\s?(\d+호)", r"\1 \2", text)
    # ... and a unit number split in two after its block ("116동 160 7호" for 116동 1607호, holdout
    # driver 9908): a block holds one unit.
    text = re.sub(
        r"(?<=\d동 )(\d{1,3}) (\d{1,3}호)(?=\s|\(|$)", lambda m: m[1] + m[2] if len(m[1] + m[2]) <= 5 else m[0], text
    )
    text = re.sub(r"\s?\(\s?", " (", text)
    text = re.sub(r"\s?\)", ")", text)
    text = re.sub(r"\s?,\s?", ", ", text)

    def tidy_reference(m: re.Match[str]) -> str:
        # The bracketed reference (법정동, 공동주택명) is printed without inner spaces, its two
        # parts parted by a comma, which a reading may take for a dot ("(우동.아이파크)") or a
        # semicolon ("(우동;래미안)", holdout driver 10201).
        inner = re.sub(r"(?<=[동가리])\s?[.·ㆍ;:]\s?(?=[가-힣A-Za-z])", ",", m.group(1))
        parts = [_squash(p) for p in inner.split(",")]
        if len(parts) == 2 and parts[1] not in APARTMENT_BRANDS:
            # A brand name misread by a letter ("혈스테이트", holdout resident 10002).
            parts[1] = repair_place(parts[1], APARTMENT_BRANDS) or parts[1]
        return "(" + ", ".join(parts) + ")"

    # The bracketed reference (법정동, 공동주택명) ends a road-name address: what follows it was
    # read from the print below (docgen resident 10011: "(정자동, 래미안) ~가르1) 63100 등").
    reference = re.search(r"\([가-힣\d]+[동가리], [^()]+\)", text)
    if reference and text[reference.end() :].strip():
        text = text[: reference.end()]
    if text.count("(") == text.count(")") + 1 and re.search(r"\([^()]*$", text):
        text += ")"  # the closing bracket at the line end is thin and often lost
    if text.count(")") == text.count("(") + 1 and text.endswith(")"):
        # ... and so is the opening one after the unit ("2503호대치동, 푸르지오)"), or it is read as
        # a mark ("906호 !우동, 롯데캐슬)", holdout resident 10001).
        text = re.sub(r"(?<=[\d호층])\s?[!|]\s?(?=[가-힣][^()\d]*\)$)", " (", text, count=1)
        if text.count(")") == text.count("(") + 1:
            text = re.sub(r"(?<=[\d호층])\s?(?![호층동])(?=[가-힣][^()\d]*\)$)", " (", text, count=1)
    text = re.sub(r"\(([^()]*)\)\s*$", tidy_reference, text)
    return re.sub(r"\s+", " ", text).strip()


def normalise_local_office(text: str) -> str:
    """'서울 특별시종로구청장' -> '서울특별시 종로구청장'; '경기도 수원시장' stays as printed."""
    squashed = _squash(text)
    head = _split_province(squashed)
    if not head or not head[1] or head[1] in {"지사", "도지사"} or head[1].endswith("경찰청장"):
        return squashed
    # 구 read as 쿠, or 청 as 정 (docgen resident 10009: "종로구정장"): no office is either.
    rest = re.sub(r"[구쿠][청정]장$", "구청장", head[1])
    m = re.match(r"^(?:([가-힣]+?시)(?=[가-힣]+구청장$))?([가-힣]+?)(구청장|시장|군수)$", rest)
    if m:
        # The office's city, county or district, repaired from the province's list ("분당쿠청장").
        city = repair_district(head[0], m.group(1)) if m.group(1) else ""
        office = repair_district(head[0], m.group(2) + m.group(3)[0]) + m.group(3)[1:]
        rest = f"{city} {office}" if city else office
    return f"{head[0]} {rest}"


# A police agency issues driving licences: "<province>경찰청장" since 2021 (경기도 has a southern and
# a northern one), "<place>지방경찰청장" on licences issued before.
_POLICE_OFFICES = ("경찰청장", "남부경찰청장", "북부경찰청장")
_OLD_POLICE_OFFICE = re.compile(
    r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|경기남부|경기북부|강원|충북|충남|전북|전남|경북|경남|제주)지방경찰청장"
)


def police_office(text: str) -> str | None:
    """The licence issuer ``text`` names, its province repaired when misread by a letter
    ("경키도남부경찰청장", docgen driver 5018); None when it names no police agency."""
    squashed = _squash(text)
    if _OLD_POLICE_OFFICE.fullmatch(squashed):
        return squashed
    head = _split_province(squashed)
    if head and head[1] in _POLICE_OFFICES and (head[1] == "경찰청장" or head[0] == "경기도"):
        return head[0] + head[1]
    return None


# The most common Korean surnames (statistics Korea census), covering well over 99% of people.
COMMON_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부황보남궁제갈선우독고"
)


_DOUBLE_SURNAMES = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"})
# Syllables of Korean given names: Sino-Korean name characters in common use and the syllables of
# native names (하늘, 가람, 보라, 별빛, 이슬, ...). A syllable outside it ("모승절" for 모승철,
# "백현탕" for 백현람) is far more often a misreading than a name, so the name goes to review.
COMMON_GIVEN_SYLLABLES = frozenset(
    "가각갑강건겸경계고관광교구국군권규균근금기길"
    "나남내노누늘니"
    "다단달담대덕도동두득"
    "라란람랑래량려력련렬령례로록룡루류륜률리린림립"
    "마만매명모목몽무문미민"
    "바반방배백범법벽별병보복본봄봉부분비빈빛"
    "사산삼상새샘서석선설섭성세소솔송수숙순술숭슬승시식신실심"
    "아안애양언여연열염엽영예오옥온완왕요용우욱운웅원월위유육윤율융은음의이익인일임"
    "자작장재전정제조종주준중지직진"
    "차찬창채천철청초총추춘충치칠"
    "탁태택토"
    "파판팔평표필"
    "하학한함항해행향허헌혁현형혜호홍화환황효후훈휘휴흠흥희힘"
)


def plausible_korean_name(name: str) -> bool:
    """2-4 syllables starting with a known surname (two-syllable surnames included), followed by
    given-name syllables in common use."""
    if not 2 <= len(name) <= 4:
        return False
    if name[:2] in _DOUBLE_SURNAMES and len(name) > 2:
        given = name[2:]
    elif name[0] in COMMON_SURNAMES:
        given = name[1:]
    else:
        return False
    return all(ch in COMMON_GIVEN_SYLLABLES for ch in given)


def parsed_road_address(text: str) -> bool:
    """The address has a province, a road name and a building number in standard form, and does
    not end at an apartment block ("243 117동"): its unit (호) was on a line that was not read."""
    return (
        bool(_split_province(text))
        and bool(re.search(r"[가-힣\d](?:로|길) \d+(?:-\d+)?(?:\s|,|$)", text))
        and not re.search(r"\d동$", text.strip())
    )


# The parts of a road-name address after its province and districts (the Ministry of the
# Interior's standard form): an optional 읍 or 면, the road (its name and a numbered side road),
# the building number, an optional comma, block, unit and floor, and the bracketed reference.
_ROAD_ADDRESS_TAIL = re.compile(
    r"^(?:[가-힣]+[읍면] )?(?P<road>[가-힣][가-힣\d]*?(?:대로|로|길)(?:\d+(?:번|가)?길)?) \d+(?:-\d+)?,?"
    r"(?: \d+동)?(?: (?:지하)?\d+[호층])*(?: \([가-힣\d]+(?:동|가|리)(?:, [가-힣A-Za-z\d]+)?\))?$"
)


def settled_address(text: str) -> bool:
    """The address is a road-name address in standard form and nothing else: a listed province,
    then its listed cities, counties or districts (Sejong has none), the rest as
    ``_ROAD_ADDRESS_TAIL``, with a road name of three syllables at least (종로 and the few other
    shorter ones are not taken for settled). A reading with a syllable read
    into it or torn from its word ("새마 을길", holdout corporate 12004) or a building number run into
    the floor ("푸른솔로33번길 4421층") is not; a syllable misread inside a road name still is."""
    words = text.split(" ")
    if words[0] not in PROVINCES:
        return False
    known = DISTRICTS.get(words[0], frozenset())
    at = 1
    while at < len(words) and words[at] in known:
        at += 1
    if at == 1 and words[0] != "세종특별자치시":
        return False
    tail = _ROAD_ADDRESS_TAIL.match(" ".join(words[at:]))
    return tail is not None and len(re.sub(r"\d.*", "", tail["road"])) >= 3


# 업태 is printed as a section name of the Korean Standard Industrial Classification (KSIC, 10th
# revision) or one of the short forms tax offices use. Matching the syllables against this closed
# list restores the printed spacing, which Tesseract often gets wrong, and one misread syllable.
BUSINESS_TYPES = (
    "농업, 임업 및 어업", "광업", "제조업", "전기, 가스, 증기 및 공기 조절 공급업",
    "수도, 하수 및 폐기물 처리, 원료 재생업", "건설업", "도매 및 소매업", "운수 및 창고업",
    "숙박 및 음식점업", "정보통신업", "금융 및 보험업", "부동산업", "전문, 과학 및 기술 서비스업",
    "사업시설 관리, 사업 지원 및 임대 서비스업", "공공 행정, 국방 및 사회보장 행정", "교육 서비스업",
    "보건업 및 사회복지 서비스업", "예술, 스포츠 및 여가관련 서비스업",
    "협회 및 단체, 수리 및 기타 개인 서비스업", "국제 및 외국기관",
    "도매업", "소매업", "서비스업", "음식점업", "숙박업", "운수업", "창고업", "임대업", "부동산 임대업",
    "정보서비스업", "출판업", "교육서비스업", "보건업", "농업", "어업", "임업", "제조 및 도매업",
)  # fmt: skip


def squash_punct(text: str) -> str:
    return re.sub(r"[\s,.·ㆍ]", "", text)


# Each 업태 with its syllables alone, in list order, and longest first for prefix matches.
_BUSINESS_TYPE_KEYS = tuple((squash_punct(t), t) for t in BUSINESS_TYPES)
_BUSINESS_TYPE_KEYS_LONGEST = tuple(sorted(_BUSINESS_TYPE_KEYS, key=lambda kt: len(kt[1]), reverse=True))


def known_business_type(text: str) -> tuple[str, int] | None:
    """The KSIC 업태 that ``text`` spells (0) or misspells by one syllable (1), with its printed
    spacing and punctuation; None when it matches none or more than one."""
    squashed = squash_punct(text)
    exact = next((t for key, t in _BUSINESS_TYPE_KEYS if key == squashed), None)
    if exact:
        return exact, 0
    if len(squashed) < 4:
        return None
    close = [
        t
        for key, t in _BUSINESS_TYPE_KEYS
        if len(key) == len(squashed) and sum(a != b for a, b in zip(key, squashed, strict=True)) == 1
    ]
    return (close[0], 1) if len(close) == 1 else None


_LEGAL_FORMS = ("주식회사", "유한회사", "유한책임회사", "합자회사", "합명회사", "사단법인", "재단법인")


def brand_part(name: str) -> str:
    """A company name without its legal form ("주식회사 한빛무역" -> "한빛무역", "(주)한빛" -> "한빛")."""
    for form in _LEGAL_FORMS:
        name = name.replace(form, "")
    return re.sub(r"\(\s*주\s*\)", "", name).strip()


def join_brand_words(name: str) -> str:
    """'푸른 스튜디오' -> '푸른스튜디오', '주식회사 별빛 푸드' -> '주식회사 별빛푸드': Hangul words of a
    trade name joined; the legal form stays a word of its own, Latin words keep their spaces."""
    out: list[str] = []
    for word in name.split(" "):
        if (
            out
            and word not in _LEGAL_FORMS
            and out[-1] not in _LEGAL_FORMS
            and re.search(r"[가-힣]$", out[-1])
            and re.match(r"[가-힣]", word)
        ):
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def hangul_only(text: str) -> str:
    """The Hangul syllables of ``text``, nothing else."""
    return re.sub(r"[^가-힣]", "", text)


def jamo_difference(a: str, b: str) -> int:
    """How many of the three letters (initial, vowel, final) two Hangul syllables differ in; 3 when
    either is not a Hangul syllable."""
    if a == b:
        return 0
    ia, ib = ord(a) - 0xAC00, ord(b) - 0xAC00
    if not (0 <= ia < 11172 and 0 <= ib < 11172):
        return 3
    return (ia // 588 != ib // 588) + (ia // 28 % 21 != ib // 28 % 21) + (ia % 28 != ib % 28)


def repair_legal_form(name: str) -> tuple[str, int]:
    """A legal form misread by a syllable or two, as the first or last word of a company name
    ("기온무역 추식회시" -> "기온무역 주식회사"), or run into the trade name without its space
    ("주석회사푸른무역" -> "주식회사 푸른무역"), or "(주)" read as "(줘" or "(추)": the forms are a
    closed list, so the word is restored; returns the name and how many syllables were changed."""
    edits = 0
    # 추 is 주 with a stroke more (holdout corporate 1017, degraded): no legal form is so abbreviated.
    m = re.match(r"^\(\s*[주줘쥐죠추]\s*\)?\s*(?=[가-힣A-Za-z])", name)
    if m:
        # "( 주)" is only spaced oddly; "(줘" lost its bracket into the syllable.
        edits = 0 if m.group(0).replace(" ", "") == "(주)" else 1
        name = "(주)" + name[m.end() :]
    words = name.split(" ")
    if any(w in _LEGAL_FORMS for w in words) or "(주)" in name:
        return name, edits
    if len(words) < 2:
        # The form printed as a word of its own but read run into the trade name: the syllables
        # where it would stand, with a trade name of two syllables or more left beside them.
        for form in _LEGAL_FORMS:
            if len(name) >= len(form) + 2 and re.fullmatch(r"[가-힣]+", name):
                if diff := _form_misread(name[: len(form)], form):
                    return f"{form} {name[len(form) :]}", edits + diff
                if diff := _form_misread(name[-len(form) :], form):
                    return f"{name[: -len(form)]} {form}", edits + diff
        return name, edits
    for i in (0, len(words) - 1):
        for form in _LEGAL_FORMS:
            if diff := _form_misread(words[i], form):
                words[i], edits = form, edits + diff
                return " ".join(words), edits
    return " ".join(words), edits


def _form_misread(word: str, form: str) -> int:
    """How many syllables of ``word`` are ``form``'s misread (0 when it is not a misreading).

    Each misread syllable must differ from the printed one in one letter (jamo) only, and at most
    half of them may: "추식회시" is 주식회사 misread, "전자상사" is a word of its own."""
    if len(word) != len(form) or word == form:
        return 0
    jamo = [jamo_difference(a, b) for a, b in zip(word, form, strict=True)]
    diff = sum(d > 0 for d in jamo)
    return diff if max(jamo) == 1 and 2 * diff <= len(form) else 0


def space_legal_form(name: str) -> str:
    """'주식회사미래건설' -> '주식회사 미래건설'; '미래건설주식회사' -> '미래건설 주식회사'. The legal form
    is a word of its own on certificates; '(주)' abbreviations are printed without a space."""
    for form in _LEGAL_FORMS:
        if name.startswith(form) and len(name) > len(form) and name[len(form)] != " ":
            return f"{form} {name[len(form) :]}"
        if name.endswith(form) and len(name) > len(form) and name[-len(form) - 1] != " ":
            return f"{name[: -len(form)]} {form}"
    return name


# Chinese characters: RapidOCR's recogniser reads Hangul it cannot read as these.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def split_business_type(text: str) -> tuple[str, str] | None:
    """'도매업 중목 가전제품 도매' -> ('도매업', '가전제품 도매'): a KSIC 업태 followed by the 종목
    label (misread, or blurred into one syllable) and the item, when the label column was merged
    into the value's line. The 업태's last syllable 업 may have run into the label ("서비스@쯤목",
    "서비스솔목" for 서비스업 종목)."""
    squashed = squash_punct(text)
    # Where each syllable of the squashed text ends in the original text.
    ends = [i + 1 for i, ch in enumerate(text) if not re.fullmatch(r"[\s,.·ㆍ]", ch)]

    def after(key: str, label: str) -> str | None:
        rest = text[ends[len(key) - 1] :].strip(" ,.")
        m = re.match(label, rest)
        return rest[m.end() :].strip() if m else None

    for key, t in _BUSINESS_TYPE_KEYS_LONGEST:
        if squashed.startswith(key) and squashed != key:
            # The label read with one syllable right ("중목"), garbled into a lone syllable ("때"),
            # or read by RapidOCR as Chinese characters ("음식점업 否号 커피전문점", "도매업 智 …").
            item = after(key, r"^(?:[가-힣]?\s?목\s*[:：]?|[가-힣]\s*[:：]?\s|" + _HAN + r"{1,3}\s*[:：ㅣ|]?\s)\s*")
            return None if item is None else (t, item)
    for key, t in _BUSINESS_TYPE_KEYS_LONGEST:
        if key.endswith("업") and squashed.startswith(key[:-1]) and squashed != key[:-1]:
            # After an 업태 that lost its 업: a stray mark, one syllable and 목.
            item = after(key[:-1], r"^[^가-힣\s]?\s?[가-힣]\s?목\s*[:：]?\s*")
            if item is not None:
                return t, item
    return None
