"""Prometheus rules and Grafana dashboards: valid, unit-tested, current, and on metrics the code defines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from .support import DEPLOY, ROOT, run, tools

RULES = sorted((DEPLOY / "prometheus" / "rules").glob("*.yml"))
RULE_TESTS = sorted((DEPLOY / "prometheus" / "tests").glob("*.test.yml"))
DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
RUNBOOK = ROOT / "docs" / "operations.md"
# Metrics the rules read that no service defines yet (see the report to the lead); the test below fails
# as soon as one appears, so this list only shrinks.
PENDING: dict[str, str] = {}


def alerts() -> dict[str, dict[str, object]]:
    return {r["alert"]: r for f in RULES for g in yaml.safe_load(f.read_text())["groups"] for r in g["rules"]
            if "alert" in r}


def dashboard_exprs() -> list[str]:
    return [t["expr"] for f in DASHBOARDS for p in json.loads(f.read_text())["panels"] for t in p.get("targets", [])]


def rule_exprs() -> list[str]:
    return [r["expr"] for f in RULES for g in yaml.safe_load(f.read_text())["groups"] for r in g["rules"]]


def test_promtool_checks_the_rules() -> None:
    tools()
    done = run(["promtool", "check", "rules", *map(str, RULES)])
    assert done.returncode == 0, done.stdout + done.stderr


def test_promtool_unit_tests_pass_and_cover_every_alert() -> None:
    done = run(["promtool", "test", "rules", *map(str, RULE_TESTS)])
    assert done.returncode == 0, done.stdout + done.stderr
    tested = {c["alertname"] for f in RULE_TESTS for t in yaml.safe_load(f.read_text())["tests"]
              for c in t.get("alert_rule_test", [])
              if c.get("exp_alerts")}  # a test that only shows silence does not count
    assert set(alerts()) - tested == set()


def test_every_alert_links_to_a_runbook_section() -> None:
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).strip().replace(" ", "-")
               for h in re.findall(r"^#+ (.+)$", RUNBOOK.read_text(), flags=re.M)}
    for name, rule in alerts().items():
        url = rule["annotations"]["runbook_url"]  # type: ignore[index]
        assert url.startswith("docs/operations.md#"), name
        assert url.split("#")[1] in anchors, f"{name}: no section for {url}"
        assert rule["labels"]["severity"] in {"info", "warning", "critical"}  # type: ignore[index]


def test_dashboards_are_generated_from_their_source() -> None:
    done = subprocess.run([sys.executable, str(DEPLOY / "grafana" / "build_dashboards.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    titles = {json.loads(f.read_text())["title"] for f in DASHBOARDS}
    assert titles == {"KRiA — platform overview", "KRiA — pilot"}


def test_every_dashboard_expression_parses(tmp_path: Path) -> None:
    # promtool parses PromQL offline when it checks rules: one recording rule per panel query.
    rules = {"groups": [{"name": "dashboards", "rules": [
        {"record": f"dashboard:query_{i}", "expr": e} for i, e in enumerate(dashboard_exprs())]}]}
    path = tmp_path / "dashboards.yml"
    path.write_text(yaml.safe_dump(rules))
    done = run(["promtool", "check", "rules", str(path)])
    assert done.returncode == 0, done.stdout + done.stderr


def defined_metrics() -> set[str]:
    """Metric names declared in the kit, the services, FastStream's middleware and the lag exporter."""
    names: set[str] = {"up"}
    sources = [*ROOT.glob("shared/kria_shared/**/*.py"), *ROOT.glob("services/*/kria_*/**/*.py"),
               DEPLOY / "lag-exporter" / "lag_exporter.py"]
    declared = re.compile(r"(?:Counter|Gauge|Histogram|Summary)\(\s*(?:name=)?\"([a-z_:]+)\"")
    for src in sources:
        for name in declared.findall(src.read_text(encoding="utf-8")):
            kind_suffixes = ("", "_bucket", "_sum", "_count")
            names.update(name + s for s in kind_suffixes)
    for base in ("received_messages_total", "received_processed_messages_total",
                 "received_processed_messages_duration_seconds", "published_messages_total"):
        names.update(f"faststream_{base}{s}" for s in ("", "_bucket", "_sum", "_count"))
    return names


def referenced_metrics() -> set[str]:
    recorded = {r["record"] for f in RULES for g in yaml.safe_load(f.read_text())["groups"] for r in g["rules"]
                if "record" in r}
    words: set[str] = set()
    for expr in [*rule_exprs(), *dashboard_exprs()]:
        expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
        expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
        expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
        words.update(w for w in re.findall(r"[a-z_:][a-z0-9_:]*", expr) if "_" in w or ":" in w)
    functions = {"histogram_quantile", "min_over_time", "max_over_time", "label_values"}
    return words - recorded - functions


def test_rules_and_dashboards_read_only_metrics_that_exist() -> None:
    missing = referenced_metrics() - defined_metrics()
    assert missing == set(PENDING), f"undefined metrics: {sorted(missing - set(PENDING))}; " \
                                    f"now defined, drop from PENDING: {sorted(set(PENDING) - missing)}"


# Gauges every replica computes from the shared database (or outbox table): each pod reports the same total,
# so summing them multiplies the figure by the replica count. They must be read with max/min/avg.
DATABASE_WIDE_GAUGES = ("kria_certificates_current_certificates", "kria_certificates_expiring_unused",
                        "kria_signing_submission_failed_conclusions",
                        "kria_signing_awaiting_signature_oldest_age_seconds", "kria_outbox_pending_events",
                        "kria_outbox_oldest_pending_age_seconds")


def test_database_wide_gauges_are_never_summed_over_replicas() -> None:
    summed = re.compile(r"\bsum\s*(?:(?:by|without)\s*\([^)]*\)\s*)?\(\s*(" + "|".join(DATABASE_WIDE_GAUGES) + r")\b")
    offending = [e for e in [*rule_exprs(), *dashboard_exprs()] if summed.search(e)]
    assert offending == []
    used = " ".join([*rule_exprs(), *dashboard_exprs()])
    assert "max by (region) (kria_certificates_expiring_unused)" in used
    assert "max by (region, state) (kria_certificates_current_certificates)" in used


def panels(dashboard: str) -> dict[str, list[str]]:
    data = json.loads((DEPLOY / "grafana" / "dashboards" / dashboard).read_text())
    return {p["title"]: [t["expr"] for t in p.get("targets", [])] for p in data["panels"]}


def test_the_pilot_dashboard_shows_ineffective_conclusions_by_reason() -> None:
    exprs = panels("kria-pilot.json")["Ineffective by reason"]
    assert exprs == ['sum by (reason) (kria_signing_signed_conclusions_total{verdict="ineffective"})']


def test_the_overview_shows_red_per_event_type() -> None:
    # FastStream's handler label is the topic (batches mix event types): RED per handler needs the kit's type label.
    exprs = panels("kria-platform.json")
    assert "type" in exprs["Events handled per second by type"][0]
    assert "type" in exprs["Dead-letter ratio by type"][0]
    assert exprs["Handler p95 latency by type"] == ["kria:consumer_handler_duration_seconds:p95_5m"]
    recorded = {r["record"]: r["expr"] for f in RULES for g in yaml.safe_load(f.read_text())["groups"]
                for r in g["rules"] if "record" in r}
    assert "by (service, type, le)" in recorded["kria:consumer_handler_duration_seconds:p95_5m"]
    assert "kria:consumer_handler_duration_seconds:p95_5m" in alerts()["KriaHandlerSlow"]["expr"]  # type: ignore[operator]
