"""Check digits of SNILS, OGRN, OGRNIP, INN (legal entity and person): what the qualified-profile check relies on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_gost.checksums import (
    inn_le_check_digit,
    ogrn_check_digit,
    snils_check_digits,
    valid_inn_le,
    valid_inn_person,
    valid_ogrn,
    valid_ogrnip,
    valid_snils,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (valid_ogrn, "1027700132195"),  # published OGRN of a large bank
        (valid_inn_le, "7707083893"),  # its INN
        (valid_inn_person, "500100732259"),
        (valid_snils, "11223344595"),
        (valid_snils, "08765430300"),  # weighted sum 202 -> mod 101 = 0 -> "00"
        (valid_snils, "00100199800"),  # issued before check digits existed: any check part accepted
        (valid_ogrnip, "304500116000157"),
    ],
)
def test_known_numbers_are_valid(check: object, value: str) -> None:
    assert check(value)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (valid_ogrn, "1027700000000"),  # wrong check digit (should be 8)
        (valid_ogrn, "102770000000"),  # 12 digits
        (valid_inn_le, "7707083894"),
        (valid_inn_person, "500100732258"),
        (valid_snils, "11223344596"),
        (valid_snils, "1122334459"),
        (valid_snils, "112233445９5"),  # a full-width digit is not an ASCII digit
        (valid_ogrnip, "304500116000158"),
    ],
)
def test_wrong_check_digits_and_lengths_are_invalid(check: object, value: str) -> None:
    assert not check(value)  # type: ignore[operator]


@given(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: int(s) > 1_001_998))
def test_snils_with_its_check_digits_is_valid_and_any_other_check_part_is_not(first_nine: str) -> None:
    correct = snils_check_digits(first_nine)
    assert valid_snils(first_nine + correct)
    wrong = f"{(int(correct) + 1) % 100:02d}"
    assert not valid_snils(first_nine + wrong)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), digits)
def test_ogrn_accepts_exactly_one_check_digit(first_twelve: str, last: str) -> None:
    assert valid_ogrn(first_twelve + last) == (last == ogrn_check_digit(first_twelve))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), digits)
def test_inn_le_accepts_exactly_one_check_digit(first_nine: str, last: str) -> None:
    assert valid_inn_le(first_nine + last) == (last == inn_le_check_digit(first_nine))
