"""The load: the demo's pilot journey over HTTP (import, reserve, course, journal, protocol, bureau, settlement),
played from a thread of its own while the test injects faults. The demo's own steps are reused as they are;
only its documents and federal-window tour are left out (they add minutes and test no delivery guarantee)."""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from kria_cli.demo import closing, price_lists
from kria_cli.demo import region as demo_region
from kria_cli.demo import report as reporting
from kria_cli.journey import actors

# A service SIGKILLed and restarted answers nothing for a while: connection refused is retried by the transport
# (the request never reached the service, so a retry cannot apply anything twice): 0.5 + 1 + 2 + ... ≈ 2 min.
CONNECT_RETRIES = 8
# A journey waiting on an event the fault holds up (a broker's partitions moving, a service restarting, the
# database paused) waits the recovery out instead of failing the load.
JOURNEY_WAIT_S = 900.0
RECONNECT_FOR_S = 300.0


@dataclass
class Load:
    urls: dict[str, str]
    var_dir: Path
    bootstrap: str
    children: int
    concurrency: int
    seed: int = 2339
    region_code: str = "66"
    courses_started: int = 0
    report: dict[str, Any] | None = None
    error: BaseException | None = None
    console_text: io.StringIO = field(default_factory=io.StringIO)
    started_at: float = 0.0
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="chaos-load", daemon=True)
        self._thread.start()

    def join(self, timeout_s: float) -> None:
        assert self._thread is not None
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            raise TimeoutError(f"the load did not finish in {timeout_s:.0f} s")
        if self.error is not None:
            raise self.error

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _main(self) -> None:
        try:
            self.report = asyncio.run(self._play())
        except BaseException as exc:  # handed to the test thread by join()
            self.error = exc

    async def _play(self) -> dict[str, Any]:
        actors.WAIT_TIMEOUT_S = JOURNEY_WAIT_S
        actors.RETRY_FOR_S = RECONNECT_FOR_S
        console = Console(file=self.console_text, width=120)
        args = argparse.Namespace(children=self.children, seed=self.seed, region=self.region_code,
                                  mse_export=None, concurrency=self.concurrency)
        self.started_at = time.time()
        t0 = time.monotonic()
        rng = random.Random(self.seed)
        transport = httpx.AsyncHTTPTransport(retries=CONNECT_RETRIES,
                                             limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))
        async with httpx.AsyncClient(timeout=120, transport=transport) as client:
            cast = await demo_region.assemble(self.urls, client, self.seed, rng, self.var_dir / "pki")
            region, sfr = cast.region, cast.region.sfr
            await price_lists.approve_all(self.urls, client, region.providers, cast.providers, console)
            imported, issued, families = await demo_region.children_of_export(cast, args, console)
            self.courses_started = len(issued)
            await demo_region._courses(region, issued, families, args, console)
            await closing.settled(sfr, console, region.errors, timeout_s=JOURNEY_WAIT_S)
            data = await reporting.collect(sfr, region.head, region.providers, imported, self.var_dir / "ecp",
                                           self.bootstrap, "", int(self.started_at * 1000))
        result = reporting.summarise(data, len(imported["entries"]), time.monotonic() - t0, 0,
                                     self.var_dir / "ecp", self.var_dir / "pki" / "root.pem")
        demo_region.add_journeys(result, region)
        result["_data"] = data
        return result
