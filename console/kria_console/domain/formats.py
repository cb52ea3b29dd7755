"""Money in roubles with kopecks and dates on Moscow time, as a person in the region reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# Moscow has kept UTC+3 all year since 2014; a fixed offset avoids needing the tz database in the image.
MOSCOW = timezone(timedelta(hours=3), "МСК")
NBSP = "\u00a0"


def roubles(kopecks: int | None) -> str:
    """``1234567`` → ``12 345,67 ₽`` (integer kopecks in, never a float on the way)."""
    if kopecks is None:
        return "—"
    sign = "−" if kopecks < 0 else ""
    whole, part = divmod(abs(kopecks), 100)
    grouped = f"{whole:,}".replace(",", NBSP)
    return f"{sign}{grouped},{part:02d}{NBSP}₽"


def parse_instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def moscow_time(value: str | None) -> str:
    """An ISO instant (UTC or with an offset) as ``20.11.2026 12:30 МСК``."""
    if not value:
        return "—"
    try:
        local = parse_instant(value).astimezone(MOSCOW)
    except ValueError:
        return value
    return local.strftime("%d.%m.%Y %H:%M") + f"{NBSP}МСК"


def day(value: str | None) -> str:
    """An ISO date ``2026-11-20`` as ``20.11.2026``."""
    if not value:
        return "—"
    try:
        return date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return value


def age_days(drafted_at: str, now: datetime) -> int:
    """Whole days a draft has waited (Moscow calendar days)."""
    start = parse_instant(drafted_at).astimezone(MOSCOW).date()
    return (now.astimezone(MOSCOW).date() - start).days
