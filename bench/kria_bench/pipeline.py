"""The pipeline side: the four real services as separate processes, driven through N full courses.

One stack per store kind: a saturated run (throughput, CPU, memory), a fixed-load run (latency), and a
shorter saturated run under the profiler (so the profiler's own cost never touches the measured figures).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from kria_bench import figures, scrape
from kria_bench.cast import approve_price_lists, assemble, population
from kria_bench.checks import check
from kria_bench.driver import RunResult, paced, saturated
from kria_bench.httpstats import HttpStats
from kria_bench.procstats import Meter, listener_pid, own_pid
from kria_bench.profile import Profiler
from kria_bench.stores import Stores, fresh_var
from kria_bench.tap import Seen, Tap
from kria_cli.stack import Stack
from kria_shared.contracts.topics import Topics
from kria_shared.topic_admin import topic_plan


@dataclass
class Options:
    courses: int = 200
    latency_courses: int = 100
    rate: float = 20.0
    concurrency: int = 32
    profile_courses: int = 50
    seed: int = 2339
    region: str = "66"
    var: Path = Path("var/bench")


@dataclass
class Measured:
    """A run's report section, and its events for the raw replay."""

    report: dict[str, Any]
    events: list[Seen] = field(default_factory=list)
    course_rank: dict[str, int] = field(default_factory=dict)
    offered_rate: float = 0.0


POSTGRES = "postgres server"  # postmaster + backends, when the cluster runs on this machine


def _host_port(url: str) -> str:
    """``host:port`` of a database URL (``""`` for none): where to look for the server's process."""
    netloc = urlsplit(url).netloc.rsplit("@", 1)[-1] if url else ""
    return netloc if ":" in netloc else (f"{netloc}:5432" if netloc else "")


def partitions() -> int:
    return topic_plan("")[Topics.CERTIFICATES]


def _summary(result: RunResult, tap: Tap, meter: Meter, services: tuple[str, ...]) -> Measured:
    done = result.done
    cids = [c.certificate_id for c in done]
    events = figures.events_of(tap.by_subject, cids)
    cpu = meter.cpu_s or {}
    n = max(1, len(done))
    service_cpu = sum(cpu.get(s, 0.0) for s in services)
    verdict = check(result.courses, tap.by_subject)
    report = {
        "courses_requested": len(result.courses), "courses_done": len(done), "failures": result.failures[:20],
        "offered_rate": result.offered_rate,
        "throughput": figures.throughput(events, len(done), result.started_s),
        "latency": figures.end_to_end(events), "hops": figures.hops(events),
        "cpu_s": cpu, "cpu_s_per_course": {**{k: round(v / n, 4) for k, v in cpu.items()},
                                           "services_total": round(service_cpu / n, 4),
                                           **({"services_and_postgres": round((service_cpu + cpu[POSTGRES]) / n, 4)}
                                              if POSTGRES in cpu else {})},
        "peak_rss_mb": {k: v for k, v in (meter.peak_mb or {}).items() if k in services},
        "check": verdict.as_json() | {"ok": verdict.ok and not result.failures},
    }
    ranks = {c.certificate_id: i for i, c in enumerate(sorted(done, key=lambda c: c.seq))}
    return Measured(report, events, ranks, result.offered_rate or 0.0)


async def measure(store: str, opts: Options, bootstrap: str, say: Callable[[str], None]) -> dict[str, Measured]:
    stores = await asyncio.to_thread(Stores.open, store)  # its set-up runs its own event loop
    var = fresh_var((opts.var / store).resolve())
    prefix = f"bench-{uuid.uuid4().hex[:8]}-{store}."
    stack = Stack(var, bootstrap, extra_env={"KRIA_TOPIC_PREFIX": prefix, **stores.env}, preferred_ports=False)
    tap = Tap(bootstrap, prefix)
    try:
        await asyncio.to_thread(stack.start)
        await tap.start()
        http = HttpStats({stack.procs[s].port: s for s in stack.services})
        limits = httpx.Limits(max_connections=4 * opts.concurrency, max_keepalive_connections=4 * opts.concurrency)
        async with httpx.AsyncClient(timeout=120, limits=limits, event_hooks=http.hooks()) as client:
            bench = Bench(store, opts, stack, tap, client, http, bootstrap, say, stores)
            return await bench.runs(var)
    finally:
        await tap.stop()
        await asyncio.to_thread(stack.stop)
        await asyncio.to_thread(stores.close)


@dataclass
class Bench:
    store: str
    opts: Options
    stack: Stack
    tap: Tap
    client: httpx.AsyncClient
    http: HttpStats
    bootstrap: str
    say: Callable[[str], None]
    stores: Stores
    pids: dict[str, int] = field(default_factory=dict)

    @property
    def urls(self) -> dict[str, str]:
        return {n: self.stack.url(n) for n in self.stack.services}

    async def runs(self, var: Path) -> dict[str, Measured]:
        opts, services = self.opts, self.stack.services
        cast = await assemble(self.urls, self.client, opts.region, self.stack.var_dir / "pki")
        people = population(cast, opts.courses + opts.latency_courses + opts.profile_courses, opts.seed)
        await approve_price_lists(cast, {org for _, org in people})
        self.pids = {s: self.stack.procs[s].proc.pid for s in services if self.stack.procs[s].proc is not None}
        self.pids["bench driver"] = own_pid()
        broker = listener_pid(self.bootstrap)
        if broker is not None:
            self.pids["kafka broker"] = broker
        pg = listener_pid(_host_port(next(iter(self.stores.env.values()), "")))
        if pg is not None:
            self.pids[POSTGRES] = pg
        out: dict[str, Measured] = {}
        n, lat = opts.courses, opts.latency_courses
        self.say(f"[{self.store}] saturated run: {n} courses, {opts.concurrency} at a time")
        out["saturated"] = await self._measured(saturated("saturated", cast, self.tap, people[:n], 0, opts.concurrency))
        cps = out["saturated"].report["throughput"]["courses_per_s"]
        rate = min(opts.rate, round(0.7 * cps, 2)) if cps > 0 else opts.rate
        if lat > 0:
            self.say(f"[{self.store}] fixed-load run: {lat} courses at {rate}/s" +
                     (f" (lowered from {opts.rate}/s: 70 % of the saturated {cps}/s)" if rate < opts.rate else ""))
            out["latency"] = await self._measured(paced("latency", cast, self.tap, people[n:n + lat], n, rate))
            out["latency"].report["rate_requested"] = opts.rate
        if opts.profile_courses > 0:
            self.say(f"[{self.store}] profiled saturated run: {opts.profile_courses} courses under py-spy")
            profiler = Profiler({s: self.pids[s] for s in services}, var / "bench")
            profiler.start()
            await asyncio.sleep(1.0)  # let py-spy attach
            result = await saturated("profile", cast, self.tap, people[n + lat:], n + lat, opts.concurrency)
            out["profile"] = Measured({"courses_done": len(result.done), "failures": result.failures[:20],
                                       **profiler.stop()})
        return out

    async def _measured(self, run: Awaitable[RunResult]) -> Measured:
        before = await scrape.sample(self.client, self.urls)
        self.http.take()
        meter = Meter(self.pids, trees=frozenset({POSTGRES})).start()
        result = await run
        meter.stop()
        await asyncio.sleep(1.0)  # a late re-publication would arrive now and fail the check
        measured = _summary(result, self.tap, meter, self.stack.services)
        measured.report["http_ms"] = self.http.take()
        measured.report["consumers"] = scrape.delta(before, await scrape.sample(self.client, self.urls))
        return measured
