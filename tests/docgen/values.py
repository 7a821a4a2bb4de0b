"""Random but realistic field values with valid check digits, for synthetic SPECIMEN documents.

Every value is fictitious; identifiers are built to pass the same checks a real one would
(legacy resident-number checksum, Luhn, business-number check digit, MRZ check digits).
"""

from __future__ import annotations

import datetime as dt
import random

from ocr_integration.checksums import business_number_check_digit, mrz_check_digit

SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진"
    "나지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용"
)
GIVEN_SYLLABLES = "민서지현준우영수하은도윤예진성호재희연경태혁동훈승아유나소리정미선혜주원상철규보람건빈세찬다온채율시"
SURNAMES_ROMAN = {
    "김": "KIM",
    "이": "LEE",
    "박": "PARK",
    "최": "CHOI",
    "정": "JUNG",
    "강": "KANG",
    "조": "CHO",
    "윤": "YOON",
    "장": "JANG",
    "임": "LIM",
    "한": "HAN",
    "오": "OH",
    "서": "SEO",
    "신": "SHIN",
    "권": "KWON",
    "황": "HWANG",
    "안": "AHN",
    "송": "SONG",
    "류": "RYU",
    "전": "JEON",
    "홍": "HONG",
    "고": "KO",
    "문": "MOON",
    "양": "YANG",
    "손": "SON",
    "배": "BAE",
    "백": "BAEK",
    "허": "HEO",
    "유": "YU",
    "남": "NAM",
}
ROMAN_SYLLABLES = {
    "민": "MIN",
    "서": "SEO",
    "지": "JI",
    "현": "HYUN",
    "준": "JUN",
    "우": "WOO",
    "영": "YOUNG",
    "수": "SU",
    "하": "HA",
    "은": "EUN",
    "도": "DO",
    "윤": "YUN",
    "예": "YE",
    "진": "JIN",
    "성": "SEONG",
    "호": "HO",
    "재": "JAE",
    "희": "HEE",
    "연": "YEON",
    "경": "KYUNG",
    "태": "TAE",
    "혁": "HYUK",
    "동": "DONG",
    "훈": "HOON",
    "승": "SEUNG",
    "아": "A",
    "유": "YU",
    "나": "NA",
    "소": "SO",
    "리": "RI",
    "정": "JEONG",
    "미": "MI",
    "선": "SUN",
    "혜": "HYE",
    "주": "JU",
    "원": "WON",
    "상": "SANG",
    "철": "CHUL",
    "규": "GYU",
    "보": "BO",
    "람": "RAM",
    "건": "GUN",
    "빈": "BIN",
    "세": "SE",
    "찬": "CHAN",
    "다": "DA",
    "온": "ON",
    "채": "CHAE",
    "율": "YUL",
    "시": "SI",
}
CITIES = [
    ("서울특별시", ["종로구", "중구", "용산구", "성동구", "마포구", "강남구", "서초구", "송파구", "관악구", "노원구"]),
    ("부산광역시", ["해운대구", "수영구", "동래구", "남구", "사하구"]),
    ("대구광역시", ["수성구", "달서구", "북구"]),
    ("인천광역시", ["연수구", "남동구", "부평구"]),
    ("광주광역시", ["서구", "북구", "광산구"]),
    ("대전광역시", ["유성구", "서구", "중구"]),
    ("경기도", ["수원시 영통구", "성남시 분당구", "고양시 일산동구", "용인시 수지구", "화성시", "파주시"]),
    ("강원특별자치도", ["춘천시", "원주시", "강릉시"]),
    ("충청북도", ["청주시 흥덕구", "충주시"]),
    ("전라남도", ["여수시", "순천시", "목포시"]),
    ("경상남도", ["창원시 성산구", "김해시", "진주시"]),
    ("제주특별자치도", ["제주시", "서귀포시"]),
]
ROAD_STEMS = [
    "세종",
    "테헤란",
    "올림픽",
    "중앙",
    "평화",
    "한빛",
    "새마을",
    "동백",
    "은행",
    "가람",
    "푸른솔",
    "청계",
    "해맞이",
    "벚꽃",
    "매화",
]
APARTMENTS = ["래미안", "푸르지오", "자이", "힐스테이트", "e편한세상", "아이파크", "롯데캐슬", "더샵", "한신", "주공"]
COMPANY_STEMS = [
    "한빛",
    "새솔",
    "푸른",
    "미래",
    "다온",
    "가온",
    "누리",
    "별빛",
    "바른",
    "온새미",
    "하람",
    "진솔",
    "으뜸",
    "해솔",
]
COMPANY_SUFFIX = [
    "상사",
    "테크",
    "푸드",
    "디자인",
    "컴퍼니",
    "솔루션",
    "무역",
    "건설",
    "물산",
    "랩스",
    "커피",
    "스튜디오",
]
BUSINESS_KINDS = [
    ("도매 및 소매업", "전자상거래 소매업"),
    ("서비스업", "소프트웨어 개발 및 공급"),
    ("음식점업", "커피전문점"),
    ("제조업", "기타 플라스틱 제품 제조"),
    ("정보통신업", "응용 소프트웨어 개발"),
    ("건설업", "실내 건축 공사업"),
    ("도매업", "가전제품 도매"),
    ("전문, 과학 및 기술 서비스업", "시각 디자인업"),
    ("숙박 및 음식점업", "한식 일반 음식점업"),
]
TAX_OFFICES = [
    "종로세무서장",
    "강남세무서장",
    "서초세무서장",
    "마포세무서장",
    "수원세무서장",
    "해운대세무서장",
    "분당세무서장",
    "동대구세무서장",
]
LICENSE_TYPES = ["1종보통", "2종보통", "1종대형", "2종소형", "1종특수"]
LICENSE_CONDITIONS = ["A", "B", "C", "E", "G", "H"]
POLICE = [
    "서울특별시경찰청장",
    "부산광역시경찰청장",
    "경기도남부경찰청장",
    "인천광역시경찰청장",
    "대구광역시경찰청장",
    "경상남도경찰청장",
]
FOREIGN_NAMES = [
    ("NGUYEN", "VAN AN"),
    ("SMITH", "JOHN MICHAEL"),
    ("TRAN", "THI HOA"),
    ("WANG", "XIAOMING"),
    ("GARCIA", "MARIA ELENA"),
    ("RAHMAN", "MOHAMMAD"),
    ("SATO", "YUKI"),
    ("IVANOV", "SERGEI"),
    ("SANTOS", "JOSE"),
    ("MULLER", "ANNA LENA"),
    ("PHAM", "MINH TUAN"),
    ("KUMAR", "RAJESH"),
    ("BROWN", "EMILY ROSE"),
    ("DOE", "JANE"),
    ("CHEN", "WEI"),
]
NATIONALITIES = [
    "VIETNAM",
    "UNITED STATES OF AMERICA",
    "CHINA",
    "PHILIPPINES",
    "INDONESIA",
    "UZBEKISTAN",
    "THAILAND",
    "NEPAL",
    "CANADA",
    "GERMANY",
    "MONGOLIA",
]
VISA_TYPES = ["E-9", "F-4", "D-2", "E-7", "F-6", "H-2", "D-10", "F-2", "E-2", "C-4"]
IMMIGRATION = [
    "서울출입국·외국인청장",
    "인천출입국·외국인청장",
    "부산출입국·외국인청장",
    "수원출입국·외국인사무소장",
    "대구출입국·외국인사무소장",
]
CARD_BINS = [
    ("4", 16),
    ("51", 16),
    ("53", 16),
    ("55", 16),
    ("9410", 16),
    ("3568", 16),
    ("37", 15),
    ("36", 14),
    ("6243", 16),
]
ISSUERS_RESIDENT = [
    "서울특별시 종로구청장",
    "서울특별시 강남구청장",
    "부산광역시 해운대구청장",
    "경기도 수원시장",
    "대구광역시 수성구청장",
    "인천광역시 연수구청장",
    "제주특별자치도지사",
    "경기도 성남시 분당구청장",
]


