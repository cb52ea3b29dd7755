"""``kria-signing serve`` runs the service; ``pki init`` and ``verify`` come from the crypto package."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kria_shared.serve import add_serve_command, serve_command

DEFAULT_PORT = 8104


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kria-signing", description="KRiA signing service (main MSE bureau)")
    sub = p.add_subparsers(dest="command", required=True)
    add_serve_command(sub, "signing", default_port=DEFAULT_PORT,
                      help="HTTP API, Kafka consumer, outbox relay and ЕЦП submission").set_defaults(func=serve_command)
    from kria_gost.cli import add_commands
    from kria_signing.usecases.verify_authority import service_authority

    add_commands(sub, service_authority)  # verify checks the signer against the service's register by default
    return p


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    # serve, and the crypto package's commands (pki init, verify), set their handler with set_defaults(func=...)
    raise SystemExit(int(args.func(args) or 0))
