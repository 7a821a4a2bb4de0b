"""Local validators: deterministic checks on confirmed field values, no network.

Each returns ``Finding`` records (kind, outcome, the field to look at, a plain message the person
can act on, and evidence without personal values). Maintained libraries do the arithmetic where
they fit: python-stdnum (business number, Luhn) and mrz (TD3 check digits). Where they fall short
we say so: stdnum's ``kr.rrn`` treats the 13th digit as a hard checksum, which is wrong for numbers
issued since 2020-10-05 (random last digits), so resident numbers are judged on date and gender
digit only and the legacy checksum is a soft warning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from mrz.checker.td3 import TD3CodeChecker

from ocr_integration import checksums

PASS, FAIL, WARN, SKIPPED = "pass", "fail", "warn", "skipped"
RRN_RANDOM_SINCE = dt.date(2020, 10, 5)


@dataclass(frozen=True)
class Finding:
    kind: str
    outcome: str
    message: str = ""
    field_key: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def check_business_number(values: dict[str, str]) -> list[Finding]:
    number = values.get("business_number")
    if not number:
        return [Finding("business_number_checksum", SKIPPED, str(_("No business number was read.")), "business_number")]
    if checksums.business_number_valid(number):
        return [Finding("business_number_checksum", PASS, field_key="business_number")]
    return [
        Finding(
            "business_number_checksum",
            FAIL,
            str(_("The business registration number is not valid (its check digit does not match). Check it.")),
            "business_number",
            {"digits": len(_digits(number))},
        )
    ]


def corporate_number_valid(number: str) -> bool:
    """법인등록번호: 13 digits, weights 1,2 over the first 12, check = (10 - sum mod 10) mod 10."""
    d = _digits(number)
    if len(d) != 13:
        return False
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(d[:12]))
    return (10 - total % 10) % 10 == int(d[12])


def check_corporate_number(values: dict[str, str]) -> list[Finding]:
    number = values.get("corporate_number")
    if not number:
        return []
    if corporate_number_valid(number):
        return [Finding("corporate_number_checksum", PASS, field_key="corporate_number")]
    return [
        Finding(
            "corporate_number_checksum",
            WARN,
            str(_("The corporate registration number does not pass its check digit. Check it.")),
            "corporate_number",
        )
    ]


def check_resident_number(values: dict[str, str], key: str, *, foreigner: bool = False) -> list[Finding]:
    number = values.get(key)
    if not number:
        return []
    digits = _digits(number)
    birth = checksums.resident_number_birth_date(number) if len(digits) == 13 else None
    gender = digits[6] if len(digits) >= 7 else ""
    gender_ok = bool(gender) and gender in ("5678" if foreigner else "123490")
    if birth is None or not gender_ok:
        return [
            Finding(
                "resident_number_plausible",
                FAIL,
                str(_("The registration number does not contain a valid birth date and gender digit. Check it.")),
                key,
            )
        ]
    findings = [Finding("resident_number_plausible", PASS, field_key=key)]
    if birth < RRN_RANDOM_SINCE and not checksums.resident_number_legacy_checksum_ok(number):
        # Numbers changed or issued since 2020-10 have random last digits: never a hard failure.
        findings.append(
            Finding(
                "resident_number_legacy_checksum",
                WARN,
                str(_("The last digit of the registration number looks unusual. Check that every digit is right.")),
                key,
            )
        )
    return findings


def check_license_number(values: dict[str, str]) -> list[Finding]:
    number = values.get("license_number")
    if not number:
        return []
    digits = _digits(number)
    if len(digits) != 12:
        return [
            Finding(
                "license_number_format",
                FAIL,
                str(_("A driver licence number has 12 digits. Check it.")),
                "license_number",
                {"digits": len(digits)},
            )
        ]
    if digits[:2] not in checksums.VALID_LICENSE_REGIONS:
        return [
            Finding(
                "license_number_format",
                FAIL,
                str(_("The driver licence number starts with an unknown region code. Check the first two digits.")),
                "license_number",
            )
        ]
    return [Finding("license_number_format", PASS, field_key="license_number")]


def check_not_expired(values: dict[str, str], key: str, today: dt.date, kind: str) -> list[Finding]:
    expiry = _date(values.get(key))
    if expiry is None:
        return []
    if expiry < today:
        return [
            Finding(
                kind,
                FAIL,
                str(_("This document has expired. Please use a valid document.")),
                key,
                {"days_past": (today - expiry).days},
            )
        ]
    return [Finding(kind, PASS, field_key=key)]


def check_issue_date(values: dict[str, str], today: dt.date) -> list[Finding]:
    issued = _date(values.get("issue_date"))
    if issued is None:
        return []
    if issued > today:
        return [
            Finding(
                "issue_date_plausible",
                FAIL,
                str(_("The issue date is in the future. Check it.")),
                "issue_date",
            )
        ]
    return [Finding("issue_date_plausible", PASS, field_key="issue_date")]


def check_card(values: dict[str, str], today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    number = values.get("card_number")
    if number:
        ok = checksums.luhn_valid(number)
        findings.append(
            Finding("card_luhn", PASS, field_key="card_number")
            if ok
            else Finding(
                "card_luhn",
                FAIL,
                str(_("The card number is not valid (it fails the Luhn check). Check each digit.")),
                "card_number",
            )
        )
    thru = values.get("valid_thru")
    match = re.fullmatch(r"(\d{2})/(\d{2})", thru or "")
    if match:
        month, year = int(match.group(1)), 2000 + int(match.group(2))
        # A card is valid through the last day of its month.
        expired = (year, month) < (today.year, today.month) or not 1 <= month <= 12
        findings.append(
            Finding(
                "card_expiry",
                FAIL,
                str(_("This card has expired. Please use a valid card.")),
                "valid_thru",
            )
            if expired
            else Finding("card_expiry", PASS, field_key="valid_thru")
        )
    return findings


def _mrz_name(line1: str) -> tuple[str, str]:
    names = line1[5:].split("<<", 1)
    surname = names[0].replace("<", " ").strip()
    given = names[1].replace("<", " ").strip() if len(names) > 1 else ""
    return re.sub(r"\s+", " ", surname), re.sub(r"\s+", " ", given)


def _yymmdd(value: str | None) -> str:
    d = _date(value)
    return d.strftime("%y%m%d") if d else ""


def check_passport(values: dict[str, str], today: dt.date) -> list[Finding]:
    line1, line2 = values.get("mrz_line1", ""), values.get("mrz_line2", "")
    findings = check_not_expired(values, "expiry_date", today, "document_expiry")
    if len(line1) != 44 or len(line2) != 44:
        findings.append(
            Finding(
                "mrz_check_digits",
                FAIL if line1 or line2 else SKIPPED,
                str(_("The two lines at the bottom of the passport photo page (MRZ) must each have 44 characters.")),
                "mrz_line2",
            )
        )
        return findings
    errors = checksums.mrz_td3_line2_errors(line2)
    library_ok = bool(TD3CodeChecker(f"{line1}\n{line2}", check_expiry=False))
    if errors or not library_ok:
        findings.append(
            Finding(
                "mrz_check_digits",
                FAIL,
                str(_("The passport's machine-readable lines fail their check digits. Check both MRZ lines.")),
                "mrz_line2",
                {"failed": errors or ["line1"]},
            )
        )
    else:
        findings.append(Finding("mrz_check_digits", PASS, field_key="mrz_line2"))

    # VIZ <-> MRZ: what is printed must say the same as the machine-readable zone.
    surname, given = _mrz_name(line1)
    pairs = {
        "passport_number": (values.get("passport_number", "").replace(" ", ""), line2[0:9].rstrip("<")),
        "birth_date": (_yymmdd(values.get("birth_date")), line2[13:19]),
        "expiry_date": (_yymmdd(values.get("expiry_date")), line2[21:27]),
        "sex": ((values.get("sex") or "").replace("X", "<"), line2[20]),
        "surname": (_latin(values.get("surname", "")), surname),
        "given_names": (_latin(values.get("given_names", "")), given),
    }
    mismatched = [key for key, (viz, mrz) in pairs.items() if viz and viz != mrz]
    if mismatched:
        findings.append(
            Finding(
                "viz_mrz_consistency",
                FAIL,
                str(
                    _("Some printed passport details differ from the machine-readable lines. Check the marked fields.")
                ),
                mismatched[0],
                {"fields": mismatched},
            )
        )
    else:
        findings.append(Finding("viz_mrz_consistency", PASS))
    return findings


def _latin(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.upper()).strip()


def normalise_name(name: str) -> str:
    """Names compared across documents: NFC, no spaces, case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", name)).casefold()


