"""The canonical field catalogue (../shared/fields.md "Keys"): labels, formats, sensitivity, order.

Forms show fields in this order; ``review_threshold`` is the default confidence below which a field
is flagged ``needs_review`` (overridable per key with the ``OCR_REVIEW_THRESHOLDS`` setting).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label_ko: str
    label_en: str
    format: str  # text, date, resident_number, license_number, business_number, ...
    sensitive: bool = False
    review_threshold: float = 0.80


def _s(key: str, ko: str, en: str, fmt: str = "text", sensitive: bool = False, threshold: float = 0.80) -> FieldSpec:
    return FieldSpec(key, ko, en, fmt, sensitive, threshold)


# Identifiers and dates are checked harder than free text: a wrong digit there breaks verification.
CATALOGUE: dict[tuple[str, str | None], tuple[FieldSpec, ...]] = {
    ("id_card", "resident"): (
        _s("name", "성명", "Name"),
        _s("resident_number", "주민등록번호", "Resident registration number", "resident_number", True, 0.85),
        _s("address", "주소", "Address"),
        _s("issue_date", "발급일자", "Issue date", "date", threshold=0.85),
        _s("issuer", "발급기관", "Issuer"),
    ),
    ("id_card", "driver"): (
        _s("license_number", "운전면허번호", "Licence number", "license_number", True, 0.85),
        _s("license_type", "면허종류", "Licence type"),
        _s("name", "성명", "Name"),
        _s("resident_number", "주민등록번호", "Resident registration number", "resident_number", True, 0.85),
        _s("address", "주소", "Address"),
        _s("renewal_start", "적성검사기간 시작", "Renewal period start", "date", threshold=0.85),
        _s("renewal_end", "적성검사기간 종료", "Renewal period end", "date", threshold=0.85),
        _s("condition", "조건", "Conditions"),
        _s("serial_number", "암호일련번호", "Serial", threshold=0.85),
        _s("issue_date", "발급일자", "Issue date", "date", threshold=0.85),
        _s("issuer", "발급기관", "Issuer"),
    ),
    ("id_card", "passport"): (
        _s("passport_type", "종류", "Type"),
        _s("country_code", "발행국", "Issuing state", "country_code"),
        _s("passport_number", "여권번호", "Passport number", "passport_number", True, 0.85),
        _s("surname", "성", "Surname"),
        _s("given_names", "이름", "Given names"),
        _s("korean_name", "한글성명", "Korean name"),
        _s("nationality", "국적", "Nationality"),
        _s("birth_date", "생년월일", "Date of birth", "date", threshold=0.85),
        _s("sex", "성별", "Sex", "sex"),
        _s("issue_date", "발급일", "Date of issue", "date", threshold=0.85),
        _s("expiry_date", "기간만료일", "Date of expiry", "date", threshold=0.85),
        _s("personal_number", "주민등록번호", "Personal number", "resident_number", True, 0.85),
        _s("authority", "발행관청", "Authority"),
        _s("mrz_line1", "MRZ 1행", "MRZ line 1", "mrz", threshold=0.85),
        _s("mrz_line2", "MRZ 2행", "MRZ line 2", "mrz", threshold=0.85),
    ),
    ("id_card", "alien"): (
        _s("alien_registration_number", "외국인등록번호", "Alien registration number", "resident_number", True, 0.85),
        _s("name", "성명", "Name"),
        _s("sex", "성별", "Sex", "sex"),
        _s("nationality", "국가", "Nationality"),
        _s("visa_type", "체류자격", "Status of stay"),
        _s("issue_date", "발급일자", "Issue date", "date", threshold=0.85),
        _s("issuer", "발급기관", "Issuer"),
    ),
    ("credit_card", None): (
        _s("card_number", "카드번호", "Card number", "card_number", True, 0.85),
        _s("valid_thru", "유효기간", "Valid thru", "valid_thru", threshold=0.85),
        _s("cardholder_name", "소유자명", "Cardholder"),
    ),
    ("business_registration", "individual"): (
        _s("business_number", "등록번호", "Business registration number", "business_number", threshold=0.85),
        _s("company_name", "상호(법인명)", "Company name"),
        _s("representative_name", "대표자(성명)", "Representative"),
        _s("co_representative_name", "공동대표", "Co-representative"),
        _s("representative_birth_date", "생년월일", "Representative's birth date", "date", threshold=0.85),
        _s(
            "representative_resident_number",
            "주민등록번호",
            "Representative's resident number",
            "resident_number",
            True,
            0.85,
        ),
        _s("corporate_number", "법인등록번호", "Corporate registration number", "corporate_number", threshold=0.85),
        _s("open_date", "개업연월일", "Business start date", "date", threshold=0.85),
        _s("business_address", "사업장 소재지", "Business address"),
        _s("head_office_address", "본점 소재지", "Head office address"),
        _s("business_type", "업태", "Business type"),
        _s("business_item", "종목", "Business item"),
        _s("tax_type", "과세유형", "Taxation type"),
        _s("issue_date", "발급일", "Issue date", "date", threshold=0.85),
    ),
}
CATALOGUE[("business_registration", "corporate")] = CATALOGUE[("business_registration", "individual")]
CATALOGUE[("business_registration", None)] = CATALOGUE[("business_registration", "individual")]


def specs_for(kind: str, subtype: str | None) -> tuple[FieldSpec, ...]:
    """The ordered field specs of a kind/subtype (an ``id_card`` without subtype has none)."""
    return CATALOGUE.get((kind, subtype), ())


def field_spec(kind: str, subtype: str | None, key: str) -> FieldSpec:
    for spec in specs_for(kind, subtype):
        if spec.key == key:
            return spec
    # Unknown keys (a provider field we do not map) are kept as text, never as sensitive data.
    return FieldSpec(key, key, key, "text", False, 0.80)


def key_order(kind: str, subtype: str | None) -> dict[str, int]:
    return {spec.key: i for i, spec in enumerate(specs_for(kind, subtype))}


SENSITIVE_KEYS = frozenset(spec.key for specs in CATALOGUE.values() for spec in specs if spec.sensitive)
