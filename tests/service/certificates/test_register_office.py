"""The СФР office's register over HTTP on the broker-free harness, one behaviour per test: each use case
(add, change a status, read an organisation, list the providers) and the refusal the domain names. Dated
reservations against the register and its events over the real broker stay in tests/integration/certificates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kria_certificates.app import create_app
from kria_certificates.domain.register import organisation_id
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from tests.integration.certificates.flow import PENZA_ORG
from tests.integration.certificates.support import NOW, operator, platform, provider

NEW_NAME = "Новый центр реабилитации Пензы"
NEW_ORG = organisation_id(NEW_NAME)
ORGANISATIONS = "/v1/register/organisations"


def addition(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": NEW_NAME, "region": "58", "forms": ["semi_inpatient"], "capacity": 1,
        "lines": [{"target_group": "6", "municipality": "Пенза", "age_band": "14-17"}],
        "effective_on": "2026-11-02", "reason": "приказ отделения СФР № 1",
    }
    body.update(changes)
    return body


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        r = await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        yield h


async def test_an_added_organisation_is_answered_active_with_its_terms_and_announced(svc: Harness) -> None:
    added = await svc.client.post(ORGANISATIONS, json=addition(), headers=operator())
    assert added.status_code == 201, added.text
    assert (added.json()["status"], added.json()["capacity"], added.json()["forms"]) == (
        "active", 1, ["semi_inpatient"])
    [event] = await svc.outbox("OrganisationRegistered", NEW_ORG)
    assert event.data["region"] == "58"


async def test_a_provider_cannot_add_to_the_register(svc: Harness) -> None:
    assert (await svc.client.post(ORGANISATIONS, json=addition(), headers=provider(NEW_ORG))).status_code == 403


async def test_an_addition_outside_the_pilot_names_the_region(svc: Harness) -> None:
    bad = await svc.client.post(ORGANISATIONS, json=addition(region="77"), headers=operator())
    assert (bad.status_code, bad.json()["error"], bad.json()["details"]["field"]) == (
        422, "region_not_in_pilot", "region")


async def test_a_group_outside_the_eleven_names_its_line(svc: Harness) -> None:
    lines = [{"target_group": "6", "municipality": "Пенза", "age_band": "14-17"},
             {"target_group": "12", "municipality": "Пенза", "age_band": "14-17"}]
    bad = await svc.client.post(ORGANISATIONS, json=addition(lines=lines), headers=operator())
    assert (bad.status_code, bad.json()["error"], bad.json()["details"]["field"]) == (
        422, "unknown_target_group", "lines.1.target_group"), bad.text


async def test_a_suspension_is_read_back_with_its_history(svc: Harness) -> None:
    suspended = await svc.client.post(f"{ORGANISATIONS}/{PENZA_ORG}/suspend", headers=operator(),
                                      json={"effective_on": "2026-11-02", "reason": "проверка лицензии"})
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended", suspended.text
    read = (await svc.client.get(f"{ORGANISATIONS}/{PENZA_ORG}", headers=operator())).json()
    assert [h["kind"] for h in read["history"]] == ["suspended"]
    listed = await svc.client.get("/v1/providers", params={"region": "58"}, headers=operator())
    assert PENZA_ORG not in {p["organisation_id"] for p in listed.json()}


async def test_a_reinstatement_of_an_active_organisation_is_refused_on_the_organisation(svc: Harness) -> None:
    refused = await svc.client.post(f"{ORGANISATIONS}/{PENZA_ORG}/reinstate", headers=operator(),
                                    json={"effective_on": "2026-11-02", "reason": "ошибка"})
    assert (refused.status_code, refused.json()["error"], refused.json()["details"]["field"]) == (
        422, "register_change_not_allowed", "organisation_id")


async def test_an_unknown_organisation_is_not_found(svc: Harness) -> None:
    assert (await svc.client.get(f"{ORGANISATIONS}/org-nobody00000", headers=operator())).status_code == 404
    changed = await svc.client.post(f"{ORGANISATIONS}/org-nobody00000/withdraw", headers=operator(),
                                    json={"effective_on": "2026-11-02", "reason": "нет"})
    assert changed.status_code == 404
