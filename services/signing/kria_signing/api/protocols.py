"""HTTP route over submitted protocols: drafted into a conclusion, or refused (and why) — the refusal is visible."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from kria_shared.auth import Principal, Role, require
from kria_shared.errors import NotFound
from kria_shared.path_ids import PathId
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.store import conclusions as store

READERS = (Role.MSE_EXPERT, Role.MSE_HEAD, Role.PLATFORM_OPERATOR)


class RefusalOut(BaseModel):
    reason: str  # protocol_unsigned | protocol_document_mismatch | protocol_signature_invalid | ...
    detail: str | None
    refused_at: datetime


class ProtocolStatusOut(BaseModel):
    protocol_id: str
    certificate_id: str
    organisation_id: str
    state: Literal["drafted", "refused"]
    conclusion_id: str | None
    refusals: list[RefusalOut]  # every refused arrival, oldest first (a re-signed protocol may be drafted later)


def build_protocol_router(uows: UnitOfWorkFactory) -> APIRouter:
    router = APIRouter(prefix="/v1/protocols", tags=["protocols"])

    @router.get("/{protocol_id}", response_model=ProtocolStatusOut)
    async def protocol_status(protocol_id: PathId, _: Principal = require(*READERS)) -> ProtocolStatusOut:
        async with uows() as uow:
            conclusion = await store.by_protocol(uow.session, protocol_id)
            refusals = await store.refusals_of(uow.session, protocol_id)
        if conclusion is None and not refusals:
            raise NotFound("protocol", protocol_id)
        first = conclusion or refusals[0]
        return ProtocolStatusOut(
            protocol_id=protocol_id, certificate_id=first.certificate_id, organisation_id=first.organisation_id,
            state="drafted" if conclusion else "refused", conclusion_id=conclusion.id if conclusion else None,
            refusals=[RefusalOut(reason=r.reason, detail=r.detail, refused_at=r.refused_at)
                      for r in refusals])

    return router
