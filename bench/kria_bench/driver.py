"""Offered load: as fast as the services absorb (bounded concurrency), or at a fixed rate (open loop).

The fixed-rate run starts course ``i`` at ``t0 + i / rate`` whether or not earlier courses are done, so a
slow platform shows as latency instead of silently lowering the load (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kria_bench.cast import Cast
from kria_bench.course import Course, run_course
from kria_bench.tap import Tap
from kria_cli.demo.population import Child

log = logging.getLogger("kria.bench")


@dataclass
class RunResult:
    name: str
    started_s: float  # wall clock (epoch s) just before the first decision was sent
    courses: list[Course] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    offered_rate: float | None = None

    @property
    def done(self) -> list[Course]:
        return [c for c in self.courses if c.outcome]


async def _one(cast: Cast, tap: Tap, child: Child, org: str, course: Course, result: RunResult,
               progress: Callable[[], None]) -> None:
    try:
        await run_course(cast, tap, child, org, course.seq, course)
    except Exception as exc:  # a course that fails is reported, and fails the run's check
        result.failures.append(f"course {course.seq} ({course.certificate_id or 'no certificate'}): {exc}")
        log.warning("course %s failed: %s", course.seq, exc)
    progress()


async def saturated(name: str, cast: Cast, tap: Tap, children: list[tuple[Child, str]], first_seq: int,
                    concurrency: int, progress: Callable[[], None] = lambda: None) -> RunResult:
    result = RunResult(name, time.time())
    sem = asyncio.Semaphore(concurrency)

    async def slot(i: int, child: Child, org: str) -> None:
        async with sem:
            course = Course(first_seq + i)
            result.courses.append(course)
            await _one(cast, tap, child, org, course, result, progress)

    await asyncio.gather(*(slot(i, c, o) for i, (c, o) in enumerate(children)))
    return result


async def paced(name: str, cast: Cast, tap: Tap, children: list[tuple[Child, str]], first_seq: int,
                rate: float, progress: Callable[[], None] = lambda: None) -> RunResult:
    result = RunResult(name, time.time(), offered_rate=rate)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    tasks = []
    for i, (child, org) in enumerate(children):
        delay = t0 + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        course = Course(first_seq + i)
        result.courses.append(course)
        tasks.append(asyncio.create_task(_one(cast, tap, child, org, course, result, progress)))
    await asyncio.gather(*tasks)
    return result
