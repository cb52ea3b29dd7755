"""The two Grafana dashboards as code: ``python deploy/grafana/build_dashboards.py`` rewrites dashboards/*.json.

The JSON files are what Grafana loads (provisioning/dashboards/kria.yaml); tests/deploy checks that they are
current and, against a real Prometheus fed by the four services, that every query parses and returns data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
RUB = "/ 100"  # kopecks to roubles for display only; the metrics stay integer kopecks


def panel(title: str, exprs: dict[str, str], *, kind: str = "timeseries", unit: str = "short",
          width: int = 12, description: str = "") -> dict[str, Any]:
    return {
        "type": kind, "title": title, "description": description, "datasource": DATASOURCE,
        "gridPos": {"w": width, "h": 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "table", "placement": "bottom"}} if kind == "timeseries" else {},
        "targets": [
            {"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
            for i, (legend, expr) in enumerate(exprs.items())
        ],
    }


def row(title: str) -> dict[str, Any]:
    return {"type": "row", "title": title, "collapsed": False, "gridPos": {"w": 24, "h": 1}, "panels": []}


def layout(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Assign ids and grid positions left to right, top to bottom."""
    x = y = 0
    for i, item in enumerate(items, start=1):
        pos = item["gridPos"]
        if item["type"] == "row" or x + pos["w"] > 24:
            x, y = 0, y + (8 if x else 0)
        item["id"] = i
        pos.update(x=x, y=y)
        if item["type"] == "row":
            y += 1
        else:
            x += pos["w"]
    return items


def dashboard(uid: str, title: str, description: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "uid": uid, "title": title, "description": description, "tags": ["kria"], "editable": False,
        "schemaVersion": 39, "version": 1, "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
        "timezone": "utc", "templating": {"list": []}, "annotations": {"list": []}, "panels": layout(items),
    }


def platform() -> dict[str, Any]:
    return dashboard("kria-platform", "KRiA — platform overview",
                     "Throughput, lag, errors, dead letters and outbox of the four services (docs/operations.md).", [
        row("Health"),
        panel("Services up", {"{{service}}": 'up{service=~"certificates|costing|assessment|signing"}'},
              kind="stat", width=8),
        panel("HTTP requests by status", {"{{service}} {{status}}": "kria:http_requests:rate5m"}, unit="reqps",
              width=16),
        row("Throughput"),
        panel("Events consumed by type and outcome", {"{{service}} {{type}} {{outcome}}":
              "sum by (service, type, outcome) (kria:consumer_events:rate5m)"}, unit="ops"),
        panel("Events published by the outbox relay", {"{{service}}": "kria:outbox_published:rate5m"}, unit="ops"),
        row("Lag"),
        panel("Consumer lag by group and topic", {"{{consumergroup}} {{topic}}": "kria:consumer_lag:sum"},
              description="Events not yet consumed. KEDA scales a service on this, up to the partition count."),
        panel("Committed offsets per second", {"{{consumergroup}} {{topic}}":
              "sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset[5m]))"}, unit="ops"),
        row("Errors and latency (RED) per handler (event type)"),
        panel("Events handled per second by type", {"{{service}} {{type}}":
              'sum by (service, type) (kria:consumer_events:rate5m{outcome="processed"})'}, unit="ops", width=8),
        panel("Dead-letter ratio by type", {"{{service}} {{type}}":
              "max by (service, type) (kria:consumer_dead_letter:ratio_rate5m)"}, unit="percentunit", width=8,
              description="Type 'unknown': records that are not events of the contract."),
        panel("Handler p95 latency by type", {"{{service}} {{type}}": "kria:consumer_handler_duration_seconds:p95_5m"},
              unit="s", width=8, description="One event's handler call inside its batch transaction."),
        panel("Failed batches (nacked, redelivered)", {"{{app_name}} {{handler}}": "kria:handler_error:ratio_rate5m"},
              unit="percentunit", width=8,
              description="FastStream's handler label is the topic; a batch fails on a transient error (database "
              "or broker), permanent failures are dead-lettered record by record."),
        panel("Batch p95 duration by topic", {"{{app_name}} {{handler}}": "kria:batch_duration_seconds:p95_5m"},
              unit="s", width=8),
        panel("HTTP 5xx ratio", {"{{service}}": "kria:http_server_errors:ratio_rate5m"}, unit="percentunit",
              width=8),
        row("Dead-letter queues"),
        panel("Dead letters in the last hour by reason", {"{{service}} {{topic}} {{reason}}":
              "sum by (service, topic, reason) (increase(kria_dlq_published_events_total[1h]))"},
              kind="bargauge", width=12),
        panel("Dead letters, total", {"{{service}} {{topic}}":
              "sum by (service, topic) (kria_dlq_published_events_total)"}, kind="stat", width=12,
              description="Drain with `kria dlq inspect` / `kria dlq replay` after the fix (docs/operations.md)."),
        row("Outbox"),
        panel("Outbox backlog", {"{{service}}": "max by (service) (kria_outbox_pending_events)"}),
        panel("Age of the oldest unsent event", {"{{service}}":
              "max by (service) (kria_outbox_oldest_pending_age_seconds)"}, unit="s"),
    ])


