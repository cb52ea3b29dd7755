"""``kria-signing serve`` runs the service; ``pki init`` and ``verify`` come from the crypto package."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from kria_shared.serve import serve
from kria_shared.settings import load_settings

DEFAULT_PORT = 8104


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kria-signing", description="KRiA signing service (main MSE bureau)")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="HTTP API, Kafka consumer, outbox relay and ЕЦП submission")
    run.add_argument("--host", default=None)
    run.add_argument("--port", type=int, default=None, help=f"default {DEFAULT_PORT} or KRIA_HTTP_PORT")
    from kria_gost.cli import add_commands
    from kria_signing.usecases.verify_authority import service_authority

    add_commands(sub, service_authority)  # verify checks the signer against the service's register by default
    return p


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.command != "serve":
        # the crypto package's commands (pki init, verify) set their handler with set_defaults(func=...)
        raise SystemExit(int(args.func(args) or 0))
    from kria_signing.app import create_app

    port = args.port or int(os.environ.get("KRIA_HTTP_PORT", DEFAULT_PORT))
    overrides: dict[str, object] = {"http_port": port}
    if args.host:
        overrides["http_host"] = args.host
    serve(create_app, load_settings("signing", **overrides))
