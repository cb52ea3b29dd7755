"""The child's particulars a conclusion names (issue 16.3), on the broker-free harness: what the signing service
reads while a person of the main bureau composes a conclusion, and who else may read them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kria_certificates.app import create_app
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from kria_shared.testing.service import bearer
from tests.integration.certificates.support import NOW, operator, platform, provider
from tests.service.certificates.test_mse_documents import EXAMPLE, LYUVENA


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        r = await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        yield h


async def issued(h: Harness, n: int = 0) -> str:
    r = await h.client.post("/v1/mse-imports", files={"file": ("export.csv", EXAMPLE.read_bytes(), "text/csv")},
                            headers=operator())
    assert r.status_code == 200, r.text
    return [e["certificate_id"] for e in r.json()["entries"] if e["outcome"] == "issued"][n]


async def test_the_bureau_reads_the_child_the_act_and_the_ipra_of_a_certificate(svc: Harness) -> None:
    cid = await issued(svc)
    for role in ("mse_head", "mse_expert", "sfr_operator"):
        r = await svc.client.get(f"/v1/certificates/{cid}/particulars", headers=bearer("certificates", role))
        assert r.status_code == 200, (role, r.text)
        body = r.json()
        assert body["child"] == {"snils": "123-400-000 70", "full_name": "Смирнов Иван Петрович",
                                 "birth_date": "2012-05-03"}
        assert body["mse_act"]["number"] == "300.8.66/2026" and body["ipra_number"] == "200.8.66/2026"
        assert body["mse_act"]["date"] and body["organisation"] is None  # not reserved yet: no organisation


async def test_a_provider_reads_only_a_child_of_its_own_organisation(svc: Harness) -> None:
    cid = await issued(svc, 1)  # Кузнецова Анна: Лювена's register covers her group
    r = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(LYUVENA),
                              json={"organisation_id": LYUVENA, "form": "semi_inpatient"})
    assert r.status_code in (200, 202), r.text
    own = await svc.client.get(f"/v1/certificates/{cid}/particulars", headers=provider(LYUVENA))
    assert own.status_code == 200, own.text
    assert own.json()["organisation"]["organisation_id"] == LYUVENA
    assert "Лювена" in own.json()["organisation"]["name"]
    other = await svc.client.get(f"/v1/certificates/{cid}/particulars", headers=provider("another-org"))
    assert other.status_code == 404 and "Кузнецова" not in other.text


async def test_the_platform_operator_and_the_federal_bureau_see_no_particulars(svc: Harness) -> None:
    cid = await issued(svc)
    for headers in (platform(), bearer("certificates", "federal_mse")):
        r = await svc.client.get(f"/v1/certificates/{cid}/particulars", headers=headers)
        assert r.status_code == 403 and "Смирнов" not in r.text
    unknown = await svc.client.get("/v1/certificates/no-such/particulars", headers=bearer("certificates", "mse_head"))
    assert unknown.status_code == 404
