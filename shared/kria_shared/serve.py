"""Run a service's HTTP app (with its consumer and relay) under uvicorn: one process per pod."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from kria_shared.settings import ServiceSettings

# On SIGTERM uvicorn stops accepting and lets open requests finish for at most this long; only then does the
# lifespan stop the consumer and the relay. Part of the pod's shutdown budget (tests/deploy/test_k8s.py).
HTTP_DRAIN_TIMEOUT_S = 20

def serve(app_factory: Callable[[ServiceSettings], FastAPI], settings: ServiceSettings) -> None:
    app = app_factory(settings)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # our JSON logging is configured by the runtime
        timeout_graceful_shutdown=HTTP_DRAIN_TIMEOUT_S,
        access_log=False,
    )
