"""Hometax business status: what each code means, and the verdict from one or two sources.

NHN ``business/status`` answers with a Hometax code (00..09); the NTS status API answers with its
own status and tax type, which the NTS client maps to the same code. When both are configured and
disagree, the case goes to manual review (provider-contracts.md §4, "2-source rule").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from onboarding.verification.validators import FAIL, PASS, WARN, Finding

# code -> (Korean, English), as documented for NHN business/status (provider-contracts.md §1.6).
HOMETAX_CODES: dict[str, tuple[str, str]] = {
    "00": ("사업을 하고 있지 않는 사업자", "Not in business"),
    "01": ("부가가치세 일반과세자", "VAT general taxpayer"),
    "02": ("부가가치세 간이과세자", "VAT simplified taxpayer"),
    "03": ("부가가치세 면세사업자", "Exempt from VAT"),
    "04": (
        "수익 사업을 영위하지 않는 비영리법인이거나 고유번호가 부여된 단체. 국가기관",
        "Non-profit organisation or body with a unique number; national organisation",
    ),
    "05": ("휴업자", "Inactive (suspended)"),
    "06": ("폐업자", "Closed"),
    "09": ("기타", "Other"),
}
ACTIVE_CODES = frozenset({"01", "02", "03", "04"})


def hometax_meaning(code: str | None) -> dict[str, str]:
    ko, en = HOMETAX_CODES.get(code or "", ("알 수 없음", "Unknown"))
    return {"code": code or "", "ko": ko, "en": en}


def judge_code(code: str | None) -> tuple[str, str]:
    """(outcome, message) for one Hometax code: 01–04 pass; 00, 05, 06 fail; 09/unknown review."""
    if code in ACTIVE_CODES:
        return PASS, ""
    if code == "05":
        return FAIL, str(_("Hometax lists this business as suspended (휴업). A reviewer will look at it."))
    if code == "06":
        return FAIL, str(_("Hometax lists this business as closed (폐업). A reviewer will look at it."))
    if code == "00":
        return FAIL, str(_("Hometax has no operating business with this number. Check the business number."))
    return WARN, str(_("Hometax could not give a clear status for this business. A reviewer will look at it."))


def business_status_finding(sources: dict[str, str | None]) -> Finding:
    """One verdict from ``{"nhn": "01", "nts": "01"}`` (a source absent when not configured)."""
    codes = {name: code for name, code in sources.items() if name}
    evidence = {name: hometax_meaning(code) for name, code in codes.items()}
    distinct = {code for code in codes.values()}
    if len(distinct) > 1:
        return Finding(
            "business_status",
            WARN,
            str(_("The business status sources disagree. A reviewer will check it.")),
            "business_number",
            {"sources": evidence, "disagreement": True},
        )
    outcome, message = judge_code(next(iter(distinct)) if distinct else None)
    return Finding("business_status", outcome, message, "business_number", {"sources": evidence})
