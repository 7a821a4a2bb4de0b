"""Korea's cities, counties and districts (시·군·구) per province, for repairing addresses.

An address names its province and then one or two of these; the list is closed and small, so a
name Tesseract misread by a letter ("달써구", "정주시") is put back when exactly one name of the
province is that close. Compiled by hand for this project as the divisions stood in 2026,
including the changes of 2023 (군위군 to Daegu), 2024 (Bucheon's districts) and 2026 (Incheon's
제물포구, 영종구 and 검단구, Hwaseong's districts); the names they replaced stay, as older documents
print them. When districts change, update it from the Ministry of the Interior and Safety's
administrative district codes (행정표준코드). A name missing here is only not repaired, unless it is
one letter from exactly one listed name of its province.
"""

from __future__ import annotations

_SEOUL = (
    "종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 도봉구 노원구 은평구 서대문구 마포구 "
    "양천구 강서구 구로구 금천구 영등포구 동작구 관악구 서초구 강남구 송파구 강동구"
)
_BUSAN = "중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구 연제구 수영구 사상구 기장군"
_DAEGU = "중구 동구 서구 남구 북구 수성구 달서구 달성군 군위군"
_INCHEON = "중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군 제물포구 영종구 검단구"
_GWANGJU = "동구 서구 남구 북구 광산구"
_DAEJEON = "동구 중구 서구 유성구 대덕구"
_ULSAN = "중구 남구 동구 북구 울주군"
_GYEONGGI = (
    "수원시 장안구 권선구 팔달구 영통구 성남시 수정구 중원구 분당구 의정부시 안양시 만안구 동안구 "
    "부천시 원미구 소사구 오정구 광명시 평택시 동두천시 안산시 상록구 단원구 고양시 덕양구 일산동구 일산서구 "
    "과천시 구리시 남양주시 오산시 시흥시 군포시 의왕시 하남시 용인시 처인구 기흥구 수지구 파주시 이천시 "
    "안성시 김포시 화성시 만세구 효행구 병점구 동탄구 광주시 양주시 포천시 여주시 연천군 가평군 양평군"
)
_GANGWON = (
    "춘천시 원주시 강릉시 동해시 태백시 속초시 삼척시 홍천군 횡성군 영월군 평창군 정선군 철원군 화천군 "
    "양구군 인제군 고성군 양양군"
)
_CHUNGBUK = "청주시 상당구 서원구 흥덕구 청원구 충주시 제천시 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군"
_CHUNGNAM = (
    "천안시 동남구 서북구 공주시 보령시 아산시 서산시 논산시 계룡시 당진시 금산군 부여군 서천군 청양군 "
    "홍성군 예산군 태안군"
)
_JEONBUK = (
    "전주시 완산구 덕진구 군산시 익산시 정읍시 남원시 김제시 완주군 진안군 무주군 장수군 임실군 순창군 고창군 부안군"
)
_JEONNAM = (
    "목포시 여수시 순천시 나주시 광양시 담양군 곡성군 구례군 고흥군 보성군 화순군 장흥군 강진군 해남군 "
    "영암군 무안군 함평군 영광군 장성군 완도군 진도군 신안군"
)
_GYEONGBUK = (
    "포항시 남구 북구 경주시 김천시 안동시 구미시 영주시 영천시 상주시 문경시 경산시 군위군 의성군 청송군 "
    "영양군 영덕군 청도군 고령군 성주군 칠곡군 예천군 봉화군 울진군 울릉군"
)
_GYEONGNAM = (
    "창원시 의창구 성산구 마산합포구 마산회원구 진해구 진주시 통영시 사천시 김해시 밀양시 거제시 양산시 "
    "의령군 함안군 창녕군 고성군 남해군 하동군 산청군 함양군 거창군 합천군"
)
_JEJU = "제주시 서귀포시"

DISTRICTS: dict[str, frozenset[str]] = {
    province: frozenset(names.split())
    for provinces, names in (
        (("서울특별시",), _SEOUL),
        (("부산광역시",), _BUSAN),
        (("대구광역시",), _DAEGU),
        (("인천광역시",), _INCHEON),
        (("광주광역시",), _GWANGJU),
        (("대전광역시",), _DAEJEON),
        (("울산광역시",), _ULSAN),
        (("경기도",), _GYEONGGI),
        (("강원특별자치도", "강원도"), _GANGWON),
        (("충청북도",), _CHUNGBUK),
        (("충청남도",), _CHUNGNAM),
        (("전북특별자치도", "전라북도"), _JEONBUK),
        (("전라남도",), _JEONNAM),
        (("경상북도",), _GYEONGBUK),
        (("경상남도",), _GYEONGNAM),
        (("제주특별자치도",), _JEJU),
    )
    for province in provinces
}


# The places that name an immigration office (<place>출입국·외국인청 / 사무소): the metropolitan
# cities, every city without its 시, and the two offices named after a district or an airport.
IMMIGRATION_PLACES: frozenset[str] = frozenset(
    {"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "제주", "서울남부", "인천공항"}
    | {name[:-1] for names in DISTRICTS.values() for name in names if name.endswith("시") and len(name) > 2}
)
