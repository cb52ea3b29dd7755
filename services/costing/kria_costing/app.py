"""Composition root of the costing service: wiring only."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from kria_costing import migrations
from kria_costing.api.costs import build_costs_router
from kria_costing.api.price_lists import build_approved_router, build_price_list_router
from kria_costing.config.loader import load_catalogue
from kria_costing.documents import rendering
from kria_costing.handlers import Handlers
from kria_costing.store.models import TABLES
from kria_shared.contracts.assessment import ActivitiesRecorded, ProtocolSubmitted
from kria_shared.contracts.certificates import (
    CourseCompleted,
    CourseStarted,
    CourseTerminatedEarly,
    ReservationRequested,
)
from kria_shared.contracts.topics import Topics
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings, load_settings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or load_settings("costing")
    catalogue = load_catalogue()  # refuses inconsistent standards at start-up
    runtime = ServiceRuntime(settings, tables=TABLES, migrations=migrations.SCRIPTS,
                             topics=[Topics.CERTIFICATES, Topics.ASSESSMENT])
    deps = runtime.deps(catalogue)
    handlers = Handlers(deps)
    runtime.handle({
        ReservationRequested: handlers.on_reservation_requested,
        CourseStarted: handlers.on_course_started,
        CourseCompleted: handlers.on_course_completed,
        CourseTerminatedEarly: handlers.on_course_terminated_early,
        ActivitiesRecorded: handlers.on_activities_recorded,
        ProtocolSubmitted: handlers.on_protocol_submitted,
    })
    runtime.run_in_background(_pdf_workers_until_stop)
    return runtime.http_app(
        [build_price_list_router(deps), build_approved_router(deps), build_costs_router(deps)],
        title="KRiA costing",
        description="Course standards, cost normalisation and price lists, estimates and settlement (order 18-62).",
    )


async def _pdf_workers_until_stop() -> None:
    """Cancelled when the service stops: the PDF workers are stopped with it (never left rendering as orphans)."""
    try:
        await asyncio.Event().wait()
    finally:
        rendering.shutdown()
