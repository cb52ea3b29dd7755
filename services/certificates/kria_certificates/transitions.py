"""One lifecycle transition: check it against the state machine, record history, emit the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kria_certificates import metrics
from kria_certificates.domain.lifecycle import Command, IllegalTransition, State, next_state
from kria_certificates.errors import illegal
from kria_certificates.models import CertificateRow, HistoryRow
from kria_shared.contracts.common import Payload
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    role: str
    subject: str

    @property
    def label(self) -> str:
        return f"{self.role}:{self.subject}"


COSTING = Actor("system", "costing")
SWEEP = Actor("system", "expiry-sweep")


def check(row: CertificateRow, command: Command) -> State:
    """The state ``command`` leads to, or a 409 naming the current state and the allowed actions."""
    try:
        return next_state(State(row.state), command)
    except IllegalTransition as exc:
        raise illegal(exc) from None


def move(
    uow: UnitOfWork,
    row: CertificateRow,
    command: Command,
    event: Payload,
    *,
    actor: Actor,
    now: datetime,
    cause: Envelope | None = None,
    detail: str | None = None,
) -> Envelope:
    target = check(row, command)
    envelope = uow.emit(event, subject=row.id, cause=cause)
    uow.session.add(HistoryRow(
        certificate_id=row.id, at=now, actor=actor.label, command=command.value, from_state=row.state,
        to_state=target.value, event=envelope.type, event_id=str(envelope.event_id), detail=detail,
    ))
    if row.state != target.value:  # a self-transition (a travel line) keeps the state's start time
        row.state, row.state_since = target.value, now
    uow.session.add(row)
    region = row.region
    metrics.after_commit(uow, lambda: metrics.TRANSITIONS.labels(envelope.type, region).inc())
    return envelope


def clear_reservation(row: CertificateRow) -> None:
    """Back to ``issued``: the certificate is free for another reservation."""
    row.organisation_id = row.form = row.companion = row.value_kopecks = row.reserved_age = None
    row.estimate_id = row.estimate_kopecks = row.reservation_event_id = None
    row.plan = []
