"""deploy/compose validated by compose-go (the loader of `docker compose config`) and read back."""

from __future__ import annotations

import re

import yaml

from .support import DEPLOY, SERVICES, SHUTDOWN_MARGIN_S, run, shutdown_budget_s, tools

COMPOSE = DEPLOY / "compose" / "compose.yaml"
EXAMPLE_ENV = DEPLOY / "compose" / "example.env"


def config(*extra: str, env_file: bool = True) -> tuple[int, str, str]:
    cmd = [str(tools() / "bin" / "compose-config"), "-f", str(COMPOSE), *extra]
    if env_file:
        cmd[1:1] = ["-env-file", str(EXAMPLE_ENV)]
    done = run(cmd, env={"PATH": "/usr/bin:/bin"})
    return done.returncode, done.stdout, done.stderr


def test_compose_file_validates_and_resolves_a_whole_region() -> None:
    rc, out, err = config()
    assert rc == 0, err
    model = yaml.safe_load(out)
    assert set(model["services"]) == {*SERVICES, "console", "kafka", "postgres", "lag-exporter", "prometheus",
                                      "grafana"}
    ports = {name: model["services"][name]["ports"][0]["published"] for name in SERVICES}
    assert ports == {"certificates": "8101", "costing": "8102", "assessment": "8103", "signing": "8104"}
    for name in SERVICES:
        svc = model["services"][name]
        assert svc["build"]["args"] == {"SERVICE": name}
        assert svc["read_only"] is True and svc["user"] == "10001:10001" and svc["cap_drop"] == ["ALL"]
        env = svc["environment"]
        assert env[f"{name.upper()}_DATABASE_URL"].endswith(f"@postgres:5432/{name}")  # one database each
        assert env["KRIA_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert (env["KRIA_TOPIC_REPLICATION"], env["KRIA_TOPIC_MIN_ISR"]) == ("1", "1")  # one broker
        assert env["KRIA_GROUP_INSTANCE_ID"] == f"{name}-1"
        assert svc["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_the_console_calls_the_services_on_the_compose_network_and_keeps_no_data() -> None:
    _, out, _ = config()
    console = yaml.safe_load(out)["services"]["console"]
    assert console["build"]["args"] == {"SERVICE": "console"}
    assert console["ports"][0]["published"] == "8100" and console["ports"][0]["target"] == 8080
    assert console["read_only"] is True and console["user"] == "10001:10001" and console["cap_drop"] == ["ALL"]
    env = console["environment"]
    assert {env[f"KRIA_CONSOLE_{s.upper()}_URL"] for s in SERVICES} == {f"http://{s}:8080" for s in SERVICES}
    assert env["KRIA_CONSOLE_HTTP_HOST"] == "0.0.0.0"
    assert not any(k.endswith("DATABASE_URL") for k in env)
    assert {v["target"] for v in console["volumes"]} == {"/app/dev-keys"}


def test_each_service_keeps_its_var_dir_on_its_own_named_volume() -> None:
    # /app/var holds what must survive a restart (signing: the ЕЦП files and the dev PKI); a tmpfs lost them.
    _, out, _ = config()
    model = yaml.safe_load(out)
    for name in SERVICES:
        svc = model["services"][name]
        mounts = {v["target"]: v for v in svc["volumes"]}
        assert (mounts["/app/var"]["type"], mounts["/app/var"]["source"]) == ("volume", f"{name}-var"), name
        assert mounts["/app/dev-keys"]["read_only"] is True
        assert not any(t.startswith("/app/var") for t in svc.get("tmpfs", [])), name
        assert f"{name}-var" in model["volumes"]


def test_kafka_runs_in_kraft_mode_without_auto_created_topics() -> None:
    _, out, _ = config()
    kafka = yaml.safe_load(out)["services"]["kafka"]["environment"]
    assert kafka["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert kafka["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


def test_monitoring_is_provisioned_from_the_repository() -> None:
    _, out, _ = config()
    services = yaml.safe_load(out)["services"]
    mounts = {v["target"]: v.get("source", "") for name in ("prometheus", "grafana") for v in services[name]["volumes"]}
    assert mounts["/etc/prometheus/rules"].endswith("deploy/prometheus/rules")
    assert mounts["/var/lib/grafana/dashboards"].endswith("deploy/grafana/dashboards")
    assert mounts["/etc/grafana/provisioning"].endswith("deploy/grafana/provisioning")
    scrape = yaml.safe_load((DEPLOY / "compose" / "prometheus" / "prometheus.yml").read_text())
    targets = [t for job in scrape["scrape_configs"] for c in job["static_configs"] for t in c["targets"]]
    # /metrics is on its own port (it shows money totals per region), never on the published API port
    metrics_port = {str(services[s]["environment"]["KRIA_METRICS_PORT"]) for s in SERVICES}
    assert len(metrics_port) == 1 and metrics_port != {str(services["costing"]["environment"]["KRIA_HTTP_PORT"])}
    assert {f"{s}:{next(iter(metrics_port))}" for s in SERVICES} <= set(targets)
    assert not {f"{s}:8080" for s in SERVICES} & set(targets)
    assert all(p["target"] == 8080 for s in SERVICES for p in services[s]["ports"])  # only the API is published


def test_missing_secrets_are_refused_not_defaulted() -> None:
    rc, _, err = config(env_file=False)
    assert rc != 0
    assert "KRIA_REGION_CODE" in err or "PASSWORD" in err, err


def test_an_invalid_compose_file_is_rejected(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "compose.yaml"
    broken.write_text("services:\n  x:\n    image: a\n    read_only: maybe\n")
    done = run([str(tools() / "bin" / "compose-config"), "-f", str(broken)])
    assert done.returncode != 0 and "read_only" in done.stderr


def test_services_get_time_to_stop_gracefully() -> None:
    # docker stops a container with SIGKILL when stop_grace_period ends; no preStop pause here.
    _, out, _ = config()
    for name in SERVICES:
        grace = yaml.safe_load(out)["services"][name]["stop_grace_period"]  # Go's form, e.g. "1m0s"
        parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", grace)
        assert parts and grace, grace
        seconds = sum(int(v or 0) * k for v, k in zip(parts.groups(), (3600, 60, 1), strict=True))
        assert seconds >= shutdown_budget_s() + SHUTDOWN_MARGIN_S, (name, grace)


def test_signing_reads_the_particulars_from_certificates_on_the_compose_network() -> None:
    _, out, _ = config()
    env = yaml.safe_load(out)["services"]["signing"]["environment"]
    assert env["KRIA_SIGNING_CERTIFICATES_URL"] == "http://certificates:8080"
