"""SNILS checksum and masking; ages in full years; the validity period."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_certificates.domain import snils
from kria_certificates.domain.dates import add_months, age_in_full_years, parse_date, period_end

EXAMPLE_FILE_SNILS = ["123-400-000 70", "123-407-919 35", "123-415-838 32", "123-423-757 29", "123-431-676 26",
                      "123-439-595 58"]


def control_of(nine: str) -> str:
    """An independent statement of the rule: weights 9..1, mod 101, 100 -> 00."""
    total = sum(int(d) * (9 - i) for i, d in enumerate(nine)) % 101
    return f"{0 if total == 100 else total:02d}"


@pytest.mark.parametrize("value", EXAMPLE_FILE_SNILS)
def test_every_snils_of_the_example_file_is_valid(value: str) -> None:
    assert snils.normalise(value) == value.replace("-", "").replace(" ", "")


@pytest.mark.parametrize("value", ["123-400-000 71", "123-400-00070", "12340000", "abc-def-ghi 12", ""])
def test_a_wrong_control_number_or_shape_is_refused(value: str) -> None:
    with pytest.raises(snils.InvalidSnils):
        snils.normalise(value)


def weighted(nine: str) -> int:
    return sum(int(d) * (9 - i) for i, d in enumerate(nine))


def test_a_weighted_sum_of_100_or_101_gives_control_00() -> None:
    for target in (100, 101):
        nine = next(f"{n:09d}" for n in range(1_002_000, 3_000_000) if weighted(f"{n:09d}") % 101 == target % 101
                    and weighted(f"{n:09d}") % 101 == (100 if target == 100 else 0))
        assert snils.normalise(nine + "00") == nine + "00"
        with pytest.raises(snils.InvalidSnils):
            snils.normalise(nine + "01")


def test_old_numbers_up_to_001_001_998_are_not_checked() -> None:
    assert snils.normalise("001-001-998 99") == "00100199899"
    with pytest.raises(snils.InvalidSnils):
        snils.normalise("001-001-999 99")


@given(st.integers(min_value=1_002_000, max_value=999_999_999))
def test_any_number_with_its_control_is_accepted_and_a_different_one_refused(n: int) -> None:
    nine = f"{n:09d}"
    good = control_of(nine)
    assert snils.normalise(nine + good) == nine + good
    bad = f"{(int(good) + 1) % 100:02d}"
    with pytest.raises(snils.InvalidSnils):
        snils.normalise(nine + bad)


def test_masking_keeps_only_the_last_four_digits() -> None:
    assert snils.masked("123-400-000 70") == "***-***-*00 70"
    assert snils.masked("12") == "**"


@pytest.mark.parametrize(("born", "on", "age"), [
    (date(2012, 5, 3), date(2026, 5, 2), 13),
    (date(2012, 5, 3), date(2026, 5, 3), 14),
    (date(2016, 2, 29), date(2021, 2, 28), 4),  # born 29 Feb: birthday is 1 Mar in a non-leap year
    (date(2016, 2, 29), date(2021, 3, 1), 5),
    (date(2016, 2, 29), date(2024, 2, 29), 8),
])
def test_age_in_full_years(born: date, on: date, age: int) -> None:
    assert age_in_full_years(born, on) == age


def test_validity_period_ends_the_day_before_the_same_date_a_year_later() -> None:
    assert period_end(date(2026, 10, 12), 12) == date(2027, 10, 11)
    assert period_end(date(2024, 2, 29), 12) == date(2025, 2, 27)  # 28 Feb 2025 is the same day a year later
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(("text", "expected"), [
    ("15.10.2026 0:00", date(2026, 10, 15)), ("15.10.2026", date(2026, 10, 15)), ("2026-10-15", date(2026, 10, 15)),
    ("1.2.2026 12:30:00", date(2026, 2, 1)),
])
def test_dates_of_the_export_and_iso_dates_are_read(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "2026/10/15", "15-10-2026", "", "вчера"])
def test_impossible_or_foreign_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)
