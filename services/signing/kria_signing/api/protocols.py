"""HTTP route over submitted protocols: drafted into a conclusion, or refused (and why) — the refusal is visible."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from kria_shared.auth import Principal, Role, require
from kria_shared.path_ids import PathId
from kria_signing.usecases import SigningDeps
from kria_signing.usecases import protocol_status as status_of

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


def build_protocol_router(deps: SigningDeps) -> APIRouter:
    router = APIRouter(prefix="/v1/protocols", tags=["protocols"])

    @router.get("/{protocol_id}", response_model=ProtocolStatusOut)
    async def protocol_status(protocol_id: PathId, _: Principal = require(*READERS)) -> ProtocolStatusOut:
        status = await status_of.protocol_status(deps, protocol_id)
        conclusion, refusals = status.conclusion, status.refusals
        first = conclusion or refusals[0]
        return ProtocolStatusOut(
            protocol_id=protocol_id, certificate_id=first.certificate_id, organisation_id=first.organisation_id,
            state="drafted" if conclusion else "refused", conclusion_id=conclusion.id if conclusion else None,
            refusals=[RefusalOut(reason=r.reason, detail=r.detail, refused_at=r.refused_at)
                      for r in refusals])

    return router
