"""Run a service's HTTP app (with its consumer and relay) under uvicorn: one process per pod."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from kria_shared.settings import ServiceSettings


def serve(app_factory: Callable[[ServiceSettings], FastAPI], settings: ServiceSettings) -> None:
    app = app_factory(settings)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # our JSON logging is configured by the runtime
        timeout_graceful_shutdown=20,
        access_log=False,
    )
