"""Kafka handlers: the costing service's events about our certificates (kria.costing.v1) and signing's verdicts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from kria_certificates.domain.certificate import StateChanged
from kria_certificates.usecases import conclusions, settlement
from kria_shared.clock import Clock
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.envelope import Envelope
from kria_shared.errors import TransientError
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

    async def on_estimate_calculated(self, uow: UnitOfWork, env: Envelope, e: EstimateCalculated) -> None:
        async with _retried_on_race():
            await settlement.on_estimate_calculated(uow, e, self.clock.now(), env)

    async def on_estimate_rejected(self, uow: UnitOfWork, env: Envelope, e: EstimateRejected) -> None:
        async with _retried_on_race():
            await settlement.on_estimate_rejected(uow, e, self.clock.now(), env)

    async def on_cost_settled(self, uow: UnitOfWork, env: Envelope, e: CostSettled) -> None:
        async with _retried_on_race():
            await settlement.on_cost_settled(uow, e, self.clock.now(), env)


class SigningHandlers:
    """The signing service's signed conclusions: the monitoring report's verdicts and reasons (a read model)."""

    async def on_conclusion_signed(self, uow: UnitOfWork, env: Envelope, e: ConclusionSigned) -> None:
        await conclusions.on_conclusion_signed(uow, e, env)
