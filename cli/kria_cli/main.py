"""``kria``: the platform command — demo, bench, token, kafka, dlq."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from kria_cli import token


def _optional(module: str, attr: str) -> Callable[[argparse._SubParsersAction], None] | None:  # type: ignore[type-arg]
    """Sub-commands contributed by other parts of the tree, wired in when present."""
    try:
        return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
    except ModuleNotFoundError:
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kria", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    token.add_token_command(sub)
    k = sub.add_parser("kafka", help="run a real single-node Kafka broker in the foreground")
    k.set_defaults(func=lambda a: __import__("kria_shared.kafka_local.cli", fromlist=["main"]).main([]))
    for module, attr in (
        ("kria_cli.demo.command", "add_demo_command"),
        ("kria_bench.command", "add_bench_command"),
        ("kria_cli.dlq", "add_dlq_commands"),
    ):
        add = _optional(module, attr)
        if add is not None:
            add(sub)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    rc = args.func(args)
    sys.exit(int(rc or 0))
