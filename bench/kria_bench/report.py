"""The benchmark's report: JSON for machines, tables for people, the targets of issue 8 side by side."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

NATIONAL_COURSES = 100_000  # courses a year across the country (issue 8)
NATIONAL_EVENTS = 13_000_000  # ≈ 130 events per course with the journal (issue 8)


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        pass
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": _git("rev-parse", "--short", "HEAD"),
            "tree_dirty": bool(_git("status", "--porcelain")), "cpus": os.cpu_count(), "cpu_model": model,
            "load_avg_at_start": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version()}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def compare(pipeline: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """pipeline ÷ raw for the saturated runs, and the issue's targets checked against the measured figures."""
    sat, rsat = pipeline["saturated"], raw["saturated"]
    thr = sat["throughput"]
    ratio = {
        "events_per_s": _ratio(thr["events_per_s"], rsat["events_per_s"]),
        "courses_per_s": _ratio(thr["courses_per_s"], rsat["courses_per_s"]),
        "cpu_s_per_course": _ratio(sat["cpu_s_per_course"]["services_total"], rsat["cpu_s_per_course"]),
        "hop_p50_ms": _ratio(sat["hops"]["all"]["p50"], rsat["hop_ms"]["p50"]),
    }
    fixed = pipeline.get("latency", {})
    e2e_p99 = fixed.get("latency", {}).get("decision_to_signed_ms", {}).get("p99", 0)
    hop_p99 = fixed.get("hops", {}).get("all", {}).get("p99", 0)
    rss = max([0.0, *(v for run in pipeline.values() for v in run.get("peak_rss_mb", {}).values())])
    cps, eps = thr["courses_per_s"], thr["events_per_s"]
    share = ratio["events_per_s"] or 0.0
    targets = {
        "throughput_at_least_half_of_raw": {"measured": share, "met": share >= 0.5},
        "p99_decision_to_signed_at_fixed_load_le_100ms": {"measured": e2e_p99, "met": 0 < e2e_p99 <= 100},
        "p99_event_hop_at_fixed_load_le_100ms": {"measured": hop_p99, "met": 0 < hop_p99 <= 100},
        "peak_rss_per_service_le_150mb": {"measured": rss, "met": 0 < rss <= 150},
        "national_year_under_an_hour": {
            "hours_for_100k_courses": round(NATIONAL_COURSES / cps / 3600, 2) if cps else None,
            "hours_for_13M_events": round(NATIONAL_EVENTS / eps / 3600, 2) if eps else None,
            "met": bool(cps) and NATIONAL_COURSES / cps <= 3600,
        },
    }
    return {"pipeline_over_raw": ratio, "targets": targets}


def render(console: Console, report: dict[str, Any]) -> None:
    meta = report["meta"]
    for store, part in report["stores"].items():
        p, r = part["pipeline"], part["raw"]
        t = Table(title=f"KRiA bench — {store} stores ({meta['commit']}, {meta['date']})")
        for col in ("figure", "pipeline", "raw limit"):
            t.add_column(col)
        sat, rsat = p["saturated"], r["saturated"]
        thr = sat["throughput"]
        t.add_row("events/s, saturated", f"{thr['events_per_s']}", f"{rsat['events_per_s']}")
        t.add_row("courses/s, saturated", f"{thr['courses_per_s']}", f"{rsat['courses_per_s']}")
        t.add_row("events (courses)", f"{thr['events']} ({sat['courses_done']})",
                  f"{rsat['events']} ({rsat['courses']})")
        t.add_row("event hop p50/p95/p99 ms, saturated", _pct(sat["hops"]["all"]), _pct(rsat["hop_ms"]))
        t.add_row("decision→signed p50/p95/p99 ms, saturated", _pct(sat["latency"]["decision_to_signed_ms"]), "—")
        if "latency" in p:
            fixed, rate = p["latency"], p["latency"]["offered_rate"]
            rfixed = r.get("latency", {})
            t.add_row(f"decision→signed p50/p95/p99 ms @ {rate}/s", _pct(fixed["latency"]["decision_to_signed_ms"]),
                      "course drain " + _pct(rfixed["course_drain_ms"]) if rfixed else "—")
            t.add_row(f"event hop p50/p95/p99 ms @ {rate}/s", _pct(fixed["hops"]["all"]),
                      _pct(rfixed["hop_ms"]) if rfixed else "—")
        t.add_row("CPU s per course (services | relays)", f"{sat['cpu_s_per_course']['services_total']}",
                  f"{rsat['cpu_s_per_course']}")
        t.add_row("peak RSS MB", _mb(sat["peak_rss_mb"]), _mb(rsat["peak_rss_mb"] or {}))
        t.add_row("sequence check", _check(sat["check"]), _check(rsat["check"]))
        console.print(t)
        ratio = part["comparison"]["pipeline_over_raw"]
        console.print(f"pipeline ÷ raw: events/s {ratio['events_per_s']}, courses/s {ratio['courses_per_s']}, "
                      f"CPU per course {ratio['cpu_s_per_course']}")
        for name, target in part["comparison"]["targets"].items():
            console.print(f"  target {name}: {_ok(target['met'])} "
                          + ", ".join(f"{k} {v}" for k, v in target.items() if k != "met"))
        slow = list(sat.get("http_ms", {}).items())[:4]
        if slow:
            console.print("slowest routes (p50 ms): " + ", ".join(f"{k} {v['p50']}" for k, v in slow))
        prof = p.get("profile", {}).get("all_services_pct")
        if prof:
            console.print("CPU by stage (profiled run, all services): "
                          + ", ".join(f"{k} {v} %" for k, v in prof.items()))


def _pct(p: dict[str, Any]) -> str:
    return f"{p['p50']} / {p['p95']} / {p['p99']}"


def _mb(d: dict[str, float]) -> str:
    return ", ".join(f"{k.removeprefix('relay ')} {v:.0f}" for k, v in d.items())


def _check(c: dict[str, Any]) -> str:
    return f"{_ok(c['ok'])} {c['seen']}/{c['expected']}"


def _ok(flag: bool) -> str:
    return "[green]ok[/green]" if flag else "[red]FAILED[/red]"
