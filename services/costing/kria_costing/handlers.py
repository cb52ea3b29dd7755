"""Event handlers: reservation -> estimate; course start/end, journal and protocol -> settlement.

Events of one certificate are ordered within a topic but not across topics: every handler stores what
arrived and settlement happens when its pieces are all held (usecases/cost_settlement.py); nothing raises for "not yet".
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from kria_costing.domain.course_progress import CourseEnd
from kria_costing.domain.estimate import Accepted, EstimateRequest, Rejected, estimate
from kria_costing.domain.price_table import PriceTable
from kria_costing.domain.standards import LineKey
from kria_costing.metrics import ESTIMATE_LATENCY, ESTIMATES, after_commit
from kria_costing.store import courses, price_lists
from kria_costing.store.models import EstimateRow
from kria_costing.usecases import CostingDeps
from kria_costing.usecases.cost_settlement import advance
from kria_shared.clock import today_moscow
from kria_shared.contracts.assessment import ActivitiesRecorded, ProtocolSubmitted
from kria_shared.contracts.certificates import (
    CourseCompleted,
    CourseStarted,
    CourseTerminatedEarly,
    ReservationRequested,
)
from kria_shared.contracts.common import PlanLine
from kria_shared.contracts.costing import AccompanyingCost, EstimateCalculated, EstimateRejected
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork

log = logging.getLogger("kria.costing")
ESTIMATE_IDS = uuid.UUID("6f1d7c3e-2b0a-4d55-9a57-c0571e5ea7e1")  # namespace: estimate id = f(reservation event)


class Handlers:
    def __init__(self, deps: CostingDeps) -> None:
        self.catalogue = deps.config
        self.clock = deps.clock
        self._tables: dict[tuple[str, int], PriceTable] = {}  # approved price lists never change: safe to keep

    async def _price_table(self, uow: UnitOfWork, organisation_id: str) -> PriceTable | None:
        version = await price_lists.current_version(uow.session, organisation_id, on=today_moscow(self.clock))
        if version is None:
            return None
        key = (organisation_id, version)
        if key not in self._tables:
            data = await price_lists.prices(uow.session, organisation_id, version)
            if data is None:
                return None
            self._tables[key] = PriceTable.from_json(data)
        return self._tables[key]

    async def on_reservation_requested(self, uow: UnitOfWork, envelope: Envelope, p: ReservationRequested) -> None:
        table = await self._price_table(uow, p.organisation_id)
        plan: dict[LineKey, int] | None = None
        if p.plan is not None:  # the organisation's individual plan; absent: the standard's average mix
            plan = {}
            for item in p.plan:
                key = LineKey(item.direction, item.activity_type, item.delivery)
                plan[key] = plan.get(key, 0) + item.count
        request = EstimateRequest(p.target_group, p.age_years, p.form, p.companion, p.days, p.value_kopecks, plan)
        result = estimate(request, self.catalogue, table)
        row = EstimateRow(
            estimate_id=str(uuid.uuid5(ESTIMATE_IDS, f"{p.certificate_id}/{envelope.event_id}")),
            certificate_id=p.certificate_id, organisation_id=p.organisation_id, outcome="calculated",
            target_group=p.target_group, age_years=p.age_years, form=str(p.form), companion=p.companion,
            days=p.days, value_kopecks=p.value_kopecks, created_at=self.clock.now(),
            price_list_version=table.version if table else None,
        )
        if isinstance(result, Accepted):
            self._calculated(uow, envelope, p, row, result)
        else:
            self._rejected(uow, envelope, p, row, result)
        uow.session.add(row)
        latency = max(0.0, time.time() - envelope.time.timestamp())
        reason = row.reason or "none"

        def record() -> None:
            ESTIMATES.labels(row.outcome, reason).inc()
            ESTIMATE_LATENCY.observe(latency)

        after_commit(uow, record)

    def _calculated(
        self, uow: UnitOfWork, envelope: Envelope, p: ReservationRequested, row: EstimateRow, result: Accepted
    ) -> None:
        cost = result.cost
        plan = [
            PlanLine(direction=i.key.direction, activity_type=i.key.activity_type, delivery=i.key.delivery,
                     planned=i.planned, min=i.min, max=i.max, unit_price_kopecks=i.unit_price_kopecks)
            for i in cost.lines
        ]
        row.standard_version = result.standard_version
        row.plan = [line.model_dump(mode="json") for line in plan]
        row.per_day = dict(cost.per_day)
        row.course_kopecks, row.per_day_kopecks = cost.course_kopecks, cost.per_day_kopecks
        row.accompanying_kopecks, row.total_kopecks = cost.accompanying_kopecks, cost.total_kopecks
        uow.emit(EstimateCalculated(
            certificate_id=p.certificate_id, estimate_id=row.estimate_id, organisation_id=p.organisation_id,
            price_list_version=row.price_list_version or "", standard_version=result.standard_version, form=p.form,
            plan=plan, course_kopecks=cost.course_kopecks,
            accompanying=AccompanyingCost(days=cost.days, per_day_kopecks=cost.per_day_kopecks,
                                          total_kopecks=cost.accompanying_kopecks),
            total_kopecks=cost.total_kopecks, value_kopecks=p.value_kopecks,
        ), subject=p.certificate_id, cause=envelope)

    def _rejected(
        self, uow: UnitOfWork, envelope: Envelope, p: ReservationRequested, row: EstimateRow, result: Rejected
    ) -> None:
        row.outcome, row.reason, row.total_kopecks = "rejected", result.reason, result.total_kopecks
        log.info("estimate rejected", extra={"certificate_id": p.certificate_id, "reason": result.reason})
        uow.emit(EstimateRejected(
            certificate_id=p.certificate_id, organisation_id=p.organisation_id, reason=result.reason,
            total_kopecks=result.total_kopecks, value_kopecks=p.value_kopecks, detail=result.detail,
        ), subject=p.certificate_id, cause=envelope)

    async def on_course_started(self, uow: UnitOfWork, envelope: Envelope, p: CourseStarted) -> None:
        await advance(uow, p.certificate_id, lambda c: c.started(p.estimate_id), envelope, self.clock,
                      organisation_id=p.organisation_id, value_kopecks=p.value_kopecks, start_date=p.start_date)

    async def on_course_completed(self, uow: UnitOfWork, envelope: Envelope, p: CourseCompleted) -> None:
        end = CourseEnd("completed", p.end_date, p.days_used)
        await advance(uow, p.certificate_id, lambda c: c.ended(end), envelope, self.clock)

    async def on_course_terminated_early(self, uow: UnitOfWork, envelope: Envelope, p: CourseTerminatedEarly) -> None:
        end = CourseEnd("terminated_early", p.end_date, p.days_used)
        await advance(uow, p.certificate_id, lambda c: c.ended(end), envelope, self.clock, end_reason=str(p.reason))

    async def on_activities_recorded(self, uow: UnitOfWork, envelope: Envelope, p: ActivitiesRecorded) -> None:
        rows: list[dict[str, Any]] = [
            {"certificate_id": p.certificate_id, "entry_id": e.entry_id, "batch_id": p.batch_id,
             "direction": str(e.direction), "activity_type": str(e.activity_type), "delivery": str(e.delivery),
             "status": e.status, "on_date": e.on}
            for e in p.entries
        ]
        await courses.upsert_entries(uow.session, rows)

    async def on_protocol_submitted(self, uow: UnitOfWork, envelope: Envelope, p: ProtocolSubmitted) -> None:
        await advance(uow, p.certificate_id, lambda c: c.protocol_submitted(p.protocol_id), envelope, self.clock)
