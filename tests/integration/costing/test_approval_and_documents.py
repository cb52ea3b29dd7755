"""Four eyes on a прейскурант: the economist drafts, the head approves it by an order; the region's ministry and the
СФР office read every approved list; the documents download from the API; an individual plan is estimated and
settled in full."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kria_costing.documents import rendering
from kria_shared.contracts.certificates import ReservationRequested
from kria_shared.contracts.common import PlanCount
from kria_shared.testing.kafka import eventually
from kria_shared.testing.service import bearer, running

from .support import (
    ORDER,
    Costing,
    activities,
    completed,
    course_started,
    envelope,
    example_normalisation,
    head,
    new_id,
    protocol,
    provider,
)

pytestmark = pytest.mark.kafka
ORG = "org-approve-1"


async def test_the_head_approves_by_an_order_and_the_ministry_reads_approved_lists(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    url = f"/v1/organisations/{ORG}/price-lists"
    ministry = bearer("costing", "region_ministry", subject="minsoc-58")
    async with running(costing.app) as client:
        assert (await client.post(url, json=example_normalisation(), headers=provider(ORG))).status_code == 201

        assert (await client.post(f"{url}/1/approve", json=ORDER, headers=provider(ORG))).status_code == 403
        assert (await client.post(f"{url}/1/approve", json=ORDER, headers=head("org-other"))).status_code == 403
        drafter = bearer("costing", "provider", "provider_head", org=ORG, subject=f"economist-of-{ORG}")
        own = await client.post(f"{url}/1/approve", json=ORDER, headers=drafter)
        assert (own.status_code, own.json()["error"]) == (403, "drafter_cannot_approve")
        early = await client.post(f"{url}/1/approve", headers=head(ORG),
                                  json={**ORDER, "effective_from": "2026-02-01"})
        assert early.status_code == 422 and early.json()["details"]["field"] == "effective_from"
        nameless = await client.post(f"{url}/1/approve", headers=head(ORG), json={**ORDER, "order_number": ""})
        assert nameless.status_code == 422 and nameless.json()["detail"][0]["loc"] == ["body", "order_number"]
        # nothing half-saved: still a draft, unseen by the ministry
        assert (await client.get(f"{url}/1", headers=provider(ORG))).json()["status"] == "draft"
        assert (await client.get(url, headers=ministry)).json()["price_lists"] == []
        assert (await client.get(f"{url}/1", headers=ministry)).status_code == 404

        approved = await client.post(f"{url}/1/approve", json=ORDER, headers=head(ORG))
        assert approved.status_code == 200, approved.text
        body = approved.json()
        assert (body["status"], body["approved_by"]) == ("approved", f"head-of-{ORG}")
        assert body["order"] == {"number": "17-п", "date": "2026-02-10", "effective_from": "2026-02-20"}
        assert (await client.post(f"{url}/1/approve", json=ORDER, headers=head(ORG))).status_code == 409

        assert (await client.post(url, json=example_normalisation(), headers=provider(ORG))).status_code == 201
        listing = (await client.get(url, headers=ministry)).json()
        assert [(p["version"], p["status"]) for p in listing["price_lists"]] == [(1, "approved")]
        assert (await client.get(f"{url}/1", headers=ministry)).status_code == 200
        for reader in (ministry, bearer("costing", "sfr_operator")):
            every = (await client.get("/v1/price-lists", headers=reader)).json()["price_lists"]
            assert [(p["organisation_id"], p["version"]) for p in every] == [(ORG, 1)]
        assert (await client.get("/v1/price-lists", headers=provider(ORG))).status_code == 403

        xlsx = await client.get(f"{url}/1/document.xlsx", headers=ministry)
        assert xlsx.status_code == 200 and "preyskurant" in xlsx.headers["content-disposition"]
        book = load_workbook(io.BytesIO(xlsx.content))
        assert {"Исходные данные", "Расчёт", "ЦРГ 2 полустац", "ЦРГ 11 стац"} <= set(book.sheetnames)
        pdf = await client.get(f"{url}/1/document.pdf", headers=head(ORG))
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages[:1])
        assert "№ 17-п" in " ".join(text.split())
        assert (await client.get(f"{url}/2/document.pdf", headers=ministry)).status_code == 404  # a draft
        workers = rendering.worker_pids()
        assert workers  # the PDF was rendered in worker processes
    # the service's stop ends them: nothing is left rendering after it
    async def all_gone() -> bool:
        return not any(_alive(pid) for pid in workers)

    await eventually(all_gone, timeout_s=10)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # exited, not yet reaped


def plan_for(standard: dict[str, Any]) -> list[PlanCount]:
    """Inside every range of ЦРГ 5 for ages under 14, but not the average mix: individual lines at their top, group
    lines at their bottom, then topped up to the course minimum."""
    counts, tops = {}, {}
    for line in standard["lines"]:
        c, key = line["counts"]["до 14"], (line["direction"], line["activity_type"], line["delivery"])
        if c["max"]:
            counts[key] = c["max"] if line["delivery"] == "individual" else c["min"]
            tops[key] = c["max"]
    for key in counts:
        while sum(counts.values()) < 120 and counts[key] < tops[key]:
            counts[key] += 1
    return [PlanCount(direction=d, activity_type=a, delivery=dl, count=n) for (d, a, dl), n in counts.items()]


async def test_an_individual_plan_is_estimated_and_settled_in_full(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    costing = Costing(kafka_bootstrap, database_url, tmp_path)
    cid = new_id()
    async with running(costing.app) as client:
        await client.post(f"/v1/organisations/{ORG}/price-lists", json=example_normalisation(), headers=provider(ORG))
        await client.post(f"/v1/organisations/{ORG}/price-lists/1/approve", json=ORDER, headers=head(ORG))
        standard = (await client.get("/v1/standards?group=5", headers=provider(ORG))).json()["standards"][0]
        assert (standard["origin"], standard["year"]) == ("official", "2022")
        every = (await client.get("/v1/standards", headers=provider(ORG))).json()
        assert [s["code"] for s in every["service_standards"]] == ["hearing_aid"]
        assert every["service_standards"][0]["working_days"] == {"min": 6, "max": 21}
        assert [s["code"] for s in every["superseded"]] == ["2@2022"]
        plan = plan_for(standard)
        assert sum(p.count for p in plan) >= 120
        await costing.publish(envelope(ReservationRequested(
            certificate_id=cid, organisation_id=ORG, region="58", target_group="5", age_years=9,
            form="semi_inpatient", companion=False, days=21, value_kopecks=8_000_000, plan=plan), cid))
        events = await costing.costing_events(expect=2)
        estimate = next(e.data for e in events if e.type == "EstimateCalculated")
        planned = {(line["direction"], line["activity_type"], line["delivery"]): line["planned"]
                   for line in estimate["plan"]}
        assert planned == {(p.direction, p.activity_type, p.delivery): p.count for p in plan if p.count}

        last = protocol(cid, ORG)
        await costing.publish(course_started(estimate, ORG, value=8_000_000),
                              activities(cid, ORG, estimate["plan"]), completed(cid, ORG), last)
        await eventually(lambda: costing.processed(last), timeout_s=30)
        settled = next(e.data for e in await costing.costing_events(expect=3) if e.type == "CostSettled")
        assert settled["paid_kopecks"] == estimate["total_kopecks"]  # delivered as planned: nothing underpaid
