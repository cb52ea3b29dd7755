"""Building blocks of lifecycle scenarios: a Penza child, its reservation, costing's answers."""

from __future__ import annotations

from typing import Any

from kria_certificates.domain.register import organisation_id
from kria_shared.contracts.common import ActivityType, Delivery, Direction, PlanLine, ServiceForm
from kria_shared.contracts.costing import AccompanyingCost, CostSettled, EstimateCalculated, SettlementLine

from .support import Service, decision_json, mse, provider

PENZA_ORG = organisation_id("Демо-центр реабилитации 58 №1")
INPATIENT_VALUE = 11_539_500  # the 2026 default row of face_values.yaml
PLAN = [PlanLine(direction=Direction.ADAPTIVE_PE, activity_type=ActivityType.PRACTICAL, delivery=Delivery.GROUP,
                 planned=16, min=12, max=20, unit_price_kopecks=150_000)]


async def issue_penza_child(svc: Service, n: int, **changes: Any) -> str:
    body = decision_json(n, protocol_number=f"{n}.1.58/2026", municipality="Пенза", **changes)
    r = await svc.client.post("/v1/mse-decisions", json=body, headers=mse())
    assert r.status_code == 201, r.text
    cid: str = r.json()["certificate_id"]
    return cid


async def reserve(svc: Service, cid: str, org: str = PENZA_ORG, form: str = "inpatient") -> None:
    r = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(org),
                              json={"organisation_id": org, "form": form, "companion": True})
    assert r.status_code == 202, r.text


def estimate(cid: str, total: int, *, estimate_id: str = "est-1", org: str = PENZA_ORG,
             form: ServiceForm = ServiceForm.INPATIENT) -> EstimateCalculated:
    return EstimateCalculated(
        certificate_id=cid, estimate_id=estimate_id, organisation_id=org, price_list_version="pl-1",
        standard_version="std-2023", form=form, plan=PLAN, course_kopecks=total - 1_000_000,
        accompanying=AccompanyingCost(days=21, per_day_kopecks=47_619, total_kopecks=1_000_000),
        total_kopecks=total, value_kopecks=INPATIENT_VALUE,
    )


def settled(cid: str, paid: int, *, outcome: str = "completed", estimate_id: str = "est-1") -> CostSettled:
    return CostSettled.model_validate({
        "certificate_id": cid, "estimate_id": estimate_id, "outcome": outcome,
        "lines": [SettlementLine(direction="adaptive_pe", activity_type="practical", delivery="group", delivered=16,
                                 unit_price_kopecks=150_000, total_kopecks=2_400_000).model_dump()],
        "activities_kopecks": paid - 1_000_000,
        "accompanying": {"days": 21, "per_day_kopecks": 47_619, "total_kopecks": 1_000_000},
        "actual_kopecks": paid, "value_kopecks": INPATIENT_VALUE, "paid_kopecks": paid,
        "released_kopecks": INPATIENT_VALUE - paid,
    })
