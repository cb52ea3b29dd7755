"""``kria-assessment serve [--host H] [--port N]``: the HTTP API, the certificates-topic consumer and the outbox
relay."""

from __future__ import annotations

import argparse

from kria_shared.serve import add_serve_command, serve_command

DEFAULT_PORT = 8103


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kria-assessment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add_serve_command(commands, "assessment", default_port=DEFAULT_PORT, help="run the service process")
    raise SystemExit(serve_command(parser.parse_args(argv)))
