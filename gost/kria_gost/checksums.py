"""Check digits of the Russian registration numbers carried by qualified certificates (ФСБ 795, RFC 9215 §5)."""

from __future__ import annotations

_INN_LE_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_SNILS_CHECKED_FROM = 1_001_998  # numbers up to 001-001-998 were issued before check digits existed


def _digits(value: str, length: int) -> list[int] | None:
    if len(value) != length or not value.isascii() or not value.isdigit():
        return None
    return [int(ch) for ch in value]


def _weighted(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def snils_check_digits(first_nine: str) -> str:
    total = sum(int(ch) * weight for ch, weight in zip(first_nine, range(9, 0, -1), strict=True))
    while total > 101:
        total %= 101
    return "00" if total in (100, 101) else f"{total:02d}"


def valid_snils(value: str) -> bool:
    digits = _digits(value, 11)
    if digits is None:
        return False
    if int(value[:9]) <= _SNILS_CHECKED_FROM:
        return True
    return value[9:] == snils_check_digits(value[:9])


def ogrn_check_digit(first_twelve: str) -> str:
    return str(int(first_twelve) % 11 % 10)


def valid_ogrn(value: str) -> bool:
    return _digits(value, 13) is not None and value[12] == ogrn_check_digit(value[:12])


def valid_ogrnip(value: str) -> bool:
    return _digits(value, 15) is not None and value[14] == str(int(value[:14]) % 13 % 10)


def inn_le_check_digit(first_nine: str) -> str:
    return str(_weighted([int(ch) for ch in first_nine], _INN_LE_WEIGHTS))


def valid_inn_le(value: str) -> bool:
    return _digits(value, 10) is not None and value[9] == inn_le_check_digit(value[:9])


def valid_inn_person(value: str) -> bool:
    digits = _digits(value, 12)
    if digits is None:
        return False
    return digits[10] == _weighted(digits[:10], _INN_11_WEIGHTS) and digits[11] == _weighted(
        digits[:11], _INN_12_WEIGHTS
    )
