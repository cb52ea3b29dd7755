"""One datetime column type for every service: aware datetimes in, aware UTC datetimes out, on both stores.

PostgreSQL's ``timestamptz`` hands values back aware; SQLite keeps no offset and hands them back naive. Without
one type each service grew its own repair (``utc()`` after reading, ``utc_iso`` before answering). This type
stores UTC and always returns ``tzinfo=UTC``; a naive value is refused when written (which zone would it be
in?). In the database it is ``DateTime(timezone=True)``: the migrations are unchanged. SQLModel maps a bare
``datetime`` field to a type with the same rule; use ``utc_column`` where a column needs its own ``Column``
(a default, nullability stated).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, Interval, TypeDecorator
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.types import TypeEngine


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def coerce_compared_value(self, op: OperatorType | None, value: Any) -> TypeEngine[Any]:
        return Interval() if isinstance(value, timedelta) else self

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("a naive datetime cannot be stored: pass an aware one (the clock's now())")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def utc_column(*, nullable: bool) -> Any:
    """A ``sa_column`` for a SQLModel field of type ``datetime`` (or ``datetime | None`` when nullable)."""
    return Column(UtcDateTime(), nullable=nullable)
