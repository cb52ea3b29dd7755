"""Every event written through the outbox arrives, in order per key, even when the relay is SIGKILLed
mid-batch and restarted; through the inbox each one takes effect exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.outbox import OutboxRecord
from kria_shared.testing.kafka import eventually, read_all, unique
from kria_shared.testing.service import running

from .support import consumer, producer_runtime, travel

pytestmark = pytest.mark.kafka

KEYS = 25
PER_KEY = 160  # 4000 events


def start_relay(db_url: str, bootstrap: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kria_shared.relay_main", "--db", db_url, "--bootstrap", bootstrap, "--batch", "100"],
        env=os.environ.copy(),
    )


async def published(runtime_db: object) -> int:
    async with runtime_db.session() as s:  # type: ignore[attr-defined]
        q = select(func.count()).select_from(OutboxRecord).where(col(OutboxRecord.published_at).is_not(None))
        return int((await s.exec(q)).one())


async def test_relay_killed_mid_batch_loses_nothing_and_keeps_order(kafka_bootstrap: str, tmp_path: Path) -> None:
    prefix = unique("crash") + "."
    db_url = f"sqlite+aiosqlite:///{tmp_path}/producer.sqlite3"
    producer = producer_runtime(kafka_bootstrap, db_url, prefix, tmp_path)
    await producer.db.create_tables()
    # Interleave keys so every relay batch spans many keys.
    for seq in range(PER_KEY):
        async with producer.uows() as uow:
            for k in range(KEYS):
                uow.emit(travel(f"cert-{k}", seq), subject=f"cert-{k}")
    total = KEYS * PER_KEY

    relay = start_relay(db_url, kafka_bootstrap)
    try:
        await eventually(lambda: _between(producer.db, 1, total - 1), timeout_s=60, every_s=0.01)
        relay.send_signal(signal.SIGKILL)  # mid-stream: some rows sent, some not, maybe some sent but unmarked
        relay.wait(timeout=10)
        assert 0 < await published(producer.db) < total
    finally:
        if relay.poll() is None:
            relay.kill()
    relay = start_relay(db_url, kafka_bootstrap)
    try:
        await eventually(lambda: _between(producer.db, total, total), timeout_s=90)
    finally:
        relay.send_signal(signal.SIGTERM)
        relay.wait(timeout=20)

    # Up to the end offsets: with re-sends, `total` records may be reached before every event was read.
    records = await read_all(kafka_bootstrap, prefix + Topics.CERTIFICATES, timeout_s=60)
    first_seen: dict[str, list[int]] = defaultdict(list)
    seen_ids: set[str] = set()
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        env = Envelope.from_bytes(r.value)
        if str(env.event_id) in seen_ids:
            continue  # a re-send after the crash: the inbox absorbs it (next test)
        seen_ids.add(str(env.event_id))
        first_seen[env.subject].append(int(env.data["line_id"]))
    assert len(seen_ids) == total, "an event written through the outbox never arrived"
    for key, seqs in first_seen.items():
        assert seqs == list(range(PER_KEY)), f"order broken for {key}"

    # Through the inbox, each event takes effect exactly once despite any re-sends.
    c = consumer(kafka_bootstrap, f"sqlite+aiosqlite:///{tmp_path}/consumer.sqlite3", prefix, tmp_path)
    app = c.runtime.http_app([], title="consumer")
    async with running(app):
        await eventually(lambda: _count_is(c, total), timeout_s=90)
        await asyncio.sleep(1.0)  # anything extra would show up now
        assert await c.applied_count() == total
    applied = await c.applied()
    per_key: dict[str, list[int]] = defaultdict(list)
    for key, seq in applied:
        per_key[key].append(seq)
    assert all(v == list(range(PER_KEY)) for v in per_key.values())


async def _between(db: object, low: int, high: int) -> bool:
    n = await published(db)
    return low <= n <= high


async def _count_is(c: object, n: int) -> bool:
    return await c.applied_count() >= n  # type: ignore[attr-defined, no-any-return]
