"""The four MSE documents of a certificate, with the access rules of the certificate data.

The Social Fund's operator and the MSE system get all four; a provider only the organisation's extract, and
only of a child whose certificate is reserved to it (another organisation's child is answered as absent).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from kria_certificates.documents import mse
from kria_certificates.domain.access import provider_scope
from kria_certificates.domain.mse_forms import Addressee, check_provider_may_read
from kria_certificates.store import repository as store
from kria_certificates.usecases import Deps
from kria_certificates.usecases.settlement_documents import Printed
from kria_shared.auth import Principal, Role
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import Forbidden, NotFound


async def document(deps: Deps, cid: str, kind: Addressee, fmt: mse.Format, principal: Principal) -> Printed:
    bureau_side = principal.has(Role.SFR_OPERATOR, Role.MSE_SYSTEM)
    async with deps.db.session() as session:
        row = await store.certificate(session, cid)
        if row is None:
            raise NotFound("certificate", cid)
        if not bureau_side:
            if row.organisation_id != provider_scope(principal):
                log_personal_data_access(principal, "mse_document", cid, allowed=False)
                raise NotFound("certificate", cid)
            try:
                check_provider_may_read(kind)
            except Forbidden:
                log_personal_data_access(principal, "mse_document", cid, allowed=False)
                raise
        source = await mse.load(session, row)
    if source is None:
        raise NotFound("certificate", cid)
    log_personal_data_access(principal, "mse_document", cid, allowed=True)
    # off the event loop: a document takes tens of milliseconds of CPU, the consumer shares the loop
    body = await run_in_threadpool(mse.render, source, kind, fmt)
    return Printed(body, mse.MEDIA_TYPES[fmt], mse.file_name(source, kind, fmt))
