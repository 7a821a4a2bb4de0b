"""Masked display of sensitive values (../shared/fields.md "Masked display")."""

from __future__ import annotations

import re

_RRN_KEYS = {"resident_number", "personal_number", "alien_registration_number", "representative_resident_number"}


def mask_resident_number(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(value)
    return f"{digits[:6]}-{digits[6]}******"


def mask_license_number(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) != 12:
        return "*" * len(value)
    return f"{digits[:2]}-{digits[2:4]}-******-{digits[10:]}"


def mask_passport_number(value: str) -> str:
    return value[:5] + "*" * max(0, len(value) - 5)


def mask_card_number(value: str) -> str:
    """Only the last four digits: PCI DSS allows BIN + last 4 at most, we show less."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 4:
        return "*" * len(digits)
    return f"**** **** **** {digits[-4:]}"


def mask_value(key: str, value: str) -> str:
    if key in _RRN_KEYS:
        return mask_resident_number(value)
    if key == "license_number":
        return mask_license_number(value)
    if key == "passport_number":
        return mask_passport_number(value)
    if key == "card_number":
        return mask_card_number(value)
    return "*" * len(value)
