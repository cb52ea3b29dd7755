"""Events of the costing service (topic kria.costing.v1, key = certificate id)."""

from __future__ import annotations

from typing import Literal

from kria_shared.contracts.common import Kopecks, Payload, PlanLine, ServiceForm


class AccompanyingCost(Payload):
    days: int
    per_day_kopecks: Kopecks
    total_kopecks: Kopecks


class EstimateCalculated(Payload):
    certificate_id: str
    estimate_id: str
    organisation_id: str
    price_list_version: str
    standard_version: str
    form: ServiceForm
    plan: list[PlanLine]
    course_kopecks: Kopecks
    accompanying: AccompanyingCost
    total_kopecks: Kopecks
    value_kopecks: Kopecks


class EstimateRejected(Payload):
    certificate_id: str
    organisation_id: str
    reason: Literal[
        "exceeds_certificate_value", "no_approved_price_list", "standard_not_covered",
        "invalid_course_days",  # the reservation asked for a course of zero or fewer days
        "standards_changed",  # the approved price list was computed for standards since replaced
    ]
    total_kopecks: Kopecks | None = None
    value_kopecks: Kopecks
    detail: str | None = None  # why, for a person: e.g. the lines of an individual plan outside the standard


class SettlementLine(Payload):
    direction: str
    activity_type: str
    delivery: str
    delivered: int
    unit_price_kopecks: Kopecks
    total_kopecks: Kopecks  # paid_count × unit price
    # Added for the settlement act (issue 16.4); absent in events from before it. paid_count = min(delivered,
    # planned): deliveries beyond the plan are recorded, not paid.
    planned: int | None = None
    paid_count: int | None = None


class CostSettled(Payload):
    certificate_id: str
    estimate_id: str
    outcome: Literal["completed", "terminated_early"]
    lines: list[SettlementLine]
    activities_kopecks: Kopecks
    accompanying: AccompanyingCost
    actual_kopecks: Kopecks
    value_kopecks: Kopecks
    paid_kopecks: Kopecks
    released_kopecks: Kopecks


class PriceListApproved(Payload):
    organisation_id: str
    version: str
    lines: int


EVENTS: dict[str, type[Payload]] = {
    "EstimateCalculated": EstimateCalculated,
    "EstimateRejected": EstimateRejected,
    "CostSettled": CostSettled,
    "PriceListApproved": PriceListApproved,
}
