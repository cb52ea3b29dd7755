"""Store one change of the aggregate: compare-and-set the certificate, record history, emit the event."""

from __future__ import annotations

from datetime import datetime

from kria_certificates import metrics
from kria_certificates.domain.access import Actor
from kria_certificates.domain.certificate import Certificate, Change, state_changed
from kria_certificates.domain.idempotency import CommandKey
from kria_certificates.domain.lifecycle import Command
from kria_certificates.store import repository as store
from kria_certificates.store.models import HistoryRow
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork

COSTING = Actor("system", "costing")
SWEEP = Actor("system", "expiry-sweep")


async def apply(
    uow: UnitOfWork, change: Change, *, actor: Actor, now: datetime, cause: Envelope | None = None,
    replay_only: bool = False, key: CommandKey | None = None,
) -> Certificate:
    """The certificate as stored after ``change``; a replay stores and emits nothing.

    ``replay_only``: the second reading of a command that lost a race; only an identical repeat is answered,
    anything else would apply a command decided on a state that is gone.
    """
    if change.event is None:
        return change.certificate
    if replay_only:
        raise state_changed(change.certificate.id)
    saved = await store.save(uow.session, change.certificate)  # first: a loser adds nothing to the session
    envelope = uow.emit(change.event, subject=saved.id, cause=cause)
    if change.command is Command.RESERVE:  # the estimate must answer this very event (its id exists only now)
        saved = await store.save(uow.session, saved.awaiting(str(envelope.event_id)))
    uow.session.add(HistoryRow(
        certificate_id=saved.id, at=now, actor=actor.label, command=change.command.value,
        from_state=change.from_state.value, to_state=saved.state.value, event=envelope.type,
        event_id=str(envelope.event_id), detail=change.detail,
        idempotency_key=key.key if key else None, request_digest=key.digest if key else None,
    ))
    region = saved.region
    metrics.after_commit(uow, lambda: metrics.TRANSITIONS.labels(envelope.type, region).inc())
    return saved
