"""The Kubernetes manifests as kustomize renders them, started for real with `podman kube play` (issue 19, item 5).

A smoke test of the rendered objects: the base's four Deployments and the console component's, with the
securityContext, env, configMaps, volumes and probes they carry, run on a private Podman network beside one Kafka
container named `kafka`. Each service must migrate its store, create its topics, join its consumer group and
answer /health/ready; the console must answer /health/live. What this does not prove (Services, NetworkPolicies,
KEDA, rolling updates, Secrets as Podman 4.3 reads them) is in docs/operations.md.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.deploy.support import DEPLOY, kustomize_cmd, run

from .conftest import ENGINE, engine

pytestmark = pytest.mark.containers

OVERLAY = DEPLOY / "k8s" / "overlays" / "podman-smoke"
SERVICES = ("certificates", "costing", "assessment", "signing")
# What `podman kube play` (4.3) starts; the rest (Service, ServiceAccount, NetworkPolicy) it does not support.
PLAYED = {"ConfigMap", "Deployment"}
READY_WITHIN_S = 240


def rendered() -> list[dict[str, Any]]:
    done = run([*kustomize_cmd(), str(OVERLAY)])
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def for_kube_play(docs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    """The rendered objects as Podman 4.3 can play them, and the host port of each pod's named ports.

    Two changes, both because of Podman, not of the manifests: a secretKeyRef is given its value inline (Podman
    4.3 looks such keys up in its own secret store and cannot read a Kubernetes Secret there, containers/podman
    #17071), and a secret volume becomes an emptyDir; each container port gets a free host port on 127.0.0.1
    (Podman publishes a containerPort on the host, where five pods would all ask for 8080).
    """
    secrets = {d["metadata"]["name"]: {k: base64.b64decode(v).decode() for k, v in d.get("data", {}).items()}
               for d in docs if d["kind"] == "Secret"}
    played: list[dict[str, Any]] = []
    ports: dict[str, dict[str, int]] = {}
    for d in docs:
        if d["kind"] not in PLAYED:
            continue
        if d["kind"] == "Deployment":
            spec = d["spec"]["template"]["spec"]
            for c in spec["containers"]:
                for e in c.get("env", []):
                    ref = e.get("valueFrom", {}).get("secretKeyRef")
                    if ref:
                        value = secrets.get(ref["name"], {}).get(ref["key"])
                        assert value is not None or ref.get("optional"), f"{d['metadata']['name']}: {ref}"
                        e.pop("valueFrom")
                        e["value"] = value or ""
                for p in c.get("ports", []):
                    p["hostIP"], p["hostPort"] = "127.0.0.1", free_port()
                    ports.setdefault(d["metadata"]["name"], {})[p["name"]] = p["hostPort"]
            for v in spec.get("volumes", []):
                if "secret" in v:
                    v.pop("secret")
                    v["emptyDir"] = {}
        played.append(d)
    return played, ports


class Played:
    def __init__(self, manifest: Path, ports: dict[str, dict[str, int]], names: list[str]) -> None:
        self.manifest, self.ports, self.names = manifest, ports, names

    def url(self, deployment: str) -> str:
        return f"http://127.0.0.1:{self.ports[deployment]['http']}"

    def logs(self, deployment: str) -> str:
        name = f"{deployment}-pod-0-{deployment}"
        done = subprocess.run([ENGINE, "logs", "--tail", "30", name], capture_output=True, text=True, check=False)
        return done.stdout[-3000:] + done.stderr[-1000:]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Played]:
    docs = rendered()
    objects, ports = for_kube_play(docs)
    manifest = tmp_path_factory.mktemp("kube-play") / "rendered.yaml"
    manifest.write_text(yaml.safe_dump_all(objects))
    run_id = uuid.uuid4().hex[:8]
    network, kafka = f"kria-kube-{run_id}", f"kria-kube-{run_id}-kafka"
    engine("network", "create", network)
    try:
        engine("run", "-d", "--name", kafka, "--network", network, "--network-alias", "kafka",
               "-e", "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka:9092", "localhost/kria/kafka:dev")
        # --replace: pods left by a run that crashed (the pods are named after the Deployments) are replaced.
        engine("kube", "play", "--replace", "--network", network, str(manifest), timeout=300)
        yield Played(manifest, ports, [d["metadata"]["name"] for d in objects if d["kind"] == "Deployment"])
    finally:
        subprocess.run([ENGINE, "kube", "play", "--down", str(manifest)], capture_output=True, check=False)
        subprocess.run([ENGINE, "rm", "-f", kafka], capture_output=True, check=False)
        subprocess.run([ENGINE, "network", "rm", "-f", network], capture_output=True, check=False)


def wait_for(url: str, expect: Any) -> Any:
    deadline = time.monotonic() + READY_WITHIN_S
    last: Any = None
    while time.monotonic() < deadline:
        try:
            r = httpx.get(url, timeout=3)
            last = (r.status_code, r.text[:200])
            if expect(r):
                return r
        except httpx.HTTPError as e:
            last = repr(e)
        time.sleep(2)
    return last


def test_every_deployment_of_the_rendered_manifests_is_played(played: Played) -> None:
    assert sorted(played.names) == sorted([*SERVICES, "console"])


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_pod_becomes_ready_against_kafka(played: Played, service: str) -> None:
    answer = wait_for(f"{played.url(service)}/health/ready", lambda r: r.status_code == 200)
    assert isinstance(answer, httpx.Response), (answer, played.logs(service))
    assert answer.json() == {"database": True, "kafka": True}
    # /metrics is on its own port (KRIA_METRICS_PORT of the ConfigMap), not beside the API
    metrics = httpx.get(f"http://127.0.0.1:{played.ports[service]['metrics']}/metrics", timeout=5)
    assert metrics.status_code == 200 and "kria_" in metrics.text
    assert httpx.get(f"{played.url(service)}/metrics", timeout=5).status_code == 404


def test_the_console_pod_answers(played: Played) -> None:
    answer = wait_for(f"{played.url('console')}/health/live", lambda r: r.status_code == 204)
    assert isinstance(answer, httpx.Response), (answer, played.logs("console"))


@pytest.mark.parametrize("deployment", [*SERVICES, "console"])
def test_the_pods_run_as_the_manifests_say(played: Played, deployment: str) -> None:
    """The securityContext and the envFrom of the rendered pod reach the running container."""
    info = json.loads(engine("inspect", f"{deployment}-pod-0-{deployment}"))[0]
    assert info["HostConfig"]["ReadonlyRootfs"] is True
    assert info["Config"]["User"].split(":")[0] == "10001"
    env = dict(e.split("=", 1) for e in info["Config"]["Env"])
    if deployment == "console":
        assert env["KRIA_CONSOLE_CERTIFICATES_URL"] == "http://certificates:8080"
    else:
        assert env["KRIA_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert env[f"{deployment.upper()}_DATABASE_URL"].startswith("sqlite+aiosqlite:////app/var/")
        assert env["KRIA_GROUP_INSTANCE_ID"]  # the fieldRef metadata.name, the pod's name
