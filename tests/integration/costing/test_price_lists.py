"""An economist's price lists over HTTP, on both stores: draft, derivation, approval, supersession (the refusals,
one per test, are in tests/service/costing on the broker-free harness)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kria_shared.testing.service import bearer, running

from .support import ORDER, Costing, example_normalisation, head, provider

pytestmark = pytest.mark.kafka


async def test_draft_derivation_approval_and_immutability(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    org = "org-penza-1"
    async with running(costing.app) as client:
        created = await client.post(f"/v1/organisations/{org}/price-lists", json=example_normalisation(),
                                    headers=provider(org))
        assert created.status_code == 201, created.text
        draft = created.json()
        assert (draft["version"], draft["status"]) == (1, "draft")
        assert max(c["total_kopecks"] for c in draft["course_totals"]) <= 11_539_500

        one = await client.get(f"/v1/organisations/{org}/price-lists/1", params={"group": "2", "form": "inpatient"},
                               headers=bearer("costing", "sfr_operator"))
        assert one.status_code == 200
        derivation = one.json()["derivation"]
        assert {(p["group"], p["form"]) for p in derivation["prices"]} == {("2", "inpatient")}
        psychologist = next(s for s in derivation["specialists"] if s["code"] == "psychologist")
        assert psychologist["computation"] == "52000.00 × 12 × (1 + 0.302) / 1437.00 = 565.3779"
        assert one.json()["inputs"]["specialists"]["psychologist"]["monthly_salary_rub"] == "52000"

        approved = await client.post(f"/v1/organisations/{org}/price-lists/1/approve", json=ORDER, headers=head(org))
        assert approved.status_code == 200 and approved.json()["status"] == "approved"
        again = await client.post(f"/v1/organisations/{org}/price-lists/1/approve", json=ORDER, headers=head(org))
        assert again.status_code == 409
        assert again.json()["details"] == {"state": "approved", "allowed": []}

        second = await client.post(f"/v1/organisations/{org}/price-lists", json=example_normalisation(),
                                   headers=provider(org))
        assert second.json()["version"] == 2
        listing = (await client.get(f"/v1/organisations/{org}/price-lists", headers=provider(org))).json()
        assert listing["current_version"] == 1
        assert [(p["version"], p["status"]) for p in listing["price_lists"]] == [(1, "approved"), (2, "draft")]

    events = await costing.costing_events(expect=1)
    assert [(e.type, e.subject, e.data["version"]) for e in events] == [("PriceListApproved", org, "1")]


async def test_an_older_draft_cannot_displace_a_newer_approved_list(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    org = "org-penza-3"
    url = f"/v1/organisations/{org}/price-lists"
    async with running(costing.app) as client:
        for _ in range(2):
            assert (await client.post(url, json=example_normalisation(), headers=provider(org))).status_code == 201
        assert (await client.post(f"{url}/2/approve", json=ORDER, headers=head(org))).status_code == 200

        older = await client.post(f"{url}/1/approve", json=ORDER, headers=head(org))
        assert older.status_code == 409
        assert (older.json()["error"], older.json()["details"]) == (
            "superseded", {"state": "draft", "allowed": ["create_draft"]})
        listing = (await client.get(url, headers=provider(org))).json()
        assert listing["current_version"] == 2
        assert [(p["version"], p["status"]) for p in listing["price_lists"]] == [(1, "draft"), (2, "approved")]

        # a newer draft approved later does become current
        assert (await client.post(url, json=example_normalisation(), headers=provider(org))).status_code == 201
        assert (await client.post(f"{url}/3/approve", json=ORDER, headers=head(org))).status_code == 200
        assert (await client.get(url, headers=provider(org))).json()["current_version"] == 3
