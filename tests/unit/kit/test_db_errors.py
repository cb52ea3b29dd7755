"""Database errors: a refused value (SQLSTATE 22) or a constraint (23) is permanent, an outage is transient;
error text never carries the bound values (personal data) and a refused value is the caller's 422."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.exc import DBAPIError, OperationalError

from kria_shared.db import Database
from kria_shared.errors import is_transient
from kria_shared.http import create_http_app


def from_asyncpg(error: Exception) -> DBAPIError:
    """What SQLAlchemy raises for an asyncpg error it does not map to a specific class."""
    return DBAPIError("INSERT INTO t VALUES ($1)", ("x",), AsyncAdapt_asyncpg_dbapi.Error(str(error), error))


@pytest.mark.parametrize("error", [
    asyncpg.exceptions.CharacterNotInRepertoireError("invalid byte sequence for encoding \"UTF8\": 0x00"),
    asyncpg.exceptions.UntranslatableCharacterError("character cannot be converted"),
    asyncpg.exceptions.NumericValueOutOfRangeError("value out of range"),
    asyncpg.exceptions.InvalidDatetimeFormatError("invalid input syntax for type date"),
    asyncpg.exceptions.UniqueViolationError("duplicate key"),
    asyncpg.exceptions.IntegrityConstraintViolationError("constraint"),
])
def test_refused_values_and_constraint_violations_are_permanent(error: Exception) -> None:
    assert not is_transient(from_asyncpg(error))


@pytest.mark.parametrize("error", [
    asyncpg.exceptions.ConnectionFailureError("connection lost"),
    asyncpg.exceptions.SerializationError("could not serialize access"),
    asyncpg.exceptions.DeadlockDetectedError("deadlock"),
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
])
def test_outages_and_conflicts_worth_a_retry_stay_transient(error: Exception) -> None:
    assert is_transient(from_asyncpg(error))
    assert is_transient(OperationalError("SELECT 1", None, ConnectionError("refused")))


async def test_error_text_does_not_carry_bound_values(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3", [])
    with pytest.raises(DBAPIError) as caught:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT * FROM no_such_table WHERE snils = :snils"), {"snils": "112-233-445 95"})
    assert "112-233-445 95" not in str(caught.value)
    await db.close()


async def ready() -> dict[str, bool]:
    return {}


async def test_a_value_the_database_refuses_is_a_422_not_a_503() -> None:
    router = APIRouter()

    @router.post("/nul")
    async def store() -> None:
        raise from_asyncpg(asyncpg.exceptions.CharacterNotInRepertoireError("invalid byte sequence: 0x00"))

    app = create_http_app(service="t", title="t", routers=[router], ready=ready, lifespan=None)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        r = await client.post("/nul")
    assert r.status_code == 422 and r.json()["error"] == "invalid_data"
