"""Composition root of the assessment service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from kria_assessment import handlers, migrations
from kria_assessment.api import build_routers
from kria_assessment.config import AssessmentConfig, load_config
from kria_assessment.store.models import TABLES
from kria_shared.contracts.topics import Topics
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings, load_settings

DESCRIPTION = (
    "The rehabilitation organisation's side of a course: the activity journal, baseline and control ratings, "
    "the parental questionnaire and the control-assessment protocol sent to the main MSE bureau."
)


def create_app(settings: ServiceSettings | None = None, config: AssessmentConfig | None = None) -> FastAPI:
    settings = settings or load_settings("assessment")
    runtime = ServiceRuntime(settings, tables=TABLES, migrations=migrations.SCRIPTS, topics=[Topics.CERTIFICATES])
    runtime.handle(handlers.HANDLERS)
    deps = runtime.deps(config or load_config())
    return runtime.http_app(build_routers(deps), title="KRiA assessment",
                            description=DESCRIPTION)
