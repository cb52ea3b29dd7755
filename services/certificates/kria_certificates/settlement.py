"""Reactions to the costing service: confirm or reject a reservation, settle the actual cost.

Events of another topic may come late, twice or for a reservation that no longer exists: a reaction
applies only when the certificate is in the state and reservation it refers to (an estimate names its
reservation by its envelope's causation id), and otherwise leaves
it unchanged (logged). A settlement that comes before the course end is parked and applied at the end.
"""

from __future__ import annotations

import logging
from datetime import datetime

from kria_certificates import metrics, store
from kria_certificates.domain.lifecycle import Command, State
from kria_certificates.models import CertificateRow, ParkedSettlementRow, SettlementActRow
from kria_certificates.transitions import COSTING, clear_reservation, move
from kria_shared.clock import MOSCOW
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork

log = logging.getLogger("kria.certificates.settlement")


def _awaits_estimate(row: CertificateRow, cause: Envelope, organisation_id: str, form: str | None = None) -> bool:
    """The estimate answers this very reservation: costing's envelope is caused by its ReservationRequested.

    Organisation and form alone would let a late answer to an earlier, cancelled reservation decide a newer
    one. A row reserved before the event id was kept (``None``) falls back to them.
    """
    return (row.state == State.RESERVATION_PENDING and row.organisation_id == organisation_id
            and (form is None or row.form == form)
            and (row.reservation_event_id is None or cause.causation_id == row.reservation_event_id))


def _reject(uow: UnitOfWork, row: CertificateRow, reason: str, now: datetime, cause: Envelope) -> None:
    move(uow, row, Command.REJECT_RESERVATION,
         ev.ReservationRejected(certificate_id=row.id, organisation_id=row.organisation_id or "", reason=reason),
         actor=COSTING, now=now, cause=cause, detail=reason)
    clear_reservation(row)


def on_estimate_calculated(uow: UnitOfWork, row: CertificateRow, e: EstimateCalculated, now: datetime,
                           cause: Envelope) -> None:
    if not _awaits_estimate(row, cause, e.organisation_id, e.form.value):
        log.info("estimate %s ignored: certificate %s is %s", e.estimate_id, row.id, row.state)
        return
    value = row.value_kopecks or 0
    if e.total_kopecks > value:  # costing should have rejected it; the value is a hard ceiling here too
        _reject(uow, row, "exceeds_certificate_value", now, cause)
        return
    row.estimate_id, row.estimate_kopecks = e.estimate_id, e.total_kopecks
    row.plan = [line.model_dump(mode="json") for line in e.plan]
    move(uow, row, Command.CONFIRM_RESERVATION, ev.ReservationConfirmed(
        certificate_id=row.id, organisation_id=e.organisation_id, estimate_id=e.estimate_id,
        estimate_kopecks=e.total_kopecks, value_kopecks=value,
    ), actor=COSTING, now=now, cause=cause, detail=e.estimate_id)


def on_estimate_rejected(uow: UnitOfWork, row: CertificateRow, e: EstimateRejected, now: datetime,
                         cause: Envelope) -> None:
    if not _awaits_estimate(row, cause, e.organisation_id):
        log.info("estimate rejection ignored: certificate %s is %s", row.id, row.state)
        return
    _reject(uow, row, e.reason, now, cause)


def settle(uow: UnitOfWork, row: CertificateRow, e: CostSettled, now: datetime, cause: Envelope | None) -> None:
    row.actual_kopecks, row.paid_kopecks, row.released_kopecks = e.actual_kopecks, e.paid_kopecks, e.released_kopecks
    uow.session.add(act_of(row, e, now))
    move(uow, row, Command.SETTLE, ev.CertificateSettled(
        certificate_id=row.id, paid_kopecks=e.paid_kopecks, released_kopecks=e.released_kopecks,
    ), actor=COSTING, now=now, cause=cause, detail=e.estimate_id)
    region, paid, released = row.region, e.paid_kopecks, e.released_kopecks
    metrics.after_commit(uow, lambda: metrics.count_settlement(region, paid, released))


def act_of(row: CertificateRow, e: CostSettled, now: datetime) -> SettlementActRow:
    """The act (what was delivered, at what cost) and payment record (to pay, released) of this settlement."""
    return SettlementActRow(
        act_id=f"act-{row.id}", certificate_id=row.id, settled_at=now, settled_on=now.astimezone(MOSCOW).date(),
        region=row.region, organisation_id=row.organisation_id or "", target_group=row.main_group,
        form=row.form or "", outcome=e.outcome, start_date=row.start_date, end_date=row.end_date,
        days_used=row.days_used, estimate_id=e.estimate_id, lines=[line.model_dump(mode="json") for line in e.lines],
        activities_kopecks=e.activities_kopecks, accompanying=e.accompanying.model_dump(mode="json"),
        actual_kopecks=e.actual_kopecks, value_kopecks=e.value_kopecks, paid_kopecks=e.paid_kopecks,
        released_kopecks=e.released_kopecks,
    )


async def on_cost_settled(uow: UnitOfWork, row: CertificateRow, e: CostSettled, now: datetime,
                          cause: Envelope) -> None:
    if row.state in (State.COMPLETED, State.TERMINATED_EARLY):
        settle(uow, row, e, now, cause)
    elif row.state in (State.RESERVED, State.IN_SERVICE):
        if await store.parked_settlement(uow.session, row.id) is None:
            uow.session.add(ParkedSettlementRow(certificate_id=row.id, payload=e.model_dump(mode="json"),
                                                event_id=str(cause.event_id), received_at=now))
    else:
        log.info("settlement ignored: certificate %s is %s", row.id, row.state)


async def apply_parked_settlement(uow: UnitOfWork, row: CertificateRow, now: datetime) -> None:
    parked = await store.parked_settlement(uow.session, row.id)
    if parked is not None:
        settle(uow, row, CostSettled.model_validate(parked.payload), now, cause=None)
        await uow.session.delete(parked)
