"""The HTTP routers of the assessment service, one per resource, in the order the API document lists them."""

from __future__ import annotations

from fastapi import APIRouter

from kria_assessment.api import assessments, courses, documents, instruments, journal, protocol
from kria_assessment.usecases import Deps


def build_routers(deps: Deps) -> list[APIRouter]:
    return [journal.build_router(deps), assessments.build_router(deps), protocol.build_router(deps),
            courses.build_router(deps), instruments.build_router(deps), documents.build_router(deps)]
