"""``GET /v1/certificates/{cid}/particulars``: the child's particulars a conclusion names (issue 16.3).

Read by the signing service at the moment a person of the main bureau composes the conclusion, with that
person's token; also by the office, and by a provider for a child of its own organisation (another
organisation's child is answered as absent). Every read is in the personal-data access log.
"""

from __future__ import annotations

from fastapi import APIRouter

from kria_certificates.domain.access import PARTICULARS_READERS
from kria_certificates.schemas import ParticularsOut
from kria_certificates.usecases import Deps
from kria_certificates.usecases import particulars as particulars_reads
from kria_shared.auth import Principal, require


def build_particulars_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["reads"])

    @router.get("/v1/certificates/{cid}/particulars", response_model=ParticularsOut)
    async def particulars(cid: str, principal: Principal = require(*PARTICULARS_READERS)) -> ParticularsOut:
        return await particulars_reads.particulars(deps, cid, principal)

    return router
