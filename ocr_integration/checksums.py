"""Check digits and plausibility rules (../shared/provider-contracts.md §5).

Pure functions over digit strings; the verification checks and the engine's checksum-aware
correction both use them.
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum import luhn as _luhn
from stdnum.kr import brn as _brn

LICENSE_REGION_CODES = {
    "서울": "11", "부산": "12", "경기": "13", "강원": "14", "충북": "15", "충남": "16", "전북": "17",
    "전남": "18", "경북": "19", "경남": "20", "제주": "21", "대구": "22", "인천": "23", "광주": "24",
    "대전": "25", "울산": "26", "경기북부": "28",
}  # fmt: skip
VALID_LICENSE_REGIONS = frozenset(LICENSE_REGION_CODES.values())


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value)


def luhn_valid(number: str) -> bool:
    digits = digits_only(number)
    return 14 <= len(digits) <= 19 and _luhn.is_valid(digits)


def business_number_valid(number: str) -> bool:
    """사업자등록번호 check digit (weights 1,3,7,1,3,7,1,3,5 plus floor(d9*5/10)).

    python-stdnum's ``kr.brn`` checks only length and the middle digits, not the check digit, so
    the digit is computed here; stdnum still rejects its structurally impossible numbers.
    """
    digits = digits_only(number)
    return len(digits) == 10 and _brn.is_valid(digits) and business_number_check_digit(digits[:9]) == int(digits[9])


def business_number_check_digit(first9: str) -> int:
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    d = [int(c) for c in first9]
    total = sum(a * b for a, b in zip(d, weights, strict=True)) + (d[8] * 5) // 10
    return (10 - total % 10) % 10


def resident_number_birth_date(number: str) -> dt.date | None:
    """The birth date a 13-digit resident/alien number encodes, or None when implausible."""
    digits = digits_only(number)
    if len(digits) != 13:
        return None
    century = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "5": 1900, "6": 1900,
               "3": 2000, "4": 2000, "7": 2000, "8": 2000}.get(digits[6])  # fmt: skip
    if century is None:
        return None
    try:
        return dt.date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None


def resident_number_plausible(number: str) -> bool:
    """Date and gender digit are valid. The last digit is NOT a hard checksum (random since 2020-10)."""
    return resident_number_birth_date(number) is not None


def resident_number_legacy_checksum_ok(number: str) -> bool:
    """The pre-2020-10 checksum: a soft signal only, never a reason to reject."""
    digits = digits_only(number)
    if len(digits) != 13:
        return False
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(c) * w for c, w in zip(digits[:12], weights, strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def license_number_valid(number: str) -> bool:
    digits = digits_only(number)
    return len(digits) == 12 and digits[:2] in VALID_LICENSE_REGIONS


_MRZ_VALUES = {**{str(i): i for i in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}


def mrz_check_digit(data: str) -> int:
    """ICAO 9303 check digit: weights 7,3,1 over character values, mod 10."""
    weights = (7, 3, 1)
    return sum(_MRZ_VALUES.get(c, 0) * weights[i % 3] for i, c in enumerate(data)) % 10


def mrz_td3_line2_errors(line2: str) -> list[str]:
    """Names of the TD3 line-2 check digits that fail (empty when all pass)."""
    if len(line2) != 44:
        return ["length"]
    errors = []

    def check(name: str, data: str, digit: str) -> None:
        if not digit.isdigit() or mrz_check_digit(data) != int(digit):
            errors.append(name)

    check("document_number", line2[0:9], line2[9])
    check("birth_date", line2[13:19], line2[19])
    check("expiry_date", line2[21:27], line2[27])
    optional = line2[28:42]
    if not (set(optional) == {"<"} and line2[42] in "<0"):
        check("optional_data", optional, line2[42])
    check("composite", line2[0:10] + line2[13:20] + line2[21:43], line2[43])
    return errors