def korean_name(rng: random.Random) -> str:
    n = 2 if rng.random() < 0.85 else (1 if rng.random() < 0.5 else 3)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN_SYLLABLES) for _ in range(n))


def romanised(name: str) -> tuple[str, str]:
    surname = SURNAMES_ROMAN.get(name[0], "KIM")
    given = "".join(ROMAN_SYLLABLES.get(c, "MIN") for c in name[1:])
    return surname, given


def address(rng: random.Random, *, detail: bool = True) -> str:
    city, districts = rng.choice(CITIES)
    road = rng.choice(ROAD_STEMS) + rng.choice(["로", "길", "대로"])
    if rng.random() < 0.4:
        road += f"{rng.randint(1, 99)}번길"
    parts = [city, rng.choice(districts), road, str(rng.randint(1, 480))]
    if detail:
        if rng.random() < 0.6:
            parts.append(f"{rng.randint(101, 132)}동 {rng.randint(1, 25)}{rng.randint(1, 8):02d}호")
            parts.append(
                f"({rng.choice(['역삼동', '대치동', '신림동', '우동', '정자동', '매탄동'])}, {rng.choice(APARTMENTS)})"
            )
        elif rng.random() < 0.5:
            parts.append(f"{rng.randint(1, 12)}층")
    return " ".join(parts)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def resident_number(rng: random.Random, birth: dt.date, *, foreigner: bool = False, sex: str | None = None) -> str:
    """13 digits with a valid legacy checksum (numbers issued before 2020-10 carry one)."""
    sex = sex or rng.choice("MF")
    if birth.year >= 2000:
        g = (7 if sex == "M" else 8) if foreigner else (3 if sex == "M" else 4)
    else:
        g = (5 if sex == "M" else 6) if foreigner else (1 if sex == "M" else 2)
    body = birth.strftime("%y%m%d") + str(g) + "".join(str(rng.randint(0, 9)) for _ in range(5))
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = (11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def license_number(rng: random.Random, first_year: int) -> str:
    region = rng.choice(
        ["11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "28"]
    )
    serial = f"{rng.randint(0, 999999):06d}"
    return f"{region}-{first_year % 100:02d}-{serial}-{rng.randint(0, 9)}{rng.randint(0, 2)}"


def serial_code(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) for _ in range(rng.choice([5, 6])))


def passport_number(rng: random.Random) -> str:
    letter = rng.choice("MSR")
    if rng.random() < 0.5:
        return f"{letter}{rng.randint(0, 99999999):08d}"
    return f"{letter}{rng.randint(0, 999):03d}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.randint(0, 9999):04d}"


def card_number(rng: random.Random) -> str:
    prefix, length = rng.choice(CARD_BINS)
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for check in range(10):
        candidate = body + str(check)
        total = 0
        for i, c in enumerate(reversed(candidate)):
            d = int(c)
            if i % 2 == 1:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def business_number(rng: random.Random, *, corporate: bool) -> str:
    middle = rng.choice(["81", "86", "87", "85"]) if corporate else f"{rng.randint(1, 79):02d}"
    first9 = f"{rng.randint(101, 899)}{middle}{rng.randint(0, 9999):04d}"
    digits = first9 + str(business_number_check_digit(first9))
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def corporate_number(rng: random.Random) -> str:
    body = f"{rng.choice(['110111', '110114', '134511', '131111', '180111', '124611'])}{rng.randint(0, 999999):06d}"
    weights = (1, 2) * 6
    check = (10 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 10) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def company_name(rng: random.Random, *, corporate: bool) -> str:
    name = rng.choice(COMPANY_STEMS) + rng.choice(COMPANY_SUFFIX)
    if corporate:
        return rng.choice([f"주식회사 {name}", f"(주){name}", f"{name} 주식회사", f"유한회사 {name}"])
    return name


def mrz_lines(
    *, surname: str, given: str, number: str, nationality: str, birth: dt.date, sex: str, expiry: dt.date, personal: str
) -> tuple[str, str]:
    name = f"{surname}<<{given.replace(' ', '<')}"
    line1 = f"P<{nationality}{name}".ljust(44, "<")[:44]
    doc = number.ljust(9, "<")
    dob = birth.strftime("%y%m%d")
    exp = expiry.strftime("%y%m%d")
    opt = personal.ljust(14, "<")
    opt_check = "<" if set(opt) == {"<"} else str(mrz_check_digit(opt))
    parts = doc + str(mrz_check_digit(doc)) + nationality + dob + str(mrz_check_digit(dob)) + sex + exp
    parts += str(mrz_check_digit(exp)) + opt + opt_check
    composite = parts[0:10] + parts[13:20] + parts[21:43]
    line2 = parts + str(mrz_check_digit(composite))
    return line1, line2


def passport_truth(
    *,
    ptype: str,
    number: str,
    surname: str,
    given: str,
    name: str,
    birth: dt.date,
    sex: str,
    issue: dt.date,
    expiry: dt.date,
    line1: str,
    line2: str,
    personal: str | None,
) -> dict[str, str]:
    """The fields.md values a Korean passport specimen prints (both generators)."""
    truth = {
        "passport_type": ptype,
        "country_code": "KOR",
        "passport_number": number,
        "surname": surname,
        "given_names": given,
        "korean_name": name,
        "nationality": "REPUBLIC OF KOREA",
        "birth_date": birth.isoformat(),
        "sex": sex,
        "issue_date": issue.isoformat(),
        "expiry_date": expiry.isoformat(),
        "authority": "MINISTRY OF FOREIGN AFFAIRS",
        "mrz_line1": line1,
        "mrz_line2": line2,
    }
    if personal:
        truth["personal_number"] = personal
    return truth


def driver_truth(
    *,
    lic: str,
    types: list[str],
    name: str,
    rrn: str,
    addr: str,
    r_start: dt.date,
    r_end: dt.date,
    serial: str,
    issue: dt.date,
    police: str,
    cond: str,
) -> dict[str, str]:
    """The fields.md values a driver's licence specimen prints (both generators)."""
    truth = {
        "license_number": lic, "license_type": "/".join(types), "name": name, "resident_number": rrn, "address": addr,
        "renewal_start": r_start.isoformat(), "renewal_end": r_end.isoformat(), "serial_number": serial,
        "issue_date": issue.isoformat(), "issuer": police,
    }  # fmt: skip
    if cond:
        truth["condition"] = cond
    return truth
