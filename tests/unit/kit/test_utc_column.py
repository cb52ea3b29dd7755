"""The kit's datetime column: aware UTC out of both stores, a naive value refused on the way in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError
from sqlmodel import Field, SQLModel, select

from kria_shared.columns import utc_column
from kria_shared.db import Database

MOSCOW = timezone(timedelta(hours=3))


class Stamped(SQLModel, table=True):
    __tablename__ = "kit_unit_stamped"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(nullable=False))
    maybe: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


async def _stored(database_url: str, row: Stamped) -> Stamped:
    db = Database(database_url, [Stamped])
    await db.create_tables()
    try:
        async with db.session() as s:
            s.add(row)
            await s.commit()
        async with db.session() as s:
            return (await s.exec(select(Stamped))).one()
    finally:
        await db.close()


async def test_a_moment_comes_back_aware_in_utc(database_url: str) -> None:
    back = await _stored(database_url, Stamped(at=datetime(2026, 12, 1, 10, 0, tzinfo=MOSCOW)))
    assert back.at == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert back.at.tzinfo is UTC
    assert back.maybe is None


async def test_a_moment_compares_with_an_aware_bound(database_url: str) -> None:
    db = Database(database_url, [Stamped])
    await db.create_tables()
    try:
        async with db.session() as s:
            s.add(Stamped(at=datetime(2026, 12, 1, tzinfo=UTC)))
            await s.commit()
        async with db.session() as s:
            found = (await s.exec(select(Stamped).where(Stamped.at < datetime(2026, 12, 2, tzinfo=UTC)))).all()
        assert len(found) == 1
    finally:
        await db.close()


async def test_a_naive_moment_is_refused(database_url: str) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        await _stored(database_url, Stamped(at=datetime(2026, 12, 1, 10, 0)))
