"""Kopecks: half-up at the unit price (never banker's rounding), exact inputs, readable derivations."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_costing.domain.money import decimal_text, kopecks_from_rubles, round_half_up, rubles_text


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(5, 2), 3),  # banker's rounding would give 2
    (Fraction(7, 2), 4),
    (Fraction("42307.49"), 42307),
    (Fraction("42307.5"), 42308),
    (Fraction(0), 0),
])
def test_half_a_kopeck_rounds_up(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


@given(st.fractions(min_value=0, max_value=10**9))
def test_rounding_moves_by_at_most_half_a_kopeck(value: Fraction) -> None:
    rounded = round_half_up(value)
    assert value - Fraction(1, 2) < rounded <= value + Fraction(1, 2)  # floor(value + 1/2): a half goes up


def test_negative_money_is_refused() -> None:
    with pytest.raises(ValueError):
        round_half_up(Fraction(-1, 3))


def test_rubles_in_kopecks_exactly_and_finer_inputs_refused() -> None:
    assert kopecks_from_rubles(Decimal("52000.05")) == 5_200_005
    assert kopecks_from_rubles(Decimal("0.1")) == 10
    with pytest.raises(ValueError, match="2 decimal places"):
        kopecks_from_rubles(Decimal("1.005"))


def test_derivation_text() -> None:
    assert rubles_text(1_233_726) == "12337.26"
    assert rubles_text(Fraction("42307.65"), 4) == "423.0765"
    assert decimal_text(Fraction(1, 3), 4) == "0.3333"
    assert decimal_text(Fraction(-1, 8), 2) == "-0.13"
