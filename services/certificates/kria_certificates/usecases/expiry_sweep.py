"""Periodic jobs: the expiry sweep (certificates never used within their validity) and the state gauge."""

from __future__ import annotations

from datetime import timedelta

from kria_certificates import metrics
from kria_certificates.domain.access import Actor
from kria_certificates.domain.certificate import StateChanged
from kria_certificates.domain.lifecycle import Command, states_allowing
from kria_certificates.store import repository as store
from kria_certificates.usecases import Deps
from kria_certificates.usecases.transitions import SWEEP, apply
from kria_shared.clock import today_moscow

BATCH = 500


async def expire_due(deps: Deps, actor: Actor = SWEEP) -> int:
    """Expire every not-started certificate whose validity ended before today (Moscow date of the clock)."""
    today = today_moscow(deps.clock)
    expirable = states_allowing(Command.EXPIRE)
    total = 0
    while True:
        async with deps.uows() as uow:
            ids = await store.due_for_expiry(uow.session, today, expirable, BATCH)
            for cid in ids:
                cert = await store.load(uow.session, cid)
                if cert is None or cert.state not in expirable:
                    continue
                try:
                    await apply(uow, cert.expire(today, deps.clock.now()), actor=actor, now=deps.clock.now())
                except StateChanged:  # reserved or annulled at this very moment: nothing stored for it
                    continue
        total += len(ids)
        if len(ids) < BATCH:
            return total


EXPIRY_WARNING_DAYS = 30  # what "about to expire" means for the operators' alert


async def refresh_state_gauge(deps: Deps) -> None:
    today = today_moscow(deps.clock)
    async with deps.db.session() as session:
        counts = await store.counts_by_state_and_region(session)
        metrics.set_state_counts(counts)
        metrics.set_held(await store.held_by_year(session))
        metrics.set_expiring_unused(await store.expiring_unused_by_region(
            session, today, today + timedelta(days=EXPIRY_WARNING_DAYS)), {region for _, region, _ in counts})
