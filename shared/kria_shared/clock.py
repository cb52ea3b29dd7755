"""Injectable clocks: real time in production, an adjustable one for the demo and tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class AdjustableClock:
    """Real time shifted by an offset (the demo advances it so a 21-day course takes seconds)."""

    def __init__(self, offset: timedelta = timedelta(0), frozen_at: datetime | None = None) -> None:
        self.offset = offset
        self.frozen_at = frozen_at

    def now(self) -> datetime:
        base = self.frozen_at if self.frozen_at is not None else datetime.now(UTC)
        return base + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def set(self, moment: datetime) -> None:
        self.frozen_at = moment
        self.offset = timedelta(0)


def today_moscow(clock: Clock) -> date:
    return clock.now().astimezone(MOSCOW).date()
