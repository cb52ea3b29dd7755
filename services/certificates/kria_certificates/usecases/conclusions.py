"""Signing's signed conclusions on a course: the monitoring report's verdicts and reasons (a read model)."""

from __future__ import annotations

from kria_certificates.store.models import ConclusionSeenRow
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork


async def on_conclusion_signed(uow: UnitOfWork, e: ConclusionSigned, cause: Envelope) -> None:
    """Kept once per conclusion: a re-published signature (a new event id) is the same verdict."""
    if await uow.session.get(ConclusionSeenRow, e.conclusion_id) is None:
        uow.session.add(ConclusionSeenRow(conclusion_id=e.conclusion_id, certificate_id=e.certificate_id,
                                          effective=e.effective, reason=None if e.effective else e.reason,
                                          signed_at=e.signed_at, event_id=str(cause.event_id)))
