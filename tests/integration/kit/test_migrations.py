"""Each service's Alembic migrations build exactly its tables, on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from sqlalchemy import inspect

from kria_shared.migrations import pending_changes, upgrade_to_head
from kria_shared.settings import ServiceSettings

SERVICES = ["certificates", "costing", "assessment", "signing"]


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_create_the_models_tables(service: str, database_url: str, tmp_path: Path) -> None:
    app = importlib.import_module(f"kria_{service}.app").create_app(
        ServiceSettings(service=service, var_dir=tmp_path, database_url=database_url))
    runtime = app.state.runtime
    names = {t.name for t in runtime.db.tables}
    try:
        await upgrade_to_head(runtime.db, runtime.migrations)
        await upgrade_to_head(runtime.db, runtime.migrations)  # idempotent: a restart migrates nothing
        async with runtime.db.engine.connect() as conn:
            existing = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
            diff = await conn.run_sync(pending_changes, names)
    finally:
        await runtime.db.close()
    assert names <= existing and "alembic_version" in existing
    assert diff == [], f"{service}: the models changed without a migration: {diff}"
