"""A relay whose broker hangs at shutdown gives up after its drain bound: the pod stops inside its grace period
and the unsent events stay in the outbox for the next relay."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from kria_shared import relay as relay_module
from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.outbox import OutboxRecord
from kria_shared.relay import OutboxRelay
from kria_shared.uow import UnitOfWorkFactory


class HangingProducer:
    async def send(self, topic: str, **_: Any) -> asyncio.Future[None]:
        return asyncio.get_running_loop().create_future()  # never acknowledged


async def test_stop_gives_up_after_the_drain_bound_and_keeps_the_events(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay_module, "DRAIN_TIMEOUT_S", 0.5)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/o.sqlite3", [OutboxRecord])
    await db.create_tables()
    relay = OutboxRelay(db, HangingProducer(), "shutdown-test")  # type: ignore[arg-type]
    await relay.start()
    async with UnitOfWorkFactory(db, "kria/test")() as uow:
        uow.emit(TravelRecorded(certificate_id="c", line_id="1", kind="ticket", amount_kopecks=1,
                                on=date(2026, 11, 1)), subject="c")
    relay.notify()
    await asyncio.sleep(0.2)  # the pass is now waiting for the broker
    started = time.monotonic()
    await relay.stop()
    assert time.monotonic() - started < 2
    async with db.session() as session:
        unsent = (await session.exec(select(OutboxRecord).where(col(OutboxRecord.published_at).is_(None)))).all()
    assert len(unsent) == 1
    await db.close()
