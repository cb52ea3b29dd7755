"""Kafka handlers: the costing service's events about our certificates (topic kria.costing.v1)."""

from __future__ import annotations

from kria_certificates import settlement, store
from kria_certificates.models import CertificateRow
from kria_shared.clock import Clock
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.envelope import Envelope
from kria_shared.errors import DomainError
from kria_shared.uow import UnitOfWork


class CostingHandlers:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def _certificate(self, uow: UnitOfWork, cid: str) -> CertificateRow:
        row = await store.certificate(uow.session, cid, for_update=True)
        if row is None:  # never "not yet": certificates exist before costing hears of them
            raise DomainError("unknown_certificate", f"no certificate {cid} in this store")
        return row

    async def on_estimate_calculated(self, uow: UnitOfWork, env: Envelope, e: EstimateCalculated) -> None:
        row = await self._certificate(uow, e.certificate_id)
        settlement.on_estimate_calculated(uow, row, e, self.clock.now(), env)

    async def on_estimate_rejected(self, uow: UnitOfWork, env: Envelope, e: EstimateRejected) -> None:
        row = await self._certificate(uow, e.certificate_id)
        settlement.on_estimate_rejected(uow, row, e, self.clock.now(), env)

    async def on_cost_settled(self, uow: UnitOfWork, env: Envelope, e: CostSettled) -> None:
        row = await self._certificate(uow, e.certificate_id)
        await settlement.on_cost_settled(uow, row, e, self.clock.now(), env)