def pilot() -> dict[str, Any]:
    return dashboard("kria-pilot", "KRiA — pilot", "Certificates, money, effectiveness and signatures of the pilot.", [
        row("Certificates"),
        # Every certificates replica reports the same database-wide count: max, not sum (sum counts it per pod).
        panel("Certificates by state and region", {"{{region}} {{state}}":
              "max by (region, state) (kria_certificates_current_certificates)"}, kind="bargauge", width=12),
        panel("MSE decisions by outcome", {"{{outcome}} {{code}}":
              "sum by (outcome, code) (increase(kria_certificates_decisions_total[1d]))"}, kind="bargauge", width=12),
        row("Money (roubles)"),
        panel("Face value issued (inpatient form)", {"{{region}}":
              f'sum by (region) (kria_certificates_face_value_issued_kopecks_total{{form="inpatient"}}) {RUB}'},
              kind="stat", unit="currencyRUB", width=8,
              description="A certificate's value depends on the form chosen at reservation; this is the upper bound."),
        panel("Paid at settlement", {"{{outcome}}": f"sum by (outcome) (kria_costing_settled_kopecks_total) {RUB}"},
              kind="stat", unit="currencyRUB", width=8),
        panel("Released at settlement", {"{{outcome}}":
              f"sum by (outcome) (kria_costing_released_kopecks_total) {RUB}"}, kind="stat", unit="currencyRUB",
              width=8),
        panel("Estimates by outcome", {"{{outcome}} {{reason}}":
              "sum by (outcome, reason) (increase(kria_costing_estimates_total[1d]))"}, kind="bargauge", width=24),
        row("Effectiveness"),
        panel("Effectiveness rate", {"effective": 'sum(kria_signing_conclusions_total{verdict="effective"})'
              " / sum(kria_signing_conclusions_total)"}, kind="stat", unit="percentunit", width=8,
              description="Reported: 95.5 % (2023), 96.8 % (2024), ≈ 98 % (2025)."),
        panel("Conclusions by verdict", {"{{verdict}}": "sum by (verdict) (kria_signing_conclusions_total)"},
              kind="piechart", width=8),
        panel("Criteria scored 0 (why courses are ineffective)", {"{{criterion}}":
              'sum by (criterion) (kria_signing_criterion_points_total{points="0"})'}, kind="bargauge", width=8),
        # Every reason series starts at 0 in signing, so the panel has data before the first ineffective course.
        panel("Ineffective by reason", {"{{reason}}":
              'sum by (reason) (kria_signing_signed_conclusions_total{verdict="ineffective"})'}, kind="bargauge",
              width=8, description="Signed ineffective conclusions by their final reason (the expert's, or the "
              "prefilled one they kept); counted when the head's signature is accepted."),
        panel("Missed activities by reason", {"{{reason}}":
              "sum by (reason) (kria_assessment_activities_missed_total)"}, kind="bargauge", width=8),
        panel("Protocols submitted", {"{{outcome}}": "sum by (outcome) (kria_assessment_protocols_submitted_total)"},
              kind="stat", width=8),
        row("Signatures and submissions"),
        panel("Signatures accepted", {"{{source}}": "sum by (source) (kria_signing_signatures_made_total)"},
              kind="stat", width=8),
        panel("Signatures refused by reason", {"{{reason}}":
              "sum by (reason) (kria_signing_signatures_rejected_total)"}, kind="bargauge", width=8),
        panel("Submissions to the ЕЦП by outcome", {"{{sink}} {{outcome}}":
              "sum by (sink, outcome) (kria_signing_submissions_total)"}, kind="bargauge", width=8),
    ])


DASHBOARDS = {"kria-platform.json": platform, "kria-pilot.json": pilot}


def render(build: Any) -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for name, build in DASHBOARDS.items():
        path = HERE / "dashboards" / name
        text = render(build)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale dashboards (run python deploy/grafana/build_dashboards.py):", *stale)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