def check_document(kind: str, subtype: str | None, values: dict[str, str], *, today: dt.date) -> list[Finding]:
    """All local checks for one document's confirmed values."""
    if kind == "business_registration":
        return (
            check_business_number(values)
            + check_corporate_number(values)
            + check_resident_number(values, "representative_resident_number")
        )
    if kind == "credit_card":
        return check_card(values, today)
    if subtype == "resident":
        return check_resident_number(values, "resident_number") + check_issue_date(values, today)
    if subtype == "driver":
        return (
            check_license_number(values)
            + check_resident_number(values, "resident_number")
            + check_issue_date(values, today)
            + check_not_expired(values, "renewal_end", today, "document_expiry")
        )
    if subtype == "passport":
        return check_passport(values, today)
    if subtype == "alien":
        return check_resident_number(values, "alien_registration_number", foreigner=True) + check_issue_date(
            values, today
        )
    return []


def check_names_match(id_name: str | None, representative_name: str | None) -> Finding:
    """The name on the representative's ID against the representative on the certificate."""
    if not id_name or not representative_name:
        return Finding("name_consistency", SKIPPED, str(_("A name is missing, so the names could not be compared.")))
    if normalise_name(id_name) == normalise_name(representative_name):
        return Finding("name_consistency", PASS, field_key="representative_name")
    return Finding(
        "name_consistency",
        FAIL,
        str(_("The name on the ID differs from the representative on the business registration. Check both.")),
        "representative_name",
    )
