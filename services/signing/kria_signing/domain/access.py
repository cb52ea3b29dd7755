"""The federal MSE bureau's time-boxed read access to a submitted conclusion (DOMAIN.md §6).

Counting follows the Civil Code rule for periods in days (ГК РФ art. 191): the period begins on the day
after the submission and ends at 24:00 of its last day, in the configured time zone (Moscow). The
returned instant is exclusive: a read at or after it is denied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class AccessPolicy:
    version: str
    days: int
    timezone: str
    starts_next_day: bool = True


def access_until(submitted_at: datetime, policy: AccessPolicy) -> datetime:
    if submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    zone = ZoneInfo(policy.timezone)
    local_day = submitted_at.astimezone(zone).date()
    last_day = local_day + timedelta(days=policy.days if policy.starts_next_day else policy.days - 1)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)


def may_read(now: datetime, until: datetime | None) -> bool:
    """Allowed strictly before the end of the window; never before a submission opened one."""
    return until is not None and now < until
