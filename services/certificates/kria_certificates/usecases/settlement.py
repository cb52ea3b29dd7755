"""Reactions to the costing service: confirm or reject a reservation, settle the actual cost.

Events of another topic may come late, twice or for a reservation that no longer exists: a reaction
applies only when the certificate is in the state and reservation it refers to (an estimate names its
reservation by its envelope's causation id), and otherwise leaves it unchanged (logged). A settlement that
comes before the course end is parked and applied at the end. The rules are the aggregate's.
"""

from __future__ import annotations

import logging
from datetime import datetime

from kria_certificates import metrics
from kria_certificates.domain.certificate import Certificate, Change, Parked, unknown_certificate
from kria_certificates.store import repository as store
from kria_certificates.store.models import ParkedSettlementRow, SettlementActRow
from kria_certificates.usecases.transitions import COSTING, apply
from kria_shared.clock import MOSCOW
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork

log = logging.getLogger("kria.certificates.settlement")


async def _certificate(uow: UnitOfWork, cid: str) -> Certificate:
    cert = await store.load(uow.session, cid)
    if cert is None:  # never "not yet": certificates exist before costing hears of them
        raise unknown_certificate(cid)
    return cert


async def on_estimate_calculated(uow: UnitOfWork, e: EstimateCalculated, now: datetime, cause: Envelope) -> None:
    cert = await _certificate(uow, e.certificate_id)
    change = cert.answer_estimate(e, cause.causation_id, now)
    if change is None:
        log.info("estimate %s ignored: certificate %s is %s", e.estimate_id, cert.id, cert.state)
        return
    await apply(uow, change, actor=COSTING, now=now, cause=cause)


async def on_estimate_rejected(uow: UnitOfWork, e: EstimateRejected, now: datetime, cause: Envelope) -> None:
    cert = await _certificate(uow, e.certificate_id)
    change = cert.answer_rejection(e, cause.causation_id, now)
    if change is None:
        log.info("estimate rejection ignored: certificate %s is %s", cert.id, cert.state)
        return
    await apply(uow, change, actor=COSTING, now=now, cause=cause)


async def settle(uow: UnitOfWork, cert: Certificate, change: Change, e: CostSettled, now: datetime,
                 cause: Envelope | None) -> Certificate:
    """Store the aggregate's settlement ``change`` with its act and payment record."""
    settled = await apply(uow, change, actor=COSTING, now=now, cause=cause)
    if change.event is not None:  # a replay's act was recorded with its first settlement
        uow.session.add(act_of(settled, e, now))
    region, paid, released = cert.region, e.paid_kopecks, e.released_kopecks
    metrics.after_commit(uow, lambda: metrics.count_settlement(region, paid, released))
    return settled


def act_of(cert: Certificate, e: CostSettled, now: datetime) -> SettlementActRow:
    """The act (what was delivered, at what cost) and payment record (to pay, released) of this settlement."""
    return SettlementActRow(
        act_id=f"act-{cert.id}", certificate_id=cert.id, settled_at=now, settled_on=now.astimezone(MOSCOW).date(),
        region=cert.region, organisation_id=cert.organisation_id or "", target_group=cert.main_group,
        form=cert.form or "", outcome=e.outcome, start_date=cert.start_date, end_date=cert.end_date,
        days_used=cert.days_used, estimate_id=e.estimate_id, lines=[line.model_dump(mode="json") for line in e.lines],
        activities_kopecks=e.activities_kopecks, accompanying=e.accompanying.model_dump(mode="json"),
        actual_kopecks=e.actual_kopecks, value_kopecks=e.value_kopecks, paid_kopecks=e.paid_kopecks,
        released_kopecks=e.released_kopecks,
    )


async def on_cost_settled(uow: UnitOfWork, e: CostSettled, now: datetime, cause: Envelope) -> None:
    cert = await _certificate(uow, e.certificate_id)
    outcome = cert.receive_settlement(e, now)
    if isinstance(outcome, Parked):
        if await store.parked_settlement(uow.session, cert.id) is None:
            uow.session.add(ParkedSettlementRow(certificate_id=cert.id, payload=e.model_dump(mode="json"),
                                                event_id=str(cause.event_id), received_at=now))
    elif outcome is not None:
        await settle(uow, cert, outcome, e, now, cause)
    else:
        log.info("settlement ignored: certificate %s is %s", cert.id, cert.state)


async def apply_parked_settlement(uow: UnitOfWork, cert: Certificate, now: datetime) -> Certificate:
    parked = await store.parked_settlement(uow.session, cert.id)
    if parked is None:
        return cert
    e = CostSettled.model_validate(parked.payload)
    settled = await settle(uow, cert, cert.settle(e, now), e, now, cause=None)
    await uow.session.delete(parked)
    return settled

