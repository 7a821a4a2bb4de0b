"""The emulator's deterministic business registry (NHN ``business/status`` and NTS).

Rule, so that every Hometax code can be produced on purpose:

- a number failing the 사업자등록번호 checksum does not exist: NHN answers 4000102;
- otherwise the Hometax code is ``"0" + d9`` (the ninth digit), so d9 = 0..9 gives 00..09
  (07 and 08 are not documented by NHN; the emulator sends them anyway so clients must cope);
- NTS sees the same record: 00 is unregistered, 05 휴업자, 06 폐업자, the rest 계속사업자 with the
  tax type below; the representative is 홍길동 and the start date 2014-06-09 unless a record was
  registered through the control API.

``business_number_for("05")`` builds a valid number with the wanted code.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocr_integration.checksums import business_number_check_digit, business_number_valid, digits_only

NHN_STATUS_MESSAGES = {
    "00": "사업을 하고 있지 않는 사업자",
    "01": "부가가치세 일반과세자",
    "02": "부가가치세 간이과세자",
    "03": "부가가치세 면세사업자",
    "04": "수익 사업을 영위하지 않는 비영리법인이거나 고유번호가 부여된 단체. 국가기관",
    "05": "휴업자",
    "06": "폐업자",
    "09": "기타",
}
# Hometax code -> (NTS b_stt_cd, NTS tax_type_cd); provider-contracts.md §4 mapping. 09 has no NTS
# twin; the emulator shows it as 과세특례자 so that a 2-source comparison disagrees on purpose.
NTS_EQUIVALENT = {
    "01": ("01", "01"),
    "02": ("01", "02"),
    "03": ("01", "04"),
    "04": ("01", "05"),
    "05": ("02", "01"),
    "06": ("03", "01"),
    "07": ("01", "07"),
    "08": ("01", "06"),
    "09": ("01", "03"),
}
NTS_STATUS = {"01": "계속사업자", "02": "휴업자", "03": "폐업자"}
NTS_TAX_TYPES = {
    "01": "부가가치세 일반과세자",
    "02": "부가가치세 간이과세자",
    "03": "부가가치세 과세특례자",
    "04": "부가가치세 면세사업자",
    "05": "수익사업을 영위하지 않는 비영리법인이거나 고유번호가 부여된 단체,국가기관 등",
    "06": "고유번호가 부여된 단체",
    "07": "부가가치세 간이과세자(세금계산서 발급사업자)",
}
UNREGISTERED_TAX_TYPE = "국세청에 등록되지 않은 사업자등록번호입니다."
DEFAULT_REPRESENTATIVE = "홍길동"
DEFAULT_START_DATE = "20140609"
CLOSED_ON = "20240131"


@dataclass(frozen=True)
class BusinessRecord:
    """One registry entry: the Hometax code and the details NTS ``/validate`` compares."""

    number: str
    hometax_code: str
    representative: str = DEFAULT_REPRESENTATIVE
    start_date: str = DEFAULT_START_DATE
    company_name: str = ""


def business_number_for(code: str, prefix: str = "12345678") -> str:
    """A checksum-valid 10-digit number whose Hometax code in the emulator is ``code``."""
    if len(prefix) != 8 or not prefix.isdigit() or len(code) != 2 or not code.startswith("0"):
        raise ValueError("prefix is 8 digits, code is 00..09")
    first9 = prefix + code[1]
    return first9 + str(business_number_check_digit(first9))


def default_record(number: str) -> BusinessRecord | None:
    """The rule-based record, or ``None`` for a number failing the checksum."""
    digits = digits_only(number)
    if not business_number_valid(digits):
        return None
    return BusinessRecord(digits, "0" + digits[8])


def nts_row(record: BusinessRecord | None, number: str) -> dict[str, str]:
    """One NTS ``/status`` row for the record (the unregistered shape when there is none or 00)."""
    digits = digits_only(number)
    empty = {
        "b_no": digits,
        "b_stt": "",
        "b_stt_cd": "",
        "tax_type": UNREGISTERED_TAX_TYPE,
        "tax_type_cd": "",
        "end_dt": "",
        "utcc_yn": "",
        "tax_type_change_dt": "",
        "invoice_apply_dt": "",
        "rbf_tax_type": "",
        "rbf_tax_type_cd": "",
    }
    if record is None or record.hometax_code == "00":
        return empty
    stt, tax = NTS_EQUIVALENT[record.hometax_code]
    return {
        **empty,
        "b_stt": NTS_STATUS[stt],
        "b_stt_cd": stt,
        "tax_type": NTS_TAX_TYPES[tax],
        "tax_type_cd": tax,
        "end_dt": CLOSED_ON if stt == "03" else "",
        "utcc_yn": "N",
        "rbf_tax_type": "해당없음",
        "rbf_tax_type_cd": "99",
    }
