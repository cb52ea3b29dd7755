"""Run the raw chain: four relay processes on fresh topics, a sink here, every sequence number counted.

The topics get the pipeline's partition count; the sink reads all four from the start and stops when
every sequence number has arrived (or the time is up). Lost or doubled records fail the run.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from kria_bench.figures import percentiles
from kria_bench.procstats import Meter, own_pid
from kria_bench.raw.plan import PRODUCER, Plan
from kria_shared.kafka_config import security_kwargs


async def create_topics(bootstrap: str, prefix: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="raw-admin", **security_kwargs())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(prefix + t, partitions, 1) for t in PRODUCER])
    finally:
        await admin.close()


def _spawn(plan: Plan, workdir: Path, bootstrap: str, prefix: str) -> dict[str, subprocess.Popen[str]]:
    procs = {}
    for svc, relay in plan.relays.items():
        path = workdir / f"raw-plan-{svc}.json"
        path.write_text(json.dumps(relay), encoding="utf-8")
        procs[svc] = subprocess.Popen([sys.executable, "-m", "kria_bench.raw.relay", str(path), bootstrap, prefix],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return procs


async def _sink(bootstrap: str, prefix: str, n: int, timeout_s: float) -> tuple[dict[int, int], Counter[int]]:
    """Sequence number -> record timestamp (ms) of every record on the four topics, and how often each came."""
    consumer = AIOKafkaConsumer(*[prefix + t for t in PRODUCER], bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False, fetch_max_wait_ms=50)
    await consumer.start()
    ts: dict[int, int] = {}
    seen: Counter[int] = Counter()
    deadline = time.monotonic() + timeout_s
    try:
        while len(ts) < n and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=100, max_records=5000)).values():
                for r in records:
                    seq = int.from_bytes(r.value[:8], "big")
                    seen[seq] += 1
                    ts.setdefault(seq, r.timestamp)
        await asyncio.sleep(0.5)  # a late duplicate would show up here
        for records in (await consumer.getmany(timeout_ms=200)).values():
            for r in records:
                seen[int.from_bytes(r.value[:8], "big")] += 1
    finally:
        await consumer.stop()
    return ts, seen


async def run_raw(plan: Plan, bootstrap: str, workdir: Path, partitions: int, rate: float = 0.0) -> dict[str, Any]:
    prefix = f"raw-{uuid.uuid4().hex[:8]}."
    await create_topics(bootstrap, prefix, partitions)
    procs = _spawn(plan, workdir, bootstrap, prefix)
    try:
        for svc, p in procs.items():
            line = await asyncio.to_thread(p.stdout.readline) if p.stdout else ""
            if line.strip() != "ready":
                raise RuntimeError(f"raw relay {svc} did not start (exit {p.poll()})")
        meter = Meter({f"relay {s}": p.pid for s, p in procs.items()} | {"sink (bench process)": own_pid()}).start()
        t0 = time.time() + 0.2
        for p in procs.values():
            assert p.stdin is not None
            p.stdin.write(f"go {rate} {t0}\n")
            p.stdin.flush()
        timeout = 120 + plan.events / 100 + (plan.courses / rate if rate else 0)
        ts, seen = await _sink(bootstrap, prefix, plan.events, timeout)
        meter.stop()
    finally:
        for p in procs.values():
            if p.stdin:
                p.stdin.close()
        for p in procs.values():
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    return _figures(plan, ts, seen, t0, rate, meter)


def _figures(plan: Plan, ts: dict[int, int], seen: Counter[int], t0: float, rate: float,
             meter: Meter) -> dict[str, Any]:
    span = (max(ts.values()) / 1000 - t0) if ts else 0.0
    course_end: dict[int, int] = {}
    for seq, t in ts.items():
        c = plan.course_of[seq]
        course_end[c] = max(course_end.get(c, 0), t)
    drain = [t - (t0 + (c / rate if rate else 0.0)) * 1000 for c, t in course_end.items()]
    hop_ms = [float(ts[s] - ts[c]) for s, c in plan.cause_of.items() if s in ts and c in ts]
    missing = plan.events - len(ts)
    duplicates = sum(n - 1 for n in seen.values() if n > 1)
    cpu = meter.cpu_s or {}
    return {
        "offered_rate": rate or None,
        "events": plan.events, "courses": plan.courses, "span_s": round(span, 2),
        "events_per_s": round(len(ts) / span, 1) if span > 0 else 0.0,
        "courses_per_s": round(plan.courses / span, 2) if span > 0 else 0.0,
        "course_drain_ms": percentiles(drain), "hop_ms": percentiles(hop_ms),
        "cpu_s": cpu, "cpu_s_per_course": round(sum(v for k, v in cpu.items() if k.startswith("relay"))
                                               / max(1, plan.courses), 4),
        "peak_rss_mb": meter.peak_mb,
        "check": {"ok": not missing and not duplicates, "expected": plan.events, "seen": sum(seen.values()),
                  "missing": missing, "duplicates": duplicates},
        "plan": {svc: {"injects": len(r["inject"]), "reactions": sum(len(v) for v in r["react"].values())}
                 for svc, r in plan.relays.items()},
    }
