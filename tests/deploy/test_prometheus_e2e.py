"""A real Prometheus scrapes the four services (separate `kria-<svc> serve` processes on a real broker) and the
lag exporter during one child's whole pilot; every alert, recording rule and dashboard query is then evaluated
through its HTTP API: each must parse, and each dashboard query must return data."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from aiokafka import AIOKafkaProducer

from kria_cli.stack import Stack, free_port
from kria_shared.contracts.topics import GROUPS, Topics
from kria_shared.testing.kafka import unique

from .pilot_flow import Pilot
from .support import DEPLOY, SERVICES, tools
from .test_observability import PENDING, dashboard_exprs, referenced_metrics, rule_exprs

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.timeout(600)]


def prometheus_config(targets: dict[str, str], lag_target: str) -> dict[str, Any]:
    return {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(p) for p in sorted((DEPLOY / "prometheus" / "rules").glob("*.yml"))],
        "scrape_configs": [
            {"job_name": "kria", "static_configs": [
                {"targets": [target], "labels": {"service": name}} for name, target in targets.items()]},
            {"job_name": "kafka-lag", "static_configs": [{"targets": [lag_target]}]},
        ],
    }


@pytest.fixture(scope="module")
def region(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The four services, the lag exporter and Prometheus, all on loopback; stopped afterwards."""
    tools()
    var = tmp_path_factory.mktemp("region")
    prefix = unique("ops") + "."
    stack = Stack(var, kafka_bootstrap, extra_env={"KRIA_TOPIC_PREFIX": prefix, "KRIA_TOPIC_PARTITIONS": "2"},
                  preferred_ports=False)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        stack.start(timeout_s=120)
        lag_port, prom_port = free_port(), free_port()
        procs.append(subprocess.Popen(
            [sys.executable, str(DEPLOY / "lag-exporter" / "lag_exporter.py"), "--bootstrap", kafka_bootstrap,
             "--port", str(lag_port), "--address", "127.0.0.1", "--interval", "1",
             *[arg for g in sorted(GROUPS.values()) for arg in ("--group", prefix + g)]],  # groups carry the prefix
            stdout=open(var / "log" / "lag.log", "wb"), stderr=subprocess.STDOUT))  # noqa: SIM115
        config = var / "prometheus.yml"
        targets = {name: f"127.0.0.1:{stack.procs[name].port}" for name in SERVICES}
        config.write_text(yaml.safe_dump(prometheus_config(targets, f"127.0.0.1:{lag_port}")))
        procs.append(subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={var / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"],
            stdout=open(var / "log" / "prometheus.log", "wb"), stderr=subprocess.STDOUT))  # noqa: SIM115
        url = f"http://127.0.0.1:{prom_port}"
        wait_until_scraping(url, procs[-1], var)
        yield {"stack": stack, "prefix": prefix, "prometheus": url, "var": var}
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
        stack.stop()


def wait_until_scraping(url: str, prometheus: subprocess.Popen[bytes], var: Path, timeout_s: float = 60) -> None:
    """Prometheus is ready and has scraped every target once (so counters are seen from before the traffic)."""
    deadline = time.monotonic() + timeout_s
    targets: Any = None
    while time.monotonic() < deadline:
        assert prometheus.poll() is None, (var / "log" / "prometheus.log").read_text()[-3000:]
        try:
            targets = httpx.get(f"{url}/api/v1/targets", timeout=2).json()["data"]["activeTargets"]
            if len(targets) == len(SERVICES) + 1 and all(t["health"] == "up" for t in targets):
                return
        except (httpx.HTTPError, ValueError):  # not up yet, or a plain-text 503 while it starts
            pass
        time.sleep(0.5)
    raise AssertionError(f"prometheus did not scrape every target in {timeout_s} s: {targets}")


async def dead_letter_one(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=b"{not an envelope", key=b"cert-broken")
    finally:
        await producer.stop()


@pytest.fixture(scope="module")
async def observed(region: dict[str, Any], kafka_bootstrap: str) -> AsyncIterator[dict[str, Any]]:
    stack: Stack = region["stack"]
    pilot = Pilot({name: stack.url(name) for name in SERVICES}, region["var"] / "pki")
    try:
        cid = await pilot.run()
    finally:
        await pilot.close()
    await dead_letter_one(kafka_bootstrap, region["prefix"] + Topics.CERTIFICATES)
    async with httpx.AsyncClient(base_url=region["prometheus"], timeout=30) as prom:
        yield {"prom": prom, "certificate_id": cid, **region}


async def query(prom: httpx.AsyncClient, expr: str) -> dict[str, Any]:
    r = await prom.get("/api/v1/query", params={"query": expr})
    body: dict[str, Any] = r.json()
    assert r.status_code == 200 and body["status"] == "success", f"{expr!r}: {body.get('error')}"
    return body["data"]  # type: ignore[no-any-return]


async def eventually_data(prom: httpx.AsyncClient, exprs: list[str], timeout_s: float = 90.0) -> list[str]:
    """The expressions still without data when the time is up (rates need a few scrapes of a counter)."""
    deadline = time.monotonic() + timeout_s
    empty = list(exprs)
    while empty and time.monotonic() < deadline:
        empty = [e for e in empty if not (await query(prom, e))["result"]]
        if empty:
            await asyncio.sleep(2)
    return empty


async def test_every_service_is_scraped(observed: dict[str, Any]) -> None:
    data = await query(observed["prom"], 'up{job="kria"} == 1')
    assert sorted(s["metric"]["service"] for s in data["result"]) == sorted(SERVICES)


async def test_every_rule_expression_parses_and_the_rules_evaluate(observed: dict[str, Any]) -> None:
    prom = observed["prom"]
    for expr in rule_exprs():
        await query(prom, expr)
    deadline = time.monotonic() + 30
    while True:  # a rule's health is "unknown" until its group's first evaluation
        groups = (await prom.get("/api/v1/rules")).json()["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        if all(r["health"] != "unknown" for r in rules) or time.monotonic() > deadline:
            break
        await asyncio.sleep(1)
    assert len(rules) == len(rule_exprs())
    assert [(r["name"], r["health"], r.get("lastError")) for r in rules if r["health"] != "ok"] == []


async def test_every_dashboard_query_returns_data(observed: dict[str, Any]) -> None:
    assert await eventually_data(observed["prom"], dashboard_exprs()) == []


async def test_every_metric_the_alerts_read_is_exported(observed: dict[str, Any]) -> None:
    # A gauge labelled by year has no series until a decision of an unconfigured year is held (the alert reads it
    # when there is one); its export is covered by tests/integration/certificates/test_held_decisions.py.
    on_demand = {"kria_certificates_held_decisions"}
    wanted = sorted(m for m in referenced_metrics()
                    if m not in PENDING and m not in on_demand and not m.startswith("kria:"))
    missing = await eventually_data(observed["prom"], [f"count({{__name__={m!r}}})" for m in wanted], 30)
    assert missing == []


async def test_the_dead_letter_and_the_settlement_show_up(observed: dict[str, Any]) -> None:
    prom, prefix = observed["prom"], observed["prefix"]
    dlq = f'kria_dlq_published_events_total{{topic="{prefix}kria.certificates.v1"}}'
    assert await eventually_data(prom, [dlq]) == []
    settled = await query(prom, "sum(kria_costing_settled_kopecks_total)")
    assert float(settled["result"][0]["value"][1]) > 0
