"""Run a service's HTTP app (with its consumer and relay) under uvicorn: one process per pod.

``add_serve_command`` and ``serve_command`` are the one ``kria-<svc> serve [--host H] [--port N]`` of the four
services' ``cli.py``: the same options, the same precedence (the option, then ``KRIA_HTTP_*``, then the service's
default port), so a pod spec or the demo's stack starts any of them the same way.
"""

from __future__ import annotations

import argparse
import importlib
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from kria_shared.settings import ServiceSettings, load_settings

if TYPE_CHECKING:  # uvicorn and FastAPI are imported by ``serve`` only: a cli.py's other commands start fast
    from fastapi import FastAPI

# On SIGTERM uvicorn stops accepting and lets open requests finish for at most this long; only then does the
# lifespan stop the consumer and the relay. Part of the pod's shutdown budget (tests/deploy/test_k8s.py).
HTTP_DRAIN_TIMEOUT_S = 20

AppFactory = Callable[[ServiceSettings], "FastAPI"]


def serve(app_factory: AppFactory, settings: ServiceSettings) -> None:
    import uvicorn

    app = app_factory(settings)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # our JSON logging is configured by the runtime
        timeout_graceful_shutdown=HTTP_DRAIN_TIMEOUT_S,
        access_log=False,
    )


def add_serve_command(commands: argparse._SubParsersAction,  # type: ignore[type-arg]
                      service: str, *, default_port: int, help: str) -> argparse.ArgumentParser:
    """The ``serve`` sub-command of ``kria-<service>`` with its ``--host`` and ``--port``; run it with
    ``serve_command(args)``."""
    run: argparse.ArgumentParser = commands.add_parser("serve", help=help)
    run.add_argument("--host", default=None, help="bind address (default KRIA_HTTP_HOST, else 127.0.0.1)")
    run.add_argument("--port", type=int, default=None,
                     help=f"HTTP port (default KRIA_HTTP_PORT, else {default_port})")
    run.set_defaults(service=service, default_port=default_port)
    return run


def listen_overrides(host: str | None, port: int | None, default_port: int,
                     environ: Mapping[str, str] = os.environ) -> dict[str, object]:
    """Settings overrides for where to listen: an option wins; without one the environment's KRIA_HTTP_PORT
    (read by the settings) is kept, and the service's own default port applies only when neither is given."""
    overrides: dict[str, object] = {}
    if port is not None:
        overrides["http_port"] = port
    elif "KRIA_HTTP_PORT" not in environ:
        overrides["http_port"] = default_port
    if host:
        overrides["http_host"] = host
    return overrides


def app_factory(service: str) -> AppFactory:
    """The service's composition root, ``kria_<service>.app:create_app`` (docs/kit.md), imported only now: the
    cli.py's other commands start without the app."""
    factory: AppFactory = importlib.import_module(f"kria_{service}.app").create_app
    return factory


def serve_command(args: argparse.Namespace) -> int:
    """Run ``kria-<service> serve`` with the options ``add_serve_command`` declared."""
    settings = load_settings(args.service, **listen_overrides(args.host, args.port, args.default_port))
    serve(app_factory(args.service), settings)
    return 0
