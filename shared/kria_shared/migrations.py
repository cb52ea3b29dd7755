"""Alembic migrations per service, run at start-up on the service's own store (SQLite or PostgreSQL).

Each service keeps ``kria_<svc>/migrations/`` (env.py + versions/). The runtime upgrades to head before it
consumes or serves; ``python -m kria_shared.migrations revision --service costing -m "..."`` autogenerates
the next revision from the service's tables.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlmodel import SQLModel

from kria_shared.db import Database


def _config(script_location: Path, connection: Connection, tables: Iterable[str]) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["connection"] = connection
    cfg.attributes["tables"] = set(tables)
    return cfg


def run_env() -> None:
    """Body of every service's env.py: migrate the connection the runtime handed over."""
    config = context.config
    connection: Connection = config.attributes["connection"]
    tables: set[str] = config.attributes["tables"]

    def include(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
        return type_ != "table" or name in tables  # only this service's tables (tests import several)

    context.configure(connection=connection, target_metadata=SQLModel.metadata, include_object=include,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def _upgrade(connection: Connection, script_location: Path, tables: set[str]) -> None:
    cfg = _config(script_location, connection, tables)
    existing = set(inspect(connection).get_table_names())
    if "alembic_version" not in existing and tables <= existing:
        command.stamp(cfg, "head")  # a store made before migrations existed: adopt it as it is
    else:
        command.upgrade(cfg, "head")


async def upgrade_to_head(db: Database, script_location: Path) -> None:
    names = {t.name for t in db.tables}
    async with db.engine.begin() as conn:
        await conn.run_sync(_upgrade, script_location, names)


def pending_changes(connection: Connection, tables: set[str]) -> list[Any]:
    """What the models have that the migrated store lacks (empty when the migrations are complete)."""
    mc = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": (
        lambda obj, name, type_, *_: type_ != "table" or name in tables)})
    return list(compare_metadata(mc, SQLModel.metadata))


def _revision(connection: Connection, script_location: Path, tables: set[str], message: str) -> None:
    cfg = _config(script_location, connection, tables)
    command.upgrade(cfg, "head")
    command.revision(cfg, message=message, autogenerate=True)


async def _make_revision(service: str, message: str, workdir: Path) -> None:
    from kria_shared.settings import ServiceSettings

    app_module = importlib.import_module(f"kria_{service}.app")
    app = app_module.create_app(ServiceSettings(service=service, var_dir=workdir,
                                                database_url=f"sqlite+aiosqlite:///{workdir}/rev.sqlite3"))
    runtime = app.state.runtime
    names = {t.name for t in runtime.db.tables}
    async with runtime.db.engine.begin() as conn:
        await conn.run_sync(_revision, runtime.migrations, names, message)
    await runtime.db.close()


def main() -> None:
    import asyncio
    import tempfile

    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("revision", help="autogenerate the next revision of a service")
    r.add_argument("--service", required=True)
    r.add_argument("-m", "--message", required=True)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_make_revision(a.service, a.message, Path(tmp)))


if __name__ == "__main__":
    main()
