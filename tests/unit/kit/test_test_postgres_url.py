"""KRIA_TEST_POSTGRES_URL (an existing server for the tests) keeps its password and database."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from kria_shared.testing import postgres


def test_the_configured_servers_password_and_database_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRIA_TEST_POSTGRES_URL", "postgresql://kria:s%40cret%2Fpw@db.example:6543/kria_admin")
    ran: list[tuple[str, str | None, str]] = []
    monkeypatch.setattr(postgres, "_psql", lambda pg, sql: ran.append((pg.database, pg.password, sql)))
    pg = postgres.start_postgres()
    url = make_url(pg.new_database())
    assert (url.drivername, url.username, url.password, url.host, url.port) == (
        "postgresql+asyncpg", "kria", "s@cret/pw", "db.example", 6543)
    assert url.database and url.database.startswith("kria_")
    # CREATE DATABASE ran in the configured database, with the password.
    assert ran == [("kria_admin", "s@cret/pw", f'CREATE DATABASE "{url.database}"')]


def test_without_a_password_or_database_the_defaults_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    pg = postgres.start_postgres()
    assert (pg.user, pg.password, pg.database) == ("postgres", None, "postgres")
