"""Reading conclusions: the bureau reads every one; the federal bureau a submitted one inside its window (logged)."""

from __future__ import annotations

from kria_shared.auth import Principal, Role
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound
from kria_signing.domain.access import may_read
from kria_signing.domain.conclusion import ConclusionState
from kria_signing.metrics import FEDERAL_READS
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases import SigningDeps

BUREAU = (Role.MSE_EXPERT, Role.MSE_HEAD, Role.PLATFORM_OPERATOR)


class ConclusionReads:
    def __init__(self, deps: SigningDeps) -> None:
        self.deps = deps

    async def listing(self, *, state: ConclusionState | None, effective: bool | None, limit: int,
                      offset: int) -> list[ConclusionRow]:
        async with self.deps.uows() as uow:
            return list(await store.listing(uow.session, state=state, effective=effective, limit=limit,
                                            offset=offset))

    async def get(self, conclusion_id: str) -> ConclusionRow:
        async with self.deps.uows() as uow:
            row = await store.get(uow.session, conclusion_id)
        if row is None:
            raise NotFound("conclusion", conclusion_id)
        return row

    async def readable(self, conclusion_id: str, principal: Principal) -> ConclusionRow:
        """The read rule of a conclusion: the bureau always; the federal bureau within its window (logged)."""
        row = await self.get(conclusion_id)
        if principal.has(*BUREAU):
            log_personal_data_access(principal, "conclusion", conclusion_id, True)
            return row
        allowed = may_read(self.deps.now(), row.federal_access_until)
        FEDERAL_READS.labels("allowed" if allowed else "denied").inc()
        log_personal_data_access(principal, "conclusion", conclusion_id, allowed)
        if not allowed:  # answered as an unknown id: a closed window must not confirm the conclusion exists
            raise NotFound("conclusion", conclusion_id)
        return row
