"""Two decisions for one child taken at the same time: at most one active certificate, on both stores."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.store import repository as store

from .support import Service, decision_json, export_file, export_row, mse, operator, service

pytestmark = pytest.mark.kafka

SNILS = decision_json(80)["snils"]


def race_on_the_active_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first two checks both read before either decision is stored: the race the lock-free read allows."""
    real = store.has_active_certificate
    both_read = asyncio.Barrier(2)
    calls = 0

    async def racing(session: AsyncSession, child_id: str) -> bool:
        nonlocal calls
        calls += 1
        found = await real(session, child_id)
        if calls <= 2:
            await asyncio.wait_for(both_read.wait(), timeout=20)
        return found

    monkeypatch.setattr(store, "has_active_certificate", racing)


async def take(svc: Service, channel: str, n: int) -> dict[str, Any]:
    """Decision ``n`` for the child: its own protocol number, the same SNILS."""
    protocol = f"{800 + n}.8.66/2026"
    if channel == "json":
        r = await svc.client.post("/v1/mse-decisions", headers=mse(),
                                  json=decision_json(n, protocol_number=protocol, snils=SNILS))
        assert r.status_code in (200, 201), r.text
        return dict(r.json())
    data = export_file([export_row(n, **{"СНИЛС": SNILS, "№ протокола": protocol})])
    r = await svc.client.post("/v1/mse-imports", files={"file": ("one.csv", data, "text/csv")}, headers=mse())
    assert r.status_code == 200, r.text
    return dict(r.json()["entries"][0])


@pytest.mark.parametrize("channel", ["json", "import"])
async def test_two_decisions_for_one_child_at_once_issue_one_certificate_and_refuse_the_other(
    kafka_bootstrap: str, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, channel: str
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        # a child already in the store whose first certificate was annulled (a duplicate): free to get one again
        first = await take(svc, "json", 1)
        annul = await svc.client.post(f"/v1/certificates/{first['certificate_id']}/annul", headers=operator(),
                                      json={"reason": "duplicate"})
        assert annul.status_code == 200, annul.text

        race_on_the_active_check(monkeypatch)
        results = await asyncio.gather(take(svc, channel, 2), take(svc, channel, 3))

        assert sorted((r["outcome"], r["code"]) for r in results) == [
            ("issued", None), ("refused", "active_certificate_exists")]
        listed = (await svc.client.get("/v1/certificates?region=66", headers=operator())).json()["items"]
        assert sorted(i["state"] for i in listed) == ["annulled", "issued"]
        assert len(await svc.outbox("CertificateIssued")) == 2  # the first and the winner: the loser sent nothing
        refused = await svc.outbox("DecisionRefused")
        assert [e["data"]["code"] for e in refused] == ["active_certificate_exists"]
