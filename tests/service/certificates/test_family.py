"""The family's routes on the broker-free harness: the office links the representative, the family sees only its
own child, chooses a fitting organisation with consent, the organisation then lists the child; the conclusion."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kria_certificates.app import create_app
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from kria_shared.testing.service import bearer
from tests.integration.certificates.flow import PENZA_ORG
from tests.integration.certificates.support import NOW, decision_json, mse, operator, platform, provider, snils_for

PARENT = snils_for(700_000_001)
OTHER_PARENT = snils_for(700_000_002)


def parent(snils: str = PARENT) -> dict[str, str]:
    return bearer("certificates", "legal_representative", snils=snils, subject=f"esia-{snils[-2:]}")


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        assert (await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())).status_code == 200
        yield h


async def issued(h: Harness, n: int, snils: str = PARENT) -> str:
    body = decision_json(n, protocol_number=f"{n}.1.58/2026", municipality="Пенза")
    r = await h.client.post("/v1/mse-decisions", json=body, headers=mse())
    assert r.status_code == 201, r.text
    cid = str(r.json()["certificate_id"])
    r = await h.client.put(f"/v1/certificates/{cid}/representative", json={"snils": snils}, headers=operator())
    assert r.status_code == 200 and r.json()["representative_snils_masked"].endswith(snils[-5:]), r.text
    return cid


async def test_a_family_sees_its_child_and_the_fitting_organisations_only(svc: Harness) -> None:
    mine, theirs = await issued(svc, 1), await issued(svc, 2, OTHER_PARENT)
    listed = (await svc.client.get("/v1/family/children", headers=parent())).json()["items"]
    assert [c["certificate_id"] for c in listed] == [mine]
    r = await svc.client.get(f"/v1/family/children/{mine}", headers=parent())
    assert r.status_code == 200
    child = r.json()
    assert child["child"]["last_name"] == "Тестов" and child["face_values_kopecks"]["semi_inpatient"] > 0
    assert PENZA_ORG in {o["organisation_id"] for o in child["organisations"]}
    assert child["can_choose"] and child["choice"] is None and child["conclusion"] is None
    # another family's child is answered exactly as a missing one
    assert (await svc.client.get(f"/v1/family/children/{theirs}", headers=parent())).status_code == 404
    assert (await svc.client.get("/v1/family/children/cert-none", headers=parent())).status_code == 404
    r = await svc.client.put(f"/v1/family/children/{theirs}/choice", headers=parent(),
                             json={"organisation_id": PENZA_ORG, "form": "inpatient", "consent": True})
    assert r.status_code == 404


async def test_the_choice_needs_consent_and_a_registered_organisation_then_the_organisation_lists_it(
        svc: Harness) -> None:
    cid = await issued(svc, 3)
    url = f"/v1/family/children/{cid}/choice"
    r = await svc.client.put(url, headers=parent(), json={"organisation_id": PENZA_ORG, "form": "inpatient",
                                                          "consent": False})
    assert r.status_code == 422 and r.json()["details"]["field"] == "consent", r.text
    r = await svc.client.put(url, headers=parent(), json={"organisation_id": "org-0000000000", "form": "inpatient",
                                                          "consent": True})
    assert r.status_code == 422 and r.json()["error"] == "unknown_organisation", r.text
    assert (await svc.client.get("/v1/family-choices", headers=provider(PENZA_ORG))).json()["items"] == []
    r = await svc.client.put(url, headers=parent(), json={"organisation_id": PENZA_ORG, "form": "inpatient",
                                                          "consent": True})
    assert r.status_code == 200 and r.json()["choice"]["organisation_id"] == PENZA_ORG, r.text
    chosen = (await svc.client.get("/v1/family-choices", headers=provider(PENZA_ORG))).json()["items"]
    assert [c["certificate_id"] for c in chosen] == [cid] and chosen[0]["form"] == "inpatient"
    other = (await svc.client.get("/v1/family-choices", headers=provider("org-other00000"))).json()
    assert other == {"items": [], "count": 0}  # another organisation: not even a count
    # once reserved the choice is closed, and the organisation's list no longer holds it
    r = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(PENZA_ORG),
                              json={"organisation_id": PENZA_ORG, "form": "inpatient"})
    assert r.status_code == 202, r.text
    r = await svc.client.put(url, headers=parent(), json={"organisation_id": PENZA_ORG, "form": "inpatient",
                                                          "consent": True})
    assert r.status_code == 409 and r.json()["error"] == "choice_closed"
    assert (await svc.client.get("/v1/family-choices", headers=provider(PENZA_ORG))).json()["count"] == 0


async def test_the_family_reads_the_signed_conclusion(svc: Harness) -> None:
    cid = await issued(svc, 4)
    signed = ConclusionSigned(conclusion_id="concl-1", certificate_id=cid, effective=True,
                              signed_at=datetime(2026, 11, 30, 10, tzinfo=UTC), signer_role="head",
                              document_streebog256="ab" * 32)
    assert await svc.deliver(signed) == []
    got = (await svc.client.get(f"/v1/family/children/{cid}", headers=parent())).json()
    assert got["conclusion"]["effective"] is True


async def test_who_may_call_the_family_routes(svc: Harness) -> None:
    cid = await issued(svc, 5)
    assert (await svc.client.get("/v1/family/children", headers=provider(PENZA_ORG))).status_code == 403
    no_snils = bearer("certificates", "legal_representative", subject="esia-x")
    assert (await svc.client.get(f"/v1/family/children/{cid}", headers=no_snils)).status_code == 404
    r = await svc.client.put(f"/v1/certificates/{cid}/representative", json={"snils": "123-456-789 00"},
                             headers=operator())
    assert r.status_code == 422 and r.json()["details"]["field"] == "snils"
    r = await svc.client.put(f"/v1/certificates/{cid}/representative", json={"snils": PARENT}, headers=parent())
    assert r.status_code == 403
