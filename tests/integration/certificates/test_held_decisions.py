"""A year without its own pilot region list: its decisions are held (stored, answered, visible to the operator),
never refused or issued on the previous year's list, and taken up once the list is configured (at restart)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kria_certificates.config.loader import default_config
from kria_certificates.domain.pilot import PilotRegions
from kria_shared.testing.kafka import eventually

from .support import decision_json, mse, operator, platform, service

pytestmark = pytest.mark.kafka


def in_2028(n: int) -> dict[str, object]:
    return decision_json(n, protocol_number=f"{900 + n}.8.66/2028", decided_on="2028-03-15",
                         birth_date="2018-05-03", disability_established_on="2028-03-01")


async def test_a_decision_of_a_year_without_a_list_is_held_then_taken_up_when_the_list_arrives(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        r = await svc.client.post("/v1/mse-decisions", json=in_2028(1), headers=mse())
        assert (r.status_code, r.json()["outcome"], r.json()["code"]) == (202, "held", "pilot_regions_not_configured")
        assert "2028" in r.json()["message"] and r.json()["certificate_id"] is None
        again = await svc.client.post("/v1/mse-decisions", json=in_2028(1), headers=operator())
        assert (again.status_code, again.json()["replayed"], again.json()["outcome"]) == (202, True, "held")
        status = (await svc.client.get("/v1/admin/held-decisions", headers=platform())).json()
        assert (status["held"], status["by_year"], status["error"]) == (1, {"2028": 1}, "pilot_regions_not_configured")
        assert "2028" in status["message"]
        taken = (await svc.client.post("/v1/admin/held-decisions/take-up", headers=operator())).json()
        assert (taken["decided"], taken["held"]) == (0, 1)  # still no list: nothing is decided on a guess
        metrics = (await svc.client.get("/metrics")).text
        assert 'kria_certificates_held_decisions{year="2028"} 1.0' in metrics
        assert await svc.outbox("CertificateIssued") == [] and await svc.outbox("DecisionRefused") == []
        prefix = svc.prefix

    base = default_config()
    with_2028 = replace(base, pilot=PilotRegions(base.pilot.version + "+2028",
                                                 {**base.pilot.by_year, 2028: base.pilot.regions_in(2026)}))
    async with service(kafka_bootstrap, database_url, tmp_path, config=with_2028, prefix=prefix) as svc:
        async def issued() -> bool:
            return len(await svc.outbox("CertificateIssued")) == 1

        await eventually(issued, timeout_s=20)  # taken up at start
        status = (await svc.client.get("/v1/admin/held-decisions", headers=platform())).json()
        assert status["held"] == 0 and "error" not in status
        resend = await svc.client.post("/v1/mse-decisions", json=in_2028(1), headers=mse())
        assert (resend.status_code, resend.json()["outcome"], resend.json()["replayed"]) == (200, "issued", True)
        assert resend.json()["certificate_id"] == (await svc.outbox("CertificateIssued"))[0]["data"]["certificate_id"]
