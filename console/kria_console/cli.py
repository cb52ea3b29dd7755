"""``kria-console serve``: the console under uvicorn."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import uvicorn

from kria_console.settings import ConsoleSettings


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="kria-console", description="KRiA console (web pages of the pilot's people)")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="serve the console over HTTP")
    run.add_argument("--host", default=None)
    run.add_argument("--port", type=int, default=None, help="default 8100 or KRIA_CONSOLE_HTTP_PORT")
    args = p.parse_args(argv)
    overrides: dict[str, object] = {}
    if args.port:
        overrides["http_port"] = args.port
    if args.host:
        overrides["http_host"] = args.host
    settings = ConsoleSettings(**overrides)  # type: ignore[arg-type]
    from kria_console.app import create_app

    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, access_log=False)
