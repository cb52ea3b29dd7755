"""``kria demo``: start a real broker and the four services, play a pilot region, report what happened."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from rich.console import Console

from kria_cli.demo import share
from kria_cli.demo.against import RemoteRegion, parse_against
from kria_cli.demo.region import play
from kria_cli.stack import Stack
from kria_shared.kafka_local import start_kafka
from kria_shared.kafka_local.jars import KafkaUnavailable

STORES = ("certificates", "costing", "assessment", "signing")


def add_demo_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="run the pilot scenario end to end on a real broker and four services")
    p.add_argument("--children", type=int, default=200, help="synthetic children (default 200)")
    p.add_argument("--seed", type=int, default=2339)
    p.add_argument("--mse-export", type=Path, help="take the children from an MSE export file instead")
    p.add_argument("--region", default="66", help="pilot region code of the generated children (default 66)")
    p.add_argument("--report", type=Path, default=Path("var/demo-report.json"))
    p.add_argument("--keep-running", action="store_true", help="leave the stack up; Ctrl-C stops everything")
    p.add_argument("--var", type=Path, default=Path("var"), help="where the stores, logs and ЕЦП files go")
    p.add_argument("--concurrency", type=int, default=24, help="children whose courses run at the same time")
    p.add_argument("--against", metavar="URLS", help="services already running (a compose region): their four URLs, "
                   "certificates,costing,assessment,signing; needs --kafka, and --var = signing's /app/var on the host")
    p.add_argument("--kafka", metavar="BOOTSTRAP", help="with --against: the region's broker as the host reaches it")
    p.set_defaults(func=run)


def fresh_var(var: Path) -> None:
    """A run starts from empty stores (the dev keys and the dev PKI are kept)."""
    var.mkdir(parents=True, exist_ok=True)
    for name in STORES:
        for f in var.glob(f"{name}.sqlite3*"):
            f.unlink()
    shutil.rmtree(var / "ecp", ignore_errors=True)
    shutil.rmtree(var / "log", ignore_errors=True)


def run_against(args: argparse.Namespace, console: Console) -> int:
    if not args.kafka:
        console.print("[red]kria demo --against: укажите --kafka (адрес брокера региона)[/red]")
        return 2
    try:
        region = RemoteRegion(parse_against(args.against), args.var.resolve())
    except ValueError as exc:
        console.print(f"[red]kria demo: {exc}[/red]")
        return 2
    os.environ.setdefault("KRIA_DEV_KEYS_DIR", str(region.var_dir / "dev-keys"))
    console.print("Services: " + ", ".join(f"{n} {region.url(n)}" for n in region.services))
    report = asyncio.run(play(args, region, args.kafka, "", console, time.monotonic()))  # type: ignore[arg-type]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    console.print(f"Report: {args.report}")
    return 0 if all(report["invariants"].values()) else 1


def run(args: argparse.Namespace) -> int:
    console = Console()
    if args.against:
        return run_against(args, console)
    var = args.var.resolve()
    fresh_var(var)
    os.environ.setdefault("KRIA_DEV_KEYS_DIR", str(var / "dev-keys"))  # the services verify what the actors mint
    t0 = time.monotonic()
    try:
        kafka = start_kafka(var / "kafka")
    except KafkaUnavailable as exc:
        console.print(f"[red]kria demo: no Kafka broker: {exc}[/red]")
        return 2
    console.print(f"Kafka ready at {kafka.bootstrap} ({kafka.kind}, {kafka.started_in_s:.1f} s)")
    prefix = f"demo-{uuid.uuid4().hex[:8]}." if kafka.kind == "external" else ""
    stack = Stack(var, kafka.bootstrap, extra_env={"KRIA_TOPIC_PREFIX": prefix})
    try:
        stack.start()
        console.print("Services ready: " + ", ".join(f"{n} {stack.url(n)}" for n in stack.services))
        console_url = stack.start_console()
        console.print(f"Console: {console_url} (sign in as any of the demo's people)")
        report = asyncio.run(play(args, stack, kafka.bootstrap, prefix, console, t0))
        report["console"] = {"url": console_url}
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"Report: {args.report}")
        if args.keep_running:
            # After the report (its figures and invariants are the run's): work left for the console's people.
            report["console_share"] = console_share(args, stack, console)
            args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
            console.print(f"The stack keeps running. Console: {console_url}. API docs: " +
                          ", ".join(f"{stack.url(n)}/docs" for n in stack.services) + ". Ctrl-C stops everything.")
            share.print_share(console, console_url, report["console_share"].get("tasks", []))
            _wait_for_interrupt()
        return 0 if all(report["invariants"].values()) else 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        console.print(f"[red]kria demo failed: {exc}[/red] (service logs: {var / 'log'})")
        return 1
    finally:
        stack.stop()
        kafka.stop()


def console_share(args: argparse.Namespace, stack: Stack, console: Console) -> dict[str, Any]:
    """The share for the console's people (share.py); a failure is said and the stack stays up all the same."""
    urls = {n: stack.url(n) for n in stack.services}
    console.print("Готовим задания для участников консоли...")
    try:
        return asyncio.run(share.prepare(urls, stack.var_dir / "pki", args.seed, console))
    except Exception as exc:  # the run itself is done and reported: the console is still worth opening
        console.print(f"[red]Задания для консоли не подготовлены: {exc}[/red] (журналы служб: {stack.var_dir / 'log'})")
        return {"error": str(exc)}


def _wait_for_interrupt() -> None:
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    try:
        while not stop["now"]:
            time.sleep(0.5)
    except KeyboardInterrupt:
        sys.stderr.write("stopping...\n")
