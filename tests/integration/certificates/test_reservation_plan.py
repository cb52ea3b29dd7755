"""The organisation's individual course plan travels on the reservation to costing (an optional field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .flow import PENZA_ORG, issue_penza_child
from .support import provider, service

pytestmark = pytest.mark.kafka

PLAN = [{"direction": "adaptive_pe", "activity_type": "practical", "delivery": "group", "count": 9},
        {"direction": "social_pedagogical", "activity_type": "practical", "delivery": "individual", "count": 12}]


async def test_a_reservation_carries_the_individual_plan(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        cid = await issue_penza_child(svc, 1)
        bad = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(PENZA_ORG), json={
            "organisation_id": PENZA_ORG, "form": "inpatient", "plan": [{**PLAN[0], "count": -1}]})
        assert bad.status_code == 422 and "plan" in bad.text  # refused before anything is stored
        r = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(PENZA_ORG),
                                  json={"organisation_id": PENZA_ORG, "form": "inpatient", "plan": PLAN})
        assert r.status_code == 202, r.text
        requested = (await svc.outbox("ReservationRequested"))
        assert len(requested) == 1 and requested[0]["data"]["plan"] == PLAN
