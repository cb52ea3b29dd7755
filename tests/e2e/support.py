"""Run the pilot scenario of `kria demo` against four real service processes and a real broker."""

from __future__ import annotations

import argparse
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console

from kria_cli.demo.region import play
from kria_cli.stack import Stack
from kria_shared.envelope import Envelope
from kria_shared.testing.kafka import read_all


def demo_args(children: int, seed: int, var: Path, mse_export: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(children=children, seed=seed, mse_export=mse_export, region="66",
                              report=var / "report.json", keep_running=False, var=var, concurrency=12)


@contextmanager
def stack(var: Path, bootstrap: str) -> Iterator[tuple[Stack, str]]:
    prefix = f"e2e-{uuid.uuid4().hex[:8]}."
    s = Stack(var, bootstrap, extra_env={"KRIA_TOPIC_PREFIX": prefix}, preferred_ports=False)
    try:
        s.start()
        yield s, prefix
    finally:
        s.stop()


async def run_pilot(s: Stack, prefix: str, bootstrap: str, children: int, seed: int,
                    mse_export: Path | None = None) -> dict[str, Any]:
    return await play(demo_args(children, seed, s.var_dir, mse_export), s, bootstrap, prefix, Console(quiet=True),
                      time.monotonic())


async def facts_per_certificate(bootstrap: str, prefix: str, topic: str, event_type: str) -> Counter[str]:
    """Distinct events of one type per certificate (re-sends of the same event_id count once)."""
    records = await read_all(bootstrap, prefix + topic)
    seen: set[str] = set()
    per: Counter[str] = Counter()
    for r in records:
        env = Envelope.from_bytes(r.value)
        if env.type == event_type and str(env.event_id) not in seen:
            seen.add(str(env.event_id))
            per[env.subject] += 1
    return per

