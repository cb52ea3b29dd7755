"""``GET /v1/certificates/{cid}/particulars``: the child's particulars a conclusion names (issue 16.3).

Read by the signing service at the moment a person of the main bureau composes the conclusion, with that
person's token; also by the office, and by a provider for a child of its own organisation (another
organisation's child is answered as absent). Every read is in the personal-data access log.
"""

from __future__ import annotations

from fastapi import APIRouter

from kria_certificates.domain.access import PARTICULARS_READERS, may_read_particulars
from kria_certificates.schemas import ParticularsOut
from kria_certificates.store import repository as store
from kria_certificates.usecases import Deps
from kria_certificates.usecases.particulars import particulars_of
from kria_shared.auth import Principal, require
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound


def build_particulars_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["reads"])

    @router.get("/v1/certificates/{cid}/particulars", response_model=ParticularsOut)
    async def particulars(cid: str, principal: Principal = require(*PARTICULARS_READERS)) -> ParticularsOut:
        async with deps.db.session() as session:
            row = await store.certificate(session, cid)
            if row is None:
                raise NotFound("certificate", cid)
            if not may_read_particulars(principal, row.organisation_id):
                log_personal_data_access(principal, "particulars", cid, allowed=False)
                raise NotFound("certificate", cid)
            found = await particulars_of(session, deps.config, row)
        if found is None:
            raise NotFound("certificate", cid)
        log_personal_data_access(principal, "particulars", cid, allowed=True)
        return found

    return router
