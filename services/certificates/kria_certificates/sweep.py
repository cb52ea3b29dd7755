"""Periodic jobs: the expiry sweep (certificates never used within their validity) and the state gauge."""

from __future__ import annotations

from datetime import timedelta

from kria_certificates import metrics, store
from kria_certificates.context import ServiceContext
from kria_certificates.domain.lifecycle import Command, states_allowing
from kria_certificates.transitions import SWEEP, Actor, move
from kria_shared.clock import today_moscow
from kria_shared.contracts.certificates import CertificateExpired

BATCH = 500


async def expire_due(ctx: ServiceContext, actor: Actor = SWEEP) -> int:
    """Expire every not-started certificate whose validity ended before today (Moscow date of the clock)."""
    today = today_moscow(ctx.clock)
    expirable = states_allowing(Command.EXPIRE)
    total = 0
    while True:
        async with ctx.uows() as uow:
            ids = await store.due_for_expiry(uow.session, today, expirable, BATCH)
            for cid in ids:
                row = await store.certificate(uow.session, cid, for_update=True)
                if row is None or row.state not in expirable:
                    continue
                row.expired_on = today
                move(uow, row, Command.EXPIRE, CertificateExpired(certificate_id=cid, expired_on=today),
                     actor=actor, now=ctx.clock.now())
        total += len(ids)
        if len(ids) < BATCH:
            return total


EXPIRY_WARNING_DAYS = 30  # what "about to expire" means for the operators' alert


async def refresh_state_gauge(ctx: ServiceContext) -> None:
    today = today_moscow(ctx.clock)
    async with ctx.db.session() as session:
        counts = await store.counts_by_state_and_region(session)
        metrics.set_state_counts(counts)
        metrics.set_held(await store.held_by_year(session))
        metrics.set_expiring_unused(await store.expiring_unused_by_region(
            session, today, today + timedelta(days=EXPIRY_WARNING_DAYS)), {region for _, region, _ in counts})
