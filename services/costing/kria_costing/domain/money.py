"""Exact money arithmetic: kopecks as integers, intermediates as exact fractions, half-up at the unit price."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor

KOPECKS_PER_RUBLE = 100


def kopecks_from_rubles(rubles: Decimal) -> int:
    """An input amount in rubles (at most 2 decimals) as integer kopecks; anything finer is an input error."""
    kopecks = rubles * KOPECKS_PER_RUBLE
    if kopecks != kopecks.to_integral_value():
        raise ValueError(f"{rubles} has more than 2 decimal places")
    return int(kopecks)


def exact(value: Decimal | int) -> Fraction:
    """A decimal input (a rate, a coefficient, hours) as an exact fraction."""
    return Fraction(value)


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact amount to an integer (0.5 goes up), as DOMAIN.md §3 requires."""
    if value < 0:
        raise ValueError("money amounts are never negative")
    return floor(value + Fraction(1, 2))


def decimal_text(value: Fraction, places: int) -> str:
    """A fraction shown with ``places`` decimals, half-up (for derivations an auditor reads)."""
    scale = 10**places
    sign = "-" if value < 0 else ""
    scaled = round_half_up(abs(value) * scale)
    whole, part = divmod(scaled, scale)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def rubles_text(kopecks: Fraction | int, places: int = 2) -> str:
    """Kopecks shown as rubles: ``12345`` -> ``"123.45"``; intermediates with more places."""
    return decimal_text(Fraction(kopecks) / KOPECKS_PER_RUBLE, places)
