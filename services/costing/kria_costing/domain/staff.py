"""A staff position costed by its salary fund (order 18-62): the courses' administrative and support staff, the
kitchen's and the accommodation's staff; the specialists' hourly cost starts from the same fund."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


def salary_fund(monthly_salary_kopecks: int, accruals_rate: Fraction, positions: Fraction = Fraction(1)) -> Fraction:
    """Salary fund of a year with the accruals: salary x 12 x (1 + accruals) x positions (kopecks, exact)."""
    return monthly_salary_kopecks * 12 * (1 + accruals_rate) * positions


@dataclass(frozen=True)
class StaffPosition:
    title: str
    monthly_salary_kopecks: int
    positions: Fraction  # fractional positions: 0.05 of an accountant's

    def annual_cost(self, accruals_rate: Fraction) -> Fraction:
        return salary_fund(self.monthly_salary_kopecks, accruals_rate, self.positions)
