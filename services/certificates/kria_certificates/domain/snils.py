"""SNILS (the insurance number of an individual account): format, checksum, masking.

The checksum is the standard one: digits 1..9 weighted 9..1, the sum taken modulo 101, a result of
100 written as 00. Numbers up to 001-001-998 were issued before checksums and are not checked.
"""

from __future__ import annotations

import re

_FORMATTED = re.compile(r"^\d{3}-\d{3}-\d{3}[ -]\d{2}$")
_PLAIN = re.compile(r"^\d{11}$")
_UNCHECKED_UP_TO = 1_001_998


class InvalidSnils(ValueError):
    """The value is not a SNILS: wrong format or wrong checksum."""


def checksum(first_nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_nine, range(9, 0, -1), strict=True))
    rest = total % 101
    return 0 if rest == 100 else rest


def normalise(raw: str) -> str:
    """Eleven digits without separators; raises InvalidSnils on a bad format or checksum."""
    text = raw.strip()
    if not (_FORMATTED.match(text) or _PLAIN.match(text)):
        raise InvalidSnils("wrong format: expected 123-456-789 01 or 11 digits")
    digits = re.sub(r"\D", "", text)
    number, control = digits[:9], int(digits[9:])
    if int(number) > _UNCHECKED_UP_TO and checksum(number) != control:
        raise InvalidSnils("the control number does not match")
    return digits


def masked(raw: str) -> str:
    """Only the last four digits stay visible: ``***-***-*00 70`` (the report and logs never hold more)."""
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) < 4:
        return "*" * len(digits)
    last4 = digits[-4:]
    return f"***-***-*{last4[:2]} {last4[2:]}"


def printed(digits: str) -> str:
    """As printed on a document: ``123-456-789 01`` (the eleven digits of ``normalise``); other text unchanged."""
    if not _PLAIN.match(digits):
        return digits
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"
