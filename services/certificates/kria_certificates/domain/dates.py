"""Calendar rules: full years of age, month arithmetic, the certificate's validity period.

A child born on 29 February has the birthday on 1 March in a non-leap year (the day after 28 February),
the reading used for legal age in Russia; so on 28 February of a non-leap year the child is still younger.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from kria_shared.errors import DomainError


def _birthday_in(year: int, born: date) -> date:
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return date(year, born.month, born.day)


def age_in_full_years(born: date, on: date) -> int:
    years = on.year - born.year
    return years if on >= _birthday_in(on.year, born) else years - 1


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Jan + 1 -> 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, months: int) -> date:
    """Last day of a period of ``months`` starting on ``start`` (12.10.2026 + 12 months -> 11.10.2027).

    The MSE export writes disability periods the same way: established 12.10.2026, "до" 11.10.2028.
    """
    return add_months(start, months) - timedelta(days=1)


# The dates an MSE decision can carry: no child born before 1900, no decision after 2099. A validity computed
# from a decision of year 9999 would run into year 10000, which no date can hold.
EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)


def in_sane_range(d: date) -> bool:
    return EARLIEST <= d <= LATEST


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: +\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(raw: str) -> date:
    """``dd.mm.yyyy`` (the MSE export, optionally followed by a time such as `` 0:00``) or ISO ``yyyy-mm-dd``.

    Raises ValueError for anything else or an impossible day (31.02.2026).
    """
    text = raw.strip()
    if m := _DOTTED.match(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := _ISO.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(f"not a date: {text!r}")


def check_period(start: date | None, end: date | None) -> None:
    """A report's period [start, end]: either bound may be open, but the start is not after the end."""
    if start and end and start > end:
        raise DomainError("bad_period", "начало периода позже его конца", field="from")
