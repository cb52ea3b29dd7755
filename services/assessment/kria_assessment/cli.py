"""``kria-assessment serve [--port N]``: the HTTP API, the certificates-topic consumer and the outbox relay."""

from __future__ import annotations

import argparse
import os

from kria_assessment.app import create_app
from kria_shared.serve import serve
from kria_shared.settings import load_settings

DEFAULT_PORT = 8103


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kria-assessment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run the service process")
    run.add_argument("--host", default=None, help="bind address (env KRIA_HTTP_HOST)")
    run.add_argument("--port", type=int, default=None, help=f"HTTP port (env KRIA_HTTP_PORT, default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    overrides: dict[str, object] = {
        "http_port": args.port or int(os.environ.get("KRIA_HTTP_PORT", DEFAULT_PORT)),
    }
    if args.host:
        overrides["http_host"] = args.host
    serve(create_app, load_settings("assessment", **overrides))
