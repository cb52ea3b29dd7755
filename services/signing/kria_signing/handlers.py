"""Event handlers: a submitted protocol becomes exactly one draft conclusion, however often it arrives —
once the organisation's signature of it has been verified; otherwise it is refused, with its reason."""

from __future__ import annotations

from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_shared.contracts.certificates import CertificateIssued
from kria_shared.contracts.signing import ConclusionDrafted, ProtocolRefused
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork
from kria_signing.domain.organisation_signature import ProtocolRefused as Refusal
from kria_signing.metrics import (
    CONCLUSIONS,
    CRITERION_POINTS,
    DUPLICATE_PROTOCOLS,
    PROTOCOLS_REFUSED,
    conclusion_reason_label,
)
from kria_signing.store import conclusions as store
from kria_signing.store.models import CertificateRegionRow, ProtocolRefusalRow
from kria_signing.usecases import SigningDeps
from kria_signing.usecases.drafting import draft
from kria_signing.usecases.protocol_gate import ProtocolGate


class ProtocolHandlers:
    def __init__(self, deps: SigningDeps, *, gate: ProtocolGate) -> None:
        self.methodology = deps.config.methodology
        self.clock = deps.clock
        self.gate = gate

    async def on_protocol_submitted(self, uow: UnitOfWork, envelope: Envelope, payload: ProtocolSubmitted) -> None:
        # The inbox drops a redelivered event; a protocol re-published under a new event id stops here.
        if await store.by_protocol(uow.session, payload.protocol_id) is not None:
            uow.after_commit(DUPLICATE_PROTOCOLS.inc)
            return
        try:
            await self.gate.check(payload)
        except Refusal as refusal:
            self._refuse(uow, envelope, payload, refusal)
            return
        # only the draft: its document names the child and the signer, composed at the signer's act
        row, result = draft(payload, self.methodology, self.clock.now())
        uow.session.add(row)
        uow.emit(
            ConclusionDrafted(
                conclusion_id=row.id, certificate_id=row.certificate_id, protocol_id=row.protocol_id,
                methodology_version=result.methodology_version, points=result.points, total_points=result.total,
                effective=result.effective, reason=row.reason,
            ),
            subject=payload.certificate_id, cause=envelope,
        )
        # Counted on commit only: a failed batch is rolled back and replayed record by record.
        verdict = "effective" if result.effective else "ineffective"
        reason = conclusion_reason_label(result.effective, row.reason)
        scored = [(criterion.code, str(criterion.points)) for criterion in result.criteria]
        uow.after_commit(lambda: _count_draft(verdict, reason, scored))

    def _refuse(self, uow: UnitOfWork, envelope: Envelope, payload: ProtocolSubmitted, refusal: Refusal) -> None:
        """Kept and announced, not dead-lettered: replaying the event cannot fix it, the organisation re-signs."""
        now = self.clock.now()
        reason = str(refusal.refusal)
        uow.session.add(ProtocolRefusalRow(
            event_id=str(envelope.event_id), protocol_id=payload.protocol_id, certificate_id=payload.certificate_id,
            organisation_id=payload.organisation_id, reason=reason, detail=refusal.detail, refused_at=now))
        uow.emit(ProtocolRefused(certificate_id=payload.certificate_id, protocol_id=payload.protocol_id,
                                 organisation_id=payload.organisation_id, reason=reason, detail=refusal.detail,
                                 refused_at=now),
                 subject=payload.certificate_id, cause=envelope)
        uow.after_commit(lambda: PROTOCOLS_REFUSED.labels(reason).inc())


class CertificateHandlers:
    """The certificates service's CertificateIssued: only the certificate's region is kept (no personal data)."""

    async def on_certificate_issued(self, uow: UnitOfWork, envelope: Envelope, payload: CertificateIssued) -> None:
        if await uow.session.get(CertificateRegionRow, payload.certificate_id) is None:
            uow.session.add(CertificateRegionRow(certificate_id=payload.certificate_id, region=payload.region))


def _count_draft(verdict: str, reason: str, scored: list[tuple[str, str]]) -> None:
    CONCLUSIONS.labels(verdict, reason).inc()
    for code, points in scored:
        CRITERION_POINTS.labels(code, points).inc()
