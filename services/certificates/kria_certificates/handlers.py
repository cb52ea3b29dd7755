"""Kafka handlers: the costing service's events about our certificates (kria.costing.v1) and signing's verdicts."""

from __future__ import annotations

from kria_certificates import settlement, store
from kria_certificates.models import CertificateRow, ConclusionSeenRow
from kria_shared.clock import Clock
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.contracts.signing import ConclusionSigned
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


class SigningHandlers:
    """The signing service's signed conclusions: the monitoring report's verdicts and reasons (a read model)."""

    async def on_conclusion_signed(self, uow: UnitOfWork, env: Envelope, e: ConclusionSigned) -> None:
        # one conclusion per protocol: a re-published signature (new event id) is the same verdict, kept once
        if await uow.session.get(ConclusionSeenRow, e.conclusion_id) is None:
            uow.session.add(ConclusionSeenRow(conclusion_id=e.conclusion_id, certificate_id=e.certificate_id,
                                              effective=e.effective, reason=None if e.effective else e.reason,
                                              signed_at=e.signed_at, event_id=str(env.event_id)))
