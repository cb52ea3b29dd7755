"""What became of a submitted protocol: drafted into a conclusion, or refused (every refused arrival, and why)."""

from __future__ import annotations

from dataclasses import dataclass

from kria_shared.errors import NotFound
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow, ProtocolRefusalRow
from kria_signing.usecases import SigningDeps


@dataclass(frozen=True)
class ProtocolStatus:
    conclusion: ConclusionRow | None
    refusals: list[ProtocolRefusalRow]  # oldest first (a re-signed protocol may be drafted later)


async def protocol_status(deps: SigningDeps, protocol_id: str) -> ProtocolStatus:
    async with deps.uows() as uow:
        conclusion = await store.by_protocol(uow.session, protocol_id)
        refusals = await store.refusals_of(uow.session, protocol_id)
    if conclusion is None and not refusals:
        raise NotFound("protocol", protocol_id)
    return ProtocolStatus(conclusion, refusals)
