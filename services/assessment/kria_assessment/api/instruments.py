"""The versioned scales, questionnaires and journal rules in force, so clients build valid input."""

from __future__ import annotations

from fastapi import APIRouter

from kria_assessment.schemas import InstrumentsOut
from kria_assessment.usecases import Deps, reads
from kria_shared.auth import Principal, Role, require


def build_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["assessment"])

    @router.get("/instruments", response_model=InstrumentsOut)
    async def instruments(_: Principal = require(Role.PROVIDER, Role.MSE_EXPERT, Role.MSE_HEAD,
                                                 Role.PLATFORM_OPERATOR)) -> InstrumentsOut:
        return reads.instruments(deps.config)

    return router
