"""A signing store on SQLite in a temporary directory, for tests of handlers, acts and the submission job."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kria_shared.db import Database
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.store.models import TABLES


@pytest.fixture
async def uows(tmp_path: Path) -> AsyncIterator[UnitOfWorkFactory]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'signing.db'}", [OutboxRecord, InboxRecord, *TABLES])
    await db.create_tables()
    yield UnitOfWorkFactory(db, "kria/signing")
    await db.close()
