"""The СФР office keeps the provider register over HTTP: add, suspend, reinstate, withdraw, each dated, with its
event, its history kept, and reservations checked against the register on their date (real broker, both stores)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from kria_certificates.domain.register import organisation_id

from .flow import PENZA_ORG, issue_penza_child
from .support import operator, platform, provider, service

pytestmark = pytest.mark.kafka

NEW_NAME = "Новый центр реабилитации Пензы"
NEW_ORG = organisation_id(NEW_NAME)


def addition(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": NEW_NAME, "region": "58", "forms": ["semi_inpatient"], "capacity": 1,
        "lines": [{"target_group": "6", "municipality": "Пенза", "age_band": "14-17"}],
        "effective_on": "2026-11-02", "reason": "приказ отделения СФР № 1",
    }
    body.update(changes)
    return body


async def test_the_office_adds_suspends_reinstates_and_withdraws_with_history_events_and_dated_checks(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        async def reserve(cid: str, org: str, form: str) -> httpx.Response:
            return await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(org),
                                   json={"organisation_id": org, "form": form})

        assert (await svc.client.post("/v1/register/organisations", json=addition(),
                                      headers=provider(NEW_ORG))).status_code == 403
        bad = await svc.client.post("/v1/register/organisations", json=addition(region="77"), headers=operator())
        assert (bad.status_code, bad.json()["details"]["field"]) == (422, "region")
        added = await svc.client.post("/v1/register/organisations", json=addition(), headers=operator())
        assert added.status_code == 201, added.text
        assert (added.json()["status"], added.json()["capacity"], added.json()["forms"]) == (
            "active", 1, ["semi_inpatient"])
        more = addition(lines=[{"target_group": "6", "municipality": "Пенза", "age_band": "до 14"}])
        elsewhere = await svc.client.post("/v1/register/organisations", json={**more, "region": "66"},
                                          headers=operator())
        assert (elsewhere.status_code, elsewhere.json()["details"]["field"]) == (422, "region")
        extended = await svc.client.post("/v1/register/organisations", json=more, headers=operator())
        assert [line["age_band"] for line in extended.json()["lines"]] == ["14-17", "до 14"]

        first, second, third = [await issue_penza_child(svc, n) for n in (1, 2, 3)]
        wrong_form = await reserve(first, NEW_ORG, "inpatient")
        assert (wrong_form.status_code, wrong_form.json()["error"]) == (422, "form_not_registered")
        assert (await reserve(first, NEW_ORG, "semi_inpatient")).status_code == 202
        full = await reserve(second, NEW_ORG, "semi_inpatient")
        assert (full.status_code, full.json()["error"]) == (422, "organisation_at_capacity")

        # the configured organisation suspended today, reinstated from the 5th: refused now, admitted then
        suspend = await svc.client.post(f"/v1/register/organisations/{PENZA_ORG}/suspend", headers=operator(),
                                        json={"effective_on": "2026-11-02", "reason": "проверка лицензии"})
        assert suspend.status_code == 200 and suspend.json()["status"] == "suspended", suspend.text
        back_dated = await svc.client.post(f"/v1/register/organisations/{PENZA_ORG}/reinstate", headers=operator(),
                                           json={"effective_on": "2026-11-01", "reason": "ошибка"})
        assert (back_dated.status_code, back_dated.json()["details"]["field"]) == (422, "effective_on")
        reinstate = await svc.client.post(f"/v1/register/organisations/{PENZA_ORG}/reinstate", headers=operator(),
                                          json={"effective_on": "2026-11-05", "reason": "лицензия подтверждена"})
        assert reinstate.status_code == 200, reinstate.text
        refused = await reserve(third, PENZA_ORG, "inpatient")
        assert (refused.status_code, refused.json()["error"]) == (422, "organisation_suspended")
        today = await svc.client.get("/v1/providers", params={"region": "58"}, headers=operator())
        assert NEW_ORG in {p["organisation_id"] for p in today.json()}
        assert PENZA_ORG not in {p["organisation_id"] for p in today.json()}
        assert (await svc.client.post("/v1/dev/clock", json={"advance_days": 3}, headers=platform())).status_code == 200
        assert (await reserve(third, PENZA_ORG, "inpatient")).status_code == 202

        withdraw = await svc.client.post(f"/v1/register/organisations/{NEW_ORG}/withdraw", headers=operator(),
                                         json={"effective_on": "2026-11-05", "reason": "ликвидация"})
        assert withdraw.json()["status"] == "withdrawn"
        again = await svc.client.post(f"/v1/register/organisations/{NEW_ORG}/reinstate", headers=operator(),
                                      json={"effective_on": "2026-11-06", "reason": "повторно"})
        assert (again.status_code, again.json()["error"]) == (422, "register_change_not_allowed")
        view = await svc.client.get(f"/v1/register/organisations/{NEW_ORG}", params={"on": "2026-11-03"},
                                    headers=provider(NEW_ORG))
        assert view.json()["status"] == "active"  # the history reads the same on every day
        assert [h["kind"] for h in view.json()["history"]] == ["added", "added", "withdrawn"]
        assert view.json()["history"][0]["actor"] == "sfr_operator:operator-1"
        unknown = await svc.client.get("/v1/register/organisations/org-nobody", headers=operator())
        assert unknown.status_code == 404

        assert [e["data"]["effective_on"] for e in await svc.outbox(subject=PENZA_ORG)] == ["2026-11-02", "2026-11-05"]
        kinds = [e["type"] for e in await svc.outbox() if e["type"].startswith("Organisation")]
        assert kinds == ["OrganisationRegistered", "OrganisationRegistered", "OrganisationSuspended",
                         "OrganisationReinstated", "OrganisationWithdrawn"]


async def test_two_changes_made_at_once_record_one(kafka_bootstrap: str, database_url: str, tmp_path: Path) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        async def suspend(reason: str) -> httpx.Response:
            return await svc.client.post(f"/v1/register/organisations/{PENZA_ORG}/suspend", headers=operator(),
                                         json={"effective_on": "2026-11-02", "reason": reason})

        answers = await asyncio.gather(*(suspend(f"проверка {n}") for n in range(4)))
        assert sorted(a.status_code for a in answers)[0] == 200
        assert [a.status_code for a in answers].count(200) == 1, [a.text for a in answers]
        assert all(a.status_code in (200, 409, 422) for a in answers)
        view = await svc.client.get(f"/v1/register/organisations/{PENZA_ORG}", headers=operator())
        assert [h["kind"] for h in view.json()["history"]] == ["suspended"]
        assert len(await svc.outbox("OrganisationSuspended")) == 1
