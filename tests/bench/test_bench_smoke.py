"""`kria bench --courses 20` completes and reports every figure (no timing is asserted: benchmarks are not tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kria_cli.main import build_parser

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.slow]

PERCENTILES = {"n", "p50", "p95", "p99", "max"}


def test_a_small_bench_run_completes_and_reports_every_figure(kafka_bootstrap: str, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    args = build_parser().parse_args(["bench", "--courses", "20", "--latency-courses", "10", "--profile-courses", "10",
                                      "--json", str(out), "--var", str(tmp_path / "var")])
    assert args.func(args) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["ok"] is True
    part = report["stores"]["sqlite"]
    sat, fixed, raw = part["pipeline"]["saturated"], part["pipeline"]["latency"], part["raw"]["saturated"]
    assert sat["courses_done"] == 20 and fixed["courses_done"] == 10
    assert sat["check"] == sat["check"] | {"ok": True, "duplicates": 0, "missing": 0, "doubled": 0}
    assert raw["check"]["ok"] and raw["events"] == sat["throughput"]["events"]
    for figures in (sat["throughput"], raw):
        assert figures["events_per_s"] > 0 and figures["courses_per_s"] > 0
    for key in ("decision_to_signed_ms", "decision_to_submitted_ms", "decision_to_settled_ms"):
        assert set(sat["latency"][key]) == PERCENTILES and sat["latency"][key]["n"] == 20
        assert fixed["latency"][key]["n"] == 10
    assert set(part["raw"]["latency"]["course_drain_ms"]) == PERCENTILES
    assert set(sat["peak_rss_mb"]) == {"certificates", "costing", "assessment", "signing"}
    assert all(v > 0 for v in sat["peak_rss_mb"].values())
    assert sat["cpu_s_per_course"]["services_total"] > 0 and raw["cpu_s_per_course"] > 0
    assert set(part["comparison"]["pipeline_over_raw"]) >= {"events_per_s", "courses_per_s", "cpu_s_per_course"}
    profile = part["pipeline"]["profile"]
    assert set(profile["services"]) == {"certificates", "costing", "assessment", "signing"}
    assert {"DB", "Kafka", "signing"} <= set(profile["all_services_pct"])
    assert report["meta"]["commit"] and report["meta"]["cpus"]
