"""A relay pass that cannot send a row names that row (event id, type, correlation id) so an operator can follow
the stuck flow; the payload (which may carry personal data) never reaches the log."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError
from sqlmodel import col, select

from kria_shared.contracts.certificates import TravelRecorded
from kria_shared.db import Database
from kria_shared.logging import JsonFormatter
from kria_shared.outbox import OutboxRecord
from kria_shared.relay import OutboxRelay
from kria_shared.uow import UnitOfWorkFactory


class UnackedProducer:
    """Takes every record, the broker never acknowledges them."""

    async def send(self, topic: str, **_: Any) -> asyncio.Future[None]:
        failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        failed.set_exception(KafkaTimeoutError())
        return failed


async def test_a_row_the_broker_did_not_take_is_logged_with_its_ids(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/r.sqlite3", [OutboxRecord])
    await db.create_tables()
    uows = UnitOfWorkFactory(db, "kria/test")
    for seq in range(3):
        async with uows(f"flow-{seq}") as uow:
            uow.emit(TravelRecorded(certificate_id="c", line_id=f"line-secret-{seq}", kind="ticket",
                                    amount_kopecks=1, on=date(2026, 11, 1)), subject="c")
    async with db.session() as s:
        first = (await s.exec(select(OutboxRecord).order_by(col(OutboxRecord.id)))).first()
    assert first is not None
    relay = OutboxRelay(db, UnackedProducer(), "relay-log-test")  # type: ignore[arg-type]

    with caplog.at_level(logging.WARNING, logger="kria.relay"), pytest.raises(KafkaTimeoutError):
        await relay.publish_pending()

    lines = [json.loads(JsonFormatter("t").format(r)) for r in caplog.records if r.name == "kria.relay"]
    assert len(lines) == 1, "one line per failed pass, not one per row"
    assert lines[0]["event_id"] == str(first.event_id)
    assert lines[0]["correlation_id"] == "flow-0"
    assert lines[0]["event_type"] == "TravelRecorded" and lines[0]["unsent_rows"] == 3
    assert "line-secret" not in json.dumps(lines[0])
    await db.close()
