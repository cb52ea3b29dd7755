"""``kria bench``: the pipeline against the raw aiokafka limit, on the same broker and machine, in one run."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from kria_bench.pipeline import Options, measure, partitions
from kria_bench.raw.chain import run_raw
from kria_bench.raw.plan import build
from kria_bench.report import compare, machine, render
from kria_shared.kafka_local import start_kafka
from kria_shared.kafka_local.jars import KafkaUnavailable


def add_bench_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("bench", help="benchmark the pipeline against the raw Kafka limit (see bench/README.md)")
    p.add_argument("--courses", type=int, default=200, help="courses of the saturated run (default 200)")
    p.add_argument("--json", type=Path, help="write the full report here")
    p.add_argument("--store", choices=("sqlite", "postgres", "both"), default="sqlite",
                   help="the services' stores (both: SQLite then PostgreSQL, reported side by side)")
    p.add_argument("--rate", type=float, default=20.0, help="offered courses/s of the fixed-load run (default 20; "
                   "lowered to 70 %% of the measured saturated rate when the machine cannot take it)")
    p.add_argument("--latency-courses", type=int, help="courses of the fixed-load run (default courses/2, ≥ 10)")
    p.add_argument("--profile-courses", type=int,
                   help="courses of the profiled run (default courses/4, ≥ 10; 0 = none)")
    p.add_argument("--concurrency", type=int, default=32, help="courses in flight in the saturated runs (default 32)")
    p.add_argument("--seed", type=int, default=2339)
    p.add_argument("--region", default="66", help="pilot region of the children (default 66, the real register)")
    p.add_argument("--var", type=Path, default=Path("var/bench"), help="stores, logs, plans and profiles go here")
    p.add_argument("--mse-documents", type=int, metavar="N",
                   help="measure only the four MSE documents (PDF and DOCX) of N children: seconds per child")
    p.add_argument("--mse-workers", type=int, metavar="W",
                   help="worker processes rendering the MSE documents (default: one per core)")
    p.set_defaults(func=run)


def options(args: argparse.Namespace) -> Options:
    n = args.courses
    return Options(
        courses=n, rate=args.rate, concurrency=args.concurrency, seed=args.seed, region=args.region, var=args.var,
        latency_courses=args.latency_courses if args.latency_courses is not None else max(10, n // 2),
        profile_courses=args.profile_courses if args.profile_courses is not None else max(10, n // 4),
    )


def run(args: argparse.Namespace) -> int:
    console = Console()
    logging.basicConfig(level=logging.WARNING)
    opts = options(args)
    opts.var.mkdir(parents=True, exist_ok=True)
    if args.mse_documents is not None:
        return run_mse_documents(args, opts, console)
    os.environ.setdefault("KRIA_DEV_KEYS_DIR", str((opts.var / "dev-keys").resolve()))  # services verify our tokens
    try:
        kafka = start_kafka(opts.var / "kafka")
    except KafkaUnavailable as exc:
        console.print(f"[red]kria bench: no Kafka broker: {exc}[/red]")
        return 2
    stores = ("sqlite", "postgres") if args.store == "both" else (args.store,)

    def save(report: dict[str, Any]) -> None:  # after each store, so a later failure keeps what was measured
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")

    try:
        report = asyncio.run(bench(opts, stores, kafka.bootstrap, kafka.kind, console, save))
    finally:
        kafka.stop()
    if args.json:
        console.print(f"report: {args.json}")
    render(console, report)
    if not report["ok"]:
        console.print("[red]kria bench: a run lost, doubled or failed something (see the checks)[/red]")
    return 0 if report["ok"] else 1


def run_mse_documents(args: argparse.Namespace, opts: Options, console: Console) -> int:
    from kria_bench.documents import measure_mse_documents

    report = {"meta": machine(), "mse_documents": measure_mse_documents(
        args.mse_documents, opts.var / "mse-documents", args.mse_workers)}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    m = report["mse_documents"]
    console.print(f"MSE documents: {m['children']} children, 4 documents x PDF+DOCX each, {m['workers']} worker "
                  f"processes on {m['cores']} cores: {m['s_per_child']} s per child by the wall clock "
                  f"({m['wall_s']} s in all; {m['cpu_s_per_child']} s of CPU per child; target < "
                  f"{m['target_s_per_child']} s; pool start {m['pool_start_s']} s not counted; load average "
                  f"{m['load_avg_before']} before, {m['load_avg_after']} after)")
    return 0


async def bench(opts: Options, stores: tuple[str, ...], bootstrap: str, broker_kind: str, console: Console,
                save: Callable[[dict[str, Any]], None] = lambda _: None) -> dict[str, Any]:
    t0 = time.monotonic()
    meta = machine() | {"broker": broker_kind, "options": {k: str(v) for k, v in vars(opts).items()}}
    out: dict[str, Any] = {"meta": meta, "stores": {}}
    for store in stores:
        measured = await measure(store, opts, bootstrap, console.print)
        pipeline = {name: m.report for name, m in measured.items()}
        workdir = (opts.var / store / "bench").resolve()
        sat = measured["saturated"]
        console.print(f"[{store}] raw chain: replaying {len(sat.events)} events of {len(sat.course_rank)} courses")
        raw = {"saturated": await run_raw(build(sat.events, sat.course_rank), bootstrap, workdir, partitions())}
        lat = measured.get("latency")
        if lat is not None and lat.events:
            console.print(f"[{store}] raw chain at {lat.offered_rate} courses/s: {len(lat.events)} events")
            raw["latency"] = await run_raw(build(lat.events, lat.course_rank), bootstrap, workdir, partitions(),
                                           rate=lat.offered_rate)
        out["stores"][store] = {"pipeline": pipeline, "raw": raw, "comparison": compare(pipeline, raw)}
        save(out | {"ok": None, "partial": True})
    checks = [run["check"]["ok"] for part in out["stores"].values() for side in ("pipeline", "raw")
              for name, run in part[side].items() if name != "profile"]
    profiles_ok = all(not part["pipeline"].get("profile", {}).get("failures") for part in out["stores"].values())
    out["ok"] = all(checks) and profiles_ok
    out["meta"]["elapsed_s"] = round(time.monotonic() - t0, 1)
    save(out)
    return out
