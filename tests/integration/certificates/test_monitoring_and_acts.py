"""The monitoring report (order 525н) and the settlement acts, computed from the store, on the real broker and both
stores: signing's verdicts arrive on its topic, the XLSX is read back and its figures checked against the data, and a
second process on the same store gives the same report (nothing comes from restartable counters)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from openpyxl import load_workbook

from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.testing.kafka import eventually

from .flow import INPATIENT_VALUE, PENZA_ORG, estimate, issue_penza_child, reserve, settled
from .support import Service, operator, platform, provider, service

pytestmark = pytest.mark.kafka


async def sign(svc: Service, cid: str, *, effective: bool, reason: str | None = None) -> None:
    payload = ConclusionSigned(conclusion_id=str(uuid.uuid4()), certificate_id=cid, effective=effective,
                               signed_at=datetime(2026, 12, 1, 9, tzinfo=UTC), signer_role="head",
                               document_streebog256="0" * 64, reason=reason)
    env = Envelope(type="ConclusionSigned", source="kria/signing", subject=cid, correlation_id=str(uuid.uuid4()),
                   data=payload.model_dump(mode="json"))
    producer = AIOKafkaProducer(bootstrap_servers=svc.bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for _ in range(2):  # a redelivery is taken once
            await producer.send_and_wait(svc.prefix + Topics.SIGNING, value=env.to_bytes(), key=env.key)
    finally:
        await producer.stop()


async def course(svc: Service, n: int, *, end: str, paid: int, reason: str | None = None) -> str:
    cid = await issue_penza_child(svc, n)
    await reserve(svc, cid)
    await svc.feed(estimate(cid, 9_800_000))
    await svc.wait_state(cid, "reserved")
    mine = provider(PENZA_ORG)
    r = await svc.client.post(f"/v1/certificates/{cid}/course/start", json={"start_date": "2026-11-09"}, headers=mine)
    assert r.status_code == 200, r.text
    if reason is None:
        r = await svc.client.post(f"/v1/certificates/{cid}/course/complete", json={"end_date": end}, headers=mine)
    else:
        r = await svc.client.post(f"/v1/certificates/{cid}/course/terminate", json={"end_date": end, "reason": reason},
                                  headers=mine)
    assert r.status_code == 200, r.text
    await svc.feed(settled(cid, paid, outcome="completed" if reason is None else "terminated_early"))
    await svc.wait_state(cid, "settled")
    return cid


def sheet(body: bytes, name: str) -> list[dict[str, Any]]:
    rows = list(load_workbook(io.BytesIO(body), read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


async def test_monitoring_report_and_acts_from_the_stores(kafka_bootstrap: str, database_url: str,
                                                          tmp_path: Path) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        done = await course(svc, 1, end="2026-11-29", paid=9_500_000)
        early = await course(svc, 2, end="2026-11-15", paid=4_000_000, reason="family_refused_course")
        annulled = await issue_penza_child(svc, 3)
        r = await svc.client.post(f"/v1/certificates/{annulled}/annul", json={"reason": "duplicate"},
                                  headers=operator())
        assert r.status_code == 200, r.text
        await issue_penza_child(svc, 4)
        await sign(svc, done, effective=True)
        await sign(svc, early, effective=False, reason="family_refused_course")

        async def verdicts_in() -> bool:
            r = await svc.client.get("/v1/reports/monitoring", params={"year": 2026}, headers=operator())
            return bool(r.json()["total"]["conclusions_signed"] == 2)

        await eventually(verdicts_in, timeout_s=30)
        xlsx = await svc.client.get("/v1/reports/monitoring/xlsx", params={"year": 2026}, headers=platform())
        assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxml")
        assert (await svc.client.get("/v1/reports/monitoring/xlsx", params={"year": 2026},
                                     headers=provider(PENZA_ORG))).status_code == 403

        acts = await svc.client.get("/v1/settlements", params={"from": "2026-11-01", "to": "2026-11-30"},
                                    headers=operator())
        assert acts.status_code == 200, acts.text
        body = acts.json()
        assert [a["certificate_id"] for a in body["items"]] == sorted([done, early], key=lambda c: f"act-{c}")
        by_cid = {a["certificate_id"]: a for a in body["items"]}
        assert by_cid[early]["act"]["outcome"] == "terminated_early"
        assert by_cid[early]["act"]["delivered"][0]["delivered"] == 16
        assert by_cid[early]["payment"] == {"payee_organisation_id": PENZA_ORG, "value_kopecks": INPATIENT_VALUE,
                                            "to_pay_kopecks": 4_000_000,
                                            "released_kopecks": INPATIENT_VALUE - 4_000_000}
        assert body["totals"]["to_pay_kopecks"] == 13_500_000
        assert (await svc.client.get("/v1/settlements", params={"from": "2026-12-01"},
                                     headers=operator())).json()["count"] == 0
        assert (await svc.client.get("/v1/settlements", headers=provider("org-0000000000"))).json()["count"] == 0

    # the summary sheet opens with its title and period: its header is row 4
    summary = list(load_workbook(io.BytesIO(xlsx.content))["Итого"].iter_rows(min_row=4, values_only=True))
    row = dict(zip(summary[0], summary[1], strict=True))
    assert (row["Выдано сертификатов"], row["Использовано сертификатов (начат курс)"], row["Аннулировано"],
            row["Истёк срок действия"]) == (4, 2, 1, 0)
    assert (row["Детей получили услуги"], row["Курсов завершено"], row["Курсов прекращено досрочно"]) == (2, 1, 1)
    assert (row["Заключений подписано"], row["Эффективно"], row["Неэффективно"], row["Доля эффективных, %"]) == (
        2, 1, 1, 50)
    assert row["Неэффективно: отказ семьи от курса"] == 1 and row["Неэффективно: состояние здоровья ребёнка"] == 0
    assert Decimal(str(row["Оплачено организациям, руб."])) == Decimal("135000.00")
    assert Decimal(str(row["Зарезервировано, руб."])) == Decimal(2 * INPATIENT_VALUE) / 100
    assert Decimal(str(row["Высвобождено, руб."])) == Decimal(2 * INPATIENT_VALUE - 13_500_000) / 100
    org, unreserved = sheet(xlsx.content, "По организациям")  # the never-reserved certificates' row "—" last
    assert org["Организация (код)"] == PENZA_ORG and org["Наименование организации"] == "Демо-центр реабилитации 58 №1"
    assert (unreserved["Организация (код)"], unreserved["Выдано сертификатов"], unreserved["Аннулировано"]) == (
        "—", 2, 1)
    assert (org["Выдано сертификатов"], org["Использовано сертификатов (начат курс)"]) == (2, 2)
    assert [r["Регион (код)"] for r in sheet(xlsx.content, "По регионам")] == ["58"]

    async with service(kafka_bootstrap, database_url, tmp_path) as again:  # a new process on the same store
        same = await again.client.get("/v1/reports/monitoring", params={"year": 2026}, headers=operator())
        assert same.json()["total"]["settled_kopecks"] == 13_500_000
        assert same.json()["total"]["effective_share"] == {"effective": 1, "signed": 2, "percent": 50.0}
        half = await again.client.get("/v1/reports/monitoring", params={"year": 2026, "period": "h1"},
                                      headers=operator())
        assert half.json()["total"]["issued"] == 0 and half.json()["by_region"] == []
