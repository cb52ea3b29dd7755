"""The certificates service's HTTP rules on the broker-free harness, one behaviour per test.

costing's estimate is delivered through the service's own consumer path, answering the reservation as costing
would (its causation id is the ReservationRequested event); the same answers over the real broker, and the
expiry sweep with its metrics, stay in tests/integration/certificates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kria_certificates.app import create_app
from kria_certificates.domain.register import organisation_id
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from tests.integration.certificates.flow import PENZA_ORG, estimate
from tests.integration.certificates.support import NOW, decision_json, mse, operator, platform, provider

START = {"start_date": "2026-11-09"}


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        r = await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        yield h


async def issue(h: Harness, n: int) -> str:
    body = decision_json(n, protocol_number=f"{n}.1.58/2026", municipality="Пенза")
    r = await h.client.post("/v1/mse-decisions", json=body, headers=mse())
    assert r.status_code == 201, r.text
    return str(r.json()["certificate_id"])


async def reserve(h: Harness, cid: str, org: str = PENZA_ORG, **body: Any) -> Any:
    return await h.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(org),
                               json={"organisation_id": org, "form": "inpatient", **body})


async def reserved(h: Harness, n: int = 1) -> str:
    """A certificate reserved by the Penza organisation: costing's estimate delivered as costing answers it."""
    cid = await issue(h, n)
    assert (await reserve(h, cid, companion=True)).status_code == 202
    [requested] = await h.outbox("ReservationRequested", cid)
    assert await h.deliver(estimate(cid, 9_000_000), cause=str(requested.event_id)) == []
    return cid


async def start(h: Harness, cid: str, body: dict[str, str] = START) -> Any:
    return await h.client.post(f"/v1/certificates/{cid}/course/start", json=body, headers=provider(PENZA_ORG))


async def test_a_course_cannot_start_on_a_certificate_not_reserved_to_the_provider(svc: Harness) -> None:
    cid = await issue(svc, 1)
    assert (await start(svc, cid)).status_code == 404  # nothing of it is the provider's to see


async def test_a_course_cannot_start_while_the_reservation_is_pending(svc: Harness) -> None:
    cid = await issue(svc, 1)
    await reserve(svc, cid)
    early = await start(svc, cid)
    assert (early.status_code, early.json()["details"]["state"]) == (409, "reservation_pending")
    assert "confirm_reservation" in early.json()["details"]["allowed"]


async def test_costings_estimate_confirms_the_reservation(svc: Harness) -> None:
    cid = await reserved(svc)
    r = await svc.client.get(f"/v1/certificates/{cid}", headers=operator())
    assert r.json()["state"] == "reserved"


async def test_another_organisation_does_not_see_the_certificate(svc: Harness) -> None:
    cid = await issue(svc, 1)
    await reserve(svc, cid)
    stranger = provider("org-0000000000")
    assert (await svc.client.get(f"/v1/certificates/{cid}", headers=stranger)).status_code == 404
    assert (await svc.client.get("/v1/certificates", headers=stranger)).json()["count"] == 0


async def test_the_reserving_provider_sees_the_child(svc: Harness) -> None:
    cid = await issue(svc, 1)
    await reserve(svc, cid)
    mine = await svc.client.get(f"/v1/certificates/{cid}", headers=provider(PENZA_ORG))
    assert mine.json()["child"]["last_name"] == "Тестов"


async def test_the_platform_operator_sees_no_personal_data(svc: Harness) -> None:
    cid = await issue(svc, 1)
    assert (await svc.client.get(f"/v1/certificates/{cid}", headers=platform())).json()["child"] is None


@pytest.mark.parametrize("body", [{"start_date": "2026-13-01"}, {}, {"start_date": "2026-10-01"}],
                         ids=["not_a_date", "missing", "before_the_decision"])
async def test_a_bad_start_date_is_refused_naming_it(svc: Harness, body: dict[str, str]) -> None:
    cid = await reserved(svc)
    r = await start(svc, cid, body)
    assert r.status_code == 422, r.text
    assert "start_date" in str(r.json())


async def test_reserving_a_reserved_certificate_again_is_a_conflict(svc: Harness) -> None:
    cid = await reserved(svc)
    twice = await reserve(svc, cid)
    assert (twice.status_code, twice.json()["details"]["state"]) == (409, "reserved")


async def test_a_provider_reserves_only_for_its_own_organisation(svc: Harness) -> None:
    cid = await issue(svc, 2)
    r = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider("org-0000000000"),
                              json={"organisation_id": PENZA_ORG, "form": "inpatient"})
    assert (r.status_code, r.json()["error"]) == (403, "not_your_organisation")


async def test_an_organisation_not_registered_for_the_child_is_refused(svc: Harness) -> None:
    cid = await issue(svc, 2)
    sverdlovsk = organisation_id("Государственное автономное учреждение Свердловской области "
                                 "«Областной центр реабилитации инвалидов»")
    r = await reserve(svc, cid, org=sverdlovsk)
    assert (r.status_code, r.json()["error"]) == (422, "organisation_not_registered")


async def test_an_unknown_form_is_refused_naming_it(svc: Harness) -> None:
    cid = await issue(svc, 2)
    r = await reserve(svc, cid, form="day_care")
    assert r.status_code == 422 and "form" in str(r.json())


async def test_an_unknown_certificate_is_not_found(svc: Harness) -> None:
    assert (await svc.client.get("/v1/certificates/cert-none", headers=operator())).status_code == 404


async def test_annulling_twice_is_a_conflict_with_nothing_allowed(svc: Harness) -> None:
    cid = await issue(svc, 4)
    first = await svc.client.post(f"/v1/certificates/{cid}/annul", json={"reason": "moved_out_of_region"},
                                  headers=operator())
    assert (first.status_code, first.json()["state"]) == (200, "annulled")
    again = await svc.client.post(f"/v1/certificates/{cid}/annul", json={"reason": "duplicate"}, headers=operator())
    assert (again.status_code, again.json()["details"]["allowed"]) == (409, [])


async def test_a_provider_cannot_annul(svc: Harness) -> None:
    cid = await issue(svc, 4)
    r = await svc.client.post(f"/v1/certificates/{cid}/annul", json={"reason": "death"}, headers=provider(PENZA_ORG))
    assert r.status_code == 403


async def test_an_unknown_state_filter_is_refused(svc: Harness) -> None:
    assert (await svc.client.get("/v1/certificates?state=nonsense", headers=operator())).status_code == 422


async def test_the_summary_report_is_not_for_providers(svc: Harness) -> None:
    assert (await svc.client.get("/v1/reports/summary", headers=provider(PENZA_ORG))).status_code == 403
