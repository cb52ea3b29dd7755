"""What the operator sees of decisions held for want of their year's pilot region list, and the retry."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from kria_certificates.usecases import Deps
from kria_certificates.usecases.intake.held import held_status, take_up_held
from kria_shared.auth import Principal, Role, require


def build_held_router(deps: Deps) -> APIRouter:
    router = APIRouter(tags=["administration"])

    @router.get("/v1/admin/held-decisions")
    async def held(_: Principal = require(Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR)) -> dict[str, Any]:
        """How many decisions wait, per year, and the operational error while any does."""
        return (await held_status(deps)).as_json()

    @router.post("/v1/admin/held-decisions/take-up")
    async def take_up(_: Principal = require(Role.SFR_OPERATOR)) -> dict[str, Any]:
        """Decide the held decisions whose year is configured now (also done at start and by the sweep)."""
        decided = await take_up_held(deps)
        return {"decided": decided, **(await held_status(deps)).as_json()}

    return router
