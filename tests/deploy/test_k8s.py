"""Every overlay renders with kustomize and validates offline against the Kubernetes (and CRD) schemas."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import (
    CONSUMES,
    DEPLOY,
    SCHEMAS,
    SERVICES,
    SHUTDOWN_MARGIN_S,
    kustomize_cmd,
    run,
    shutdown_budget_s,
    tools,
)

# The regions (podman-smoke is not one: tests/containers/test_kube_play.py plays it).
OVERLAYS = sorted(p.name for p in (DEPLOY / "k8s" / "overlays").iterdir() if p.is_dir() and p.name != "podman-smoke")
K8S_VERSION = "1.31.0"


def render(path: Path) -> list[dict[str, Any]]:
    done = run([*kustomize_cmd(), str(path)])
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


def validate(docs: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    manifest = tmp_path / "rendered.yaml"
    manifest.write_text(yaml.safe_dump_all(docs))
    done = run([str(tools() / "venv" / "bin" / "python"), str(DEPLOY / "tools" / "validate_k8s.py"),
                "--schemas", str(SCHEMAS), "-k", K8S_VERSION, str(manifest)])
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert results, done.stderr
    return results


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def config_of(docs: list[dict[str, Any]]) -> dict[str, str]:
    (cm,) = [d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("kria-config")]
    return cm["data"]  # type: ignore[no-any-return]


def test_there_are_two_example_regions() -> None:
    assert OVERLAYS == ["penza", "sverdlovsk"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_and_every_manifest_validates(overlay: str, tmp_path: Path) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    results = validate(docs, tmp_path)
    assert [r for r in results if r["error"]] == []
    kinds = sorted({d["kind"] for d in docs})
    assert kinds == ["ConfigMap", "Deployment", "NetworkPolicy", "PrometheusRule", "ScaledObject", "Service",
                     "ServiceAccount", "ServiceMonitor", "TriggerAuthentication"]
    assert {d["metadata"].get("namespace") for d in docs} == {f"kria-{overlay}"}


def test_the_validator_rejects_a_bad_manifest(tmp_path: Path) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / "penza")
    deployment = by_kind(docs, "Deployment")["costing"]
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["pathh"] = "/x"
    scaled = by_kind(docs, "ScaledObject")["costing"]
    scaled["spec"]["maxReplicaCount"] = "8"
    errors = {r["resource"]: r["error"] for r in validate(docs, tmp_path) if r["error"]}
    assert set(errors) == {"Deployment/costing", "ScaledObject/costing"}
    assert "pathh" in errors["Deployment/costing"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_are_hardened_probed_bounded_and_statically_member(overlay: str) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    deployments = by_kind(docs, "Deployment")
    assert set(deployments) == {*SERVICES, "lag-exporter", "console"}
    for name in SERVICES:
        d = deployments[name]
        pod = d["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        # Kubernetes kills the pod when the grace period ends: it must cover the preStop pause and every bounded
        # shutdown step, or a batch in hand or committed outbox rows are cut off (redelivered, but late).
        needed = c["lifecycle"]["preStop"]["sleep"]["seconds"] + shutdown_budget_s() + SHUTDOWN_MARGIN_S
        assert pod["terminationGracePeriodSeconds"] >= needed, (name, needed)
        assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["runAsUser"] == 10001
        assert pod["serviceAccountName"] == name and pod["automountServiceAccountToken"] is False
        sc = c["securityContext"]
        assert sc["readOnlyRootFilesystem"] and not sc["allowPrivilegeEscalation"]
        assert sc["capabilities"]["drop"] == ["ALL"]
        writable = {m["mountPath"] for m in c["volumeMounts"] if not m.get("readOnly")}
        assert writable == {"/tmp", "/app/var"}
        assert c["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert c["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert set(c["resources"]["requests"]) == set(c["resources"]["limits"]) == {"cpu", "memory"}
        env = {e["name"]: e.get("valueFrom", {}) for e in c["env"]}
        assert env["KRIA_GROUP_INSTANCE_ID"] == {"fieldRef": {"fieldPath": "metadata.name"}}
        assert env[f"{name.upper()}_DATABASE_URL"]["secretKeyRef"] == {"name": "kria-databases", "key": name}
        assert c["envFrom"][0]["configMapRef"]["name"].startswith("kria-config-")  # hashed: a change rolls pods


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_gets_the_sasl_user_the_region_config_asks_for(overlay: str) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    config = config_of(docs)
    assert config["KRIA_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL" and config["KRIA_KAFKA_SASL_MECHANISM"]
    for name, d in by_kind(docs, "Deployment").items():
        if name == "console":  # the console talks HTTP to the services only, never to Kafka
            continue
        env = {e["name"]: e.get("valueFrom", {}) for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env.get("KRIA_KAFKA_SASL_USERNAME") == {"secretKeyRef": {"name": "kria-kafka", "key": "username"}}, name
        assert env.get("KRIA_KAFKA_SASL_PASSWORD") == {"secretKeyRef": {"name": "kria-kafka", "key": "password"}}, name
    # KEDA reads lag as the same user, from the same Secret.
    auth = by_kind(docs, "TriggerAuthentication")["kria-kafka"]["spec"]["secretTargetRef"]
    assert {(r["parameter"], r["name"], r["key"]) for r in auth} >= {("username", "kria-kafka", "username"),
                                                                    ("password", "kria-kafka", "password")}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_keda_scales_on_lag_up_to_the_partitions_and_never_to_zero(overlay: str) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    config = config_of(docs)
    scaled = by_kind(docs, "ScaledObject")
    assert set(scaled) == set(SERVICES)
    for name, so in scaled.items():
        spec = so["spec"]
        assert spec["scaleTargetRef"]["name"] == name
        assert spec["minReplicaCount"] >= 1  # the outbox relay runs in the process
        assert spec["maxReplicaCount"] == int(config["KRIA_TOPIC_PARTITIONS"])
        triggers = spec["triggers"]
        assert sorted(t["metadata"]["topic"] for t in triggers) == sorted(CONSUMES[name])
        for t in triggers:
            assert t["type"] == "kafka" and t["metadata"]["consumerGroup"] == f"kria-{name}"
            assert t["metadata"]["bootstrapServers"] == config["KRIA_KAFKA_BOOTSTRAP_SERVERS"]


def test_regions_differ_only_in_configuration() -> None:
    penza, sverdlovsk = (render(DEPLOY / "k8s" / "overlays" / o) for o in ("penza", "sverdlovsk"))
    assert (config_of(penza)["KRIA_REGION_CODE"], config_of(sverdlovsk)["KRIA_REGION_CODE"]) == ("58", "66")
    for docs in (penza, sverdlovsk):
        config = config_of(docs)
        # production topics: 3 replicas, min ISR 2 (applied by kria_shared/topic_admin.py at start)
        assert (config["KRIA_TOPIC_REPLICATION"], config["KRIA_TOPIC_MIN_ISR"]) == ("3", "2")
        assert config["KRIA_ENVIRONMENT"] == "production"
        # the personal-data access log goes to the collector, not to the pod's emptyDir (lost on restart)
        assert config["KRIA_ACCESS_LOG"] == "stdout"

    def shape(docs: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return sorted((d["kind"], d["metadata"]["name"].split("-config-")[0]) for d in docs)

    assert shape(penza) == shape(sverdlovsk)
    overlay_keys = {k for o in ("penza", "sverdlovsk")
                    for k in yaml.safe_load((DEPLOY / "k8s" / "overlays" / o / "kustomization.yaml").read_text())}
    # patches: only the console component's ConfigMap (its address and the region's identity provider)
    allowed = {"apiVersion", "kind", "namespace", "resources", "components", "configMapGenerator", "patches",
               "images"}
    assert overlay_keys <= allowed


def test_the_prometheus_rule_is_generated_from_the_rule_files() -> None:
    done = run([sys.executable, str(DEPLOY / "prometheus" / "build_prometheusrule.py"), "--check"])
    assert done.returncode == 0, done.stdout


def test_base_alone_is_a_development_single_replica_setup() -> None:
    docs = render(DEPLOY / "k8s" / "base")
    config = config_of(docs)
    assert (config["KRIA_TOPIC_REPLICATION"], config["KRIA_TOPIC_MIN_ISR"]) == ("1", "1")
    assert "KRIA_KAFKA_SECURITY_PROTOCOL" not in config  # PLAINTEXT: no SASL user to mount
    for d in by_kind(docs, "Deployment").values():
        env = d["spec"]["template"]["spec"]["containers"][0]["env"]
        assert not any(e["name"].startswith("KRIA_KAFKA_SASL") for e in env)


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """A Kubernetes label selector (matchLabels and matchExpressions) applied to a pod's labels."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for e in selector.get("matchExpressions", []):
        key, op, values = e["key"], e["operator"], e.get("values", [])
        ok = {"In": labels.get(key) in values, "NotIn": labels.get(key) not in values,
              "Exists": key in labels, "DoesNotExist": key not in labels}[op]
        if not ok:
            return False
    return True


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_lag_exporter_runs_from_the_service_image_and_prometheus_scrapes_it(overlay: str) -> None:
    # The lag alerts and dashboards read kafka_consumergroup_lag: without this exporter they are silent.
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    d = by_kind(docs, "Deployment")["lag-exporter"]
    spec, pod = d["spec"], d["spec"]["template"]["spec"]
    # one pod, replaced not surged: two exporters would double the summed lag during a rollout
    assert spec["replicas"] == 1 and spec["strategy"]["type"] == "Recreate"
    (c,) = pod["containers"]
    certificates = by_kind(docs, "Deployment")["certificates"]["spec"]["template"]["spec"]["containers"][0]
    assert c["image"] == certificates["image"]  # retagged with the services by the overlay's `images`
    script = c["command"][-1]
    # ... and that image holds the script at the path the pod runs (deploy/docker/Dockerfile)
    dockerfile = (DEPLOY / "docker" / "Dockerfile").read_text()
    assert f"COPY --chown=0:0 deploy/lag-exporter/lag_exporter.py {script}" in dockerfile
    assert "!deploy/lag-exporter/lag_exporter.py" in (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text()
    (port,) = c["ports"]
    assert c["args"][c["args"].index("--port") + 1] == str(port["containerPort"])
    assert pod["securityContext"]["runAsNonRoot"] and pod["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] in by_kind(docs, "ServiceAccount")
    assert c["securityContext"]["readOnlyRootFilesystem"] and c["securityContext"]["capabilities"]["drop"] == ["ALL"]
    for probe in ("livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": "/metrics", "port": port["name"]}
    assert set(c["resources"]["requests"]) == set(c["resources"]["limits"]) == {"cpu", "memory"}
    assert c["envFrom"][0]["configMapRef"]["name"].startswith("kria-config-")  # bootstrap servers, protocol
    # the Service reaches the pod, and the ServiceMonitor selects the Service on that port
    svc = by_kind(docs, "Service")["lag-exporter"]
    pod_labels = spec["template"]["metadata"]["labels"]
    assert selects({"matchLabels": svc["spec"]["selector"]}, pod_labels)
    (svc_port,) = svc["spec"]["ports"]
    assert svc_port["targetPort"] == port["name"]
    (monitor,) = by_kind(docs, "ServiceMonitor").values()
    assert selects(monitor["spec"]["selector"], svc["metadata"]["labels"])
    scraped = [e for e in monitor["spec"]["endpoints"] if e["port"] == svc_port["name"]]
    assert [e["path"] for e in scraped] == ["/metrics"]
    assert pod_labels["app.kubernetes.io/name"] == "lag-exporter"


def _allowed(docs: list[dict[str, Any]], labels: dict[str, str], direction: str) -> list[dict[str, Any]]:
    policies = [p["spec"] for p in by_kind(docs, "NetworkPolicy").values()
                if direction.capitalize() in p["spec"]["policyTypes"] and selects(p["spec"]["podSelector"], labels)]
    return [rule for p in policies for rule in p.get(direction, [])]


def source_of(peer: dict[str, Any]) -> str:
    """A policy peer as a name: the namespace it selects, or ``pod:<name>`` for a pod of the same namespace."""
    if "namespaceSelector" in peer:
        return str(peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"])
    return f"pod:{peer['podSelector']['matchLabels']['app.kubernetes.io/name']}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_let_prometheus_scrape_the_exporter_and_the_exporter_reach_only_kafka(overlay: str) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    exporter = by_kind(docs, "Deployment")["lag-exporter"]["spec"]["template"]
    labels = exporter["metadata"]["labels"]
    (port,) = exporter["spec"]["containers"][0]["ports"]
    ingress = _allowed(docs, labels, "ingress")
    sources = {source_of(s) for r in ingress for s in r["from"]}
    assert sources == {"monitoring"}  # Prometheus only, not the ingress controller
    assert {p["port"] for r in ingress for p in r["ports"]} == {port["name"]}
    egress = {(p["port"], p.get("endPort")) for r in _allowed(docs, labels, "egress") for p in r["ports"]}
    assert egress == {(53, None), (9092, 9094)}  # DNS and Kafka; no database, no HTTPS
    # the services keep theirs: PostgreSQL and HTTPS out, HTTP in from the ingress controller
    service = by_kind(docs, "Deployment")["costing"]["spec"]["template"]["metadata"]["labels"]
    assert {(5432, None), (443, None), (9092, 9094)} <= {
        (p["port"], p.get("endPort")) for r in _allowed(docs, service, "egress") for p in r["ports"]}
    assert "ingress-nginx" in {source_of(s) for r in _allowed(docs, service, "ingress") for s in r["from"]}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_metrics_are_scraped_on_their_own_port_reachable_only_from_monitoring(overlay: str) -> None:
    # Issue 20: /metrics shows money totals per region; it is served on KRIA_METRICS_PORT, not beside the API.
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    port = int(config_of(docs)["KRIA_METRICS_PORT"])
    monitor = by_kind(docs, "ServiceMonitor")["kria"]
    assert {e["port"] for e in monitor["spec"]["endpoints"]} == {"metrics"}
    for name in SERVICES:
        pod = by_kind(docs, "Deployment")[name]["spec"]["template"]
        ports = {p["name"]: p["containerPort"] for p in pod["spec"]["containers"][0]["ports"]}
        assert ports["metrics"] == port and ports["http"] != port
        svc_ports = {p["name"]: p["targetPort"] for p in by_kind(docs, "Service")[name]["spec"]["ports"]}
        assert svc_ports["metrics"] == "metrics"
        by_source = {}
        for rule in _allowed(docs, pod["metadata"]["labels"], "ingress"):
            for source in rule["from"]:
                by_source.setdefault(source_of(source), set()).update(p["port"] for p in rule["ports"])
        # the API from the ingress controller and from the region's console; /metrics from Prometheus only
        expected = {"ingress-nginx": {"http"}, "monitoring": {"metrics"}, "pod:console": {"http"}}
        if name == "certificates":  # and from signing: the particulars a conclusion names
            expected["pod:signing"] = {"http"}
        assert by_source == expected


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_signing_reaches_the_certificates_api_and_nothing_else_of_it(overlay: str) -> None:
    docs = render(DEPLOY / "k8s" / "overlays" / overlay)
    assert config_of(docs)["KRIA_SIGNING_CERTIFICATES_URL"] == "http://certificates:8080"
    signing = by_kind(docs, "Deployment")["signing"]["spec"]["template"]["metadata"]["labels"]
    to_certificates = [r for r in _allowed(docs, signing, "egress") for t in r.get("to", [])
                       if source_of(t) == "pod:certificates"]
    assert {p["port"] for r in to_certificates for p in r["ports"]} == {8080}
    costing = by_kind(docs, "Deployment")["costing"]["spec"]["template"]["metadata"]["labels"]
    assert not [t for r in _allowed(docs, costing, "egress") for t in r.get("to", [])
                if source_of(t) == "pod:certificates"]
