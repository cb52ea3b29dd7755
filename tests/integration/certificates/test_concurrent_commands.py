"""Commands on one certificate sent at the same instant: exactly one effect and one event, on both stores.

The requests are made to read the certificate before any of them writes (a barrier in the store's read),
the race an attacker hits by sending them together: without the compare-and-set on the version every one
of them applies and emits its event.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.domain.certificate import Certificate
from kria_certificates.store import repository as store
from kria_shared.contracts.topics import Topics
from kria_shared.outbox import OutboxRecord
from kria_shared.testing.kafka import eventually, read_all, read_topic

from .flow import PENZA_ORG, estimate, issue_penza_child, reserve
from .support import Service, operator, provider, service

pytestmark = pytest.mark.kafka


class Race:
    """While armed, the next ``n`` reads of a certificate for a command wait until all ``n`` have read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.waiting = 0
        self.barrier = asyncio.Barrier(1)
        real = store.load

        async def racing(session: AsyncSession, cid: str) -> Certificate | None:
            found = await real(session, cid)
            if self.waiting > 0:
                self.waiting -= 1
                await asyncio.wait_for(self.barrier.wait(), timeout=20)
            return found

        monkeypatch.setattr(store, "load", racing)

    async def run(self, *requests: Any) -> list[httpx.Response]:
        self.waiting, self.barrier = len(requests), asyncio.Barrier(len(requests))
        return list(await asyncio.gather(*requests))


def post(svc: Service, cid: str, path: str, body: dict[str, Any] | None, headers: dict[str, str]) -> Any:
    return svc.client.post(f"/v1/certificates/{cid}/{path}", json=body, headers=headers)


def reservation(svc: Service, cid: str) -> Any:
    return post(svc, cid, "reservation", {"organisation_id": PENZA_ORG, "form": "inpatient", "companion": True},
                provider(PENZA_ORG))


def annulment(svc: Service, cid: str) -> Any:
    return post(svc, cid, "annul", {"reason": "duplicate"}, operator())


async def published(svc: Service, bootstrap: str) -> Counter[tuple[str, str]]:
    """(type, subject) of every event on the certificates topic, once the relay has sent the whole outbox."""
    async def relayed() -> bool:
        async with svc.runtime.db.session() as s:
            pending = (await s.exec(select(OutboxRecord.id).where(col(OutboxRecord.published_at).is_(None)))).all()
        return not pending

    await eventually(relayed, timeout_s=30)
    records = await read_all(bootstrap, svc.prefix + Topics.CERTIFICATES)
    events = [orjson.loads(r.value) for r in records]
    return Counter((e["type"], e["subject"]) for e in events)


def answers(responses: list[httpx.Response]) -> list[tuple[int, str]]:
    return sorted((r.status_code, r.json().get("state") or r.json().get("error")) for r in responses)


async def test_concurrent_commands_on_one_certificate_take_effect_once(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        contested, doubled, started, ended = [await issue_penza_child(svc, n) for n in (1, 2, 3, 4)]
        for cid in (started, ended):
            await reserve(svc, cid)
            await svc.feed(estimate(cid, 9_000_000))
            await svc.wait_state(cid, "reserved")
        await post(svc, ended, "course/start", {"start_date": "2026-11-09"}, provider(PENZA_ORG))
        race = Race(monkeypatch)

        # annul vs reserve: one wins, the other read a state that is gone and is refused
        first = await race.run(annulment(svc, contested), reservation(svc, contested))
        outcomes = answers(first)
        assert outcomes in ([(200, "annulled"), (409, "state_changed")],
                            [(202, "reservation_pending"), (409, "state_changed")]), outcomes
        final = (await svc.certificate(contested))["state"]
        assert final == ("annulled" if outcomes[0][0] == 200 else "reservation_pending")

        # identical duplicates: every copy is answered from the one that applied
        assert answers(await race.run(*(reservation(svc, doubled) for _ in range(3)))) == [
            (202, "reservation_pending")] * 3
        start = {"start_date": "2026-11-09"}
        assert answers(await race.run(*(post(svc, started, "course/start", start, provider(PENZA_ORG))
                                        for _ in range(3)))) == [(200, "in_service")] * 3
        end = {"end_date": "2026-11-12", "reason": "child_health"}
        assert answers(await race.run(*(post(svc, ended, "course/terminate", end, provider(PENZA_ORG))
                                        for _ in range(3)))) == [(200, "terminated_early")] * 3
        assert answers(await race.run(*(annulment(svc, doubled) for _ in range(3)))) == [(200, "annulled")] * 3

        events = await published(svc, kafka_bootstrap)
        contested_events = events[("CertificateAnnulled", contested)] + events[("ReservationRequested", contested)]
        assert contested_events == 1
        assert events[("ReservationRequested", doubled)] == 1 and events[("CertificateAnnulled", doubled)] == 1
        assert events[("CourseStarted", started)] == 1
        assert events[("CourseStarted", ended)] == 1 and events[("CourseTerminatedEarly", ended)] == 1
        history = (await svc.certificate(doubled))["history"]
        assert [h["command"] for h in history] == ["issue", "reserve", "annul"]


async def test_a_cancellation_racing_the_estimate_is_one_or_the_other_and_nothing_is_dead_lettered(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1)
        await reserve(svc, cid)
        race = Race(monkeypatch)
        cancel = post(svc, cid, "reservation/cancel", None, provider(PENZA_ORG))
        answer, _ = await race.run(cancel, svc.feed(estimate(cid, 9_000_000)))

        if answer.status_code == 200:  # the cancellation won: the estimate, retried, finds nothing to confirm
            expected, event = "issued", "ReservationCancelled"
        else:  # the estimate won: the cancellation read a state that is gone
            assert answer.json()["error"] == "state_changed", answer.text
            expected, event = "reserved", "ReservationConfirmed"
        await svc.wait_consumed(0)
        assert (await svc.wait_state(cid, expected))["state"] == expected
        events = await published(svc, kafka_bootstrap)
        assert events[(event, cid)] == 1
        assert events[("ReservationCancelled", cid)] + events[("ReservationConfirmed", cid)] == 1
        dlq = Topics.dlq(svc.prefix + "kria-certificates", svc.costing_topic)
        assert await read_topic(kafka_bootstrap, dlq, expect=1, timeout_s=5) == []
