"""Kafka handlers: the costing service's events about our certificates (kria.costing.v1) and signing's verdicts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from kria_certificates.domain.certificate import Certificate, StateChanged
from kria_certificates.store import repository as store
from kria_certificates.store.models import ConclusionSeenRow
from kria_certificates.usecases import settlement
from kria_shared.clock import Clock
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError, TransientError
from kria_shared.uow import UnitOfWork


@asynccontextmanager
async def _retried_on_race() -> AsyncIterator[None]:
    """A command changed the certificate meanwhile: the consumer retries the record, which reads it again."""
    try:
        yield
    except StateChanged as exc:
        raise TransientError(str(exc)) from exc


class CostingHandlers:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def _certificate(self, uow: UnitOfWork, cid: str) -> Certificate:
        cert = await store.load(uow.session, cid)
        if cert is None:  # never "not yet": certificates exist before costing hears of them
            raise DomainError("unknown_certificate", f"no certificate {cid} in this store")
        return cert

    async def on_estimate_calculated(self, uow: UnitOfWork, env: Envelope, e: EstimateCalculated) -> None:
        async with _retried_on_race():
            cert = await self._certificate(uow, e.certificate_id)
            await settlement.on_estimate_calculated(uow, cert, e, self.clock.now(), env)

    async def on_estimate_rejected(self, uow: UnitOfWork, env: Envelope, e: EstimateRejected) -> None:
        async with _retried_on_race():
            cert = await self._certificate(uow, e.certificate_id)
            await settlement.on_estimate_rejected(uow, cert, e, self.clock.now(), env)

    async def on_cost_settled(self, uow: UnitOfWork, env: Envelope, e: CostSettled) -> None:
        async with _retried_on_race():
            cert = await self._certificate(uow, e.certificate_id)
            await settlement.on_cost_settled(uow, cert, e, self.clock.now(), env)


class SigningHandlers:
    """The signing service's signed conclusions: the monitoring report's verdicts and reasons (a read model)."""

    async def on_conclusion_signed(self, uow: UnitOfWork, env: Envelope, e: ConclusionSigned) -> None:
        # one conclusion per protocol: a re-published signature (new event id) is the same verdict, kept once
        if await uow.session.get(ConclusionSeenRow, e.conclusion_id) is None:
            uow.session.add(ConclusionSeenRow(conclusion_id=e.conclusion_id, certificate_id=e.certificate_id,
                                              effective=e.effective, reason=None if e.effective else e.reason,
                                              signed_at=e.signed_at, event_id=str(env.event_id)))
