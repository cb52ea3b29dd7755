"""deploy/compose/compose.yaml made ready for Podman on a machine without a registry or systemd.

Writes build/compose.podman.yaml: the same region with the images `make images` builds (Kafka, PostgreSQL and
Prometheus from Debian packages; Grafana has no Debian/PyPI build and is left out), health checks off (rootful
Podman runs them from systemd timers, and without systemd the container does not start: readiness is polled by
deploy/containers/region.sh instead), a second Kafka listener published on the host for the demo's event count,
and signing's /app/var on a host directory, where the demo reads the ЕЦП files and the dev PKI.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {"kafka": "localhost/kria/kafka:dev", "postgres": "localhost/kria/postgres:dev",
         "prometheus": "localhost/kria/prometheus:dev"}
SERVICES = ("certificates", "costing", "assessment", "signing")
# The external listener: what `kria demo --against` counts events on from the host.
KAFKA_HOST_PORT = 19092


def podman_region(compose: dict[str, Any], signing_var: str) -> dict[str, Any]:
    compose.pop("x-kria-service", None)  # an anchor only, resolved by the YAML load
    services: dict[str, Any] = compose["services"]
    services.pop("grafana", None)
    services.pop("console", None)  # make images builds no console image yet (docs/operations.md)
    compose["volumes"].pop("grafana-data", None)
    for name, svc in services.items():
        svc.pop("build", None)
        svc["healthcheck"] = {"test": ["NONE"]}
        if isinstance(svc.get("depends_on"), dict):  # podman-compose 1.0.3 knows order, not conditions
            svc["depends_on"] = sorted(svc["depends_on"])
        if name in LOCAL:
            svc["image"] = LOCAL[name]
        elif name in SERVICES or name == "lag-exporter":
            svc["image"] = svc["image"].replace("${KRIA_IMAGE_REGISTRY:-kria}", "localhost/kria")
        if name in SERVICES:  # a development region: the demo moves the services' clocks (/v1/dev/clock)
            svc["environment"]["KRIA_DEV_CLOCK"] = "${KRIA_DEV_CLOCK:-true}"
    kafka = services["kafka"]["environment"]
    kafka["CLUSTER_ID"] = "a3JpYS1yZWdpb24tMDAwMQ"  # a KRaft cluster id is 16 bytes in URL-safe base64
    kafka["KAFKA_LISTENERS"] = f"PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:{KAFKA_HOST_PORT}"
    kafka["KAFKA_ADVERTISED_LISTENERS"] = f"PLAINTEXT://kafka:9092,EXTERNAL://127.0.0.1:{KAFKA_HOST_PORT}"
    kafka["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT"
    kafka["KAFKA_INTER_BROKER_LISTENER_NAME"] = "PLAINTEXT"
    services["kafka"]["ports"] = [f"127.0.0.1:{KAFKA_HOST_PORT}:{KAFKA_HOST_PORT}"]
    services["kafka"]["tmpfs"] = ["/tmp"]
    services["postgres"]["tmpfs"] = ["/tmp"]
    signing = services["signing"]
    signing["volumes"] = [v if not str(v).endswith(":/app/var") else f"{signing_var}:/app/var"
                          for v in signing["volumes"]]
    compose["volumes"].pop("signing-var", None)
    return compose


def main(argv: list[str]) -> int:
    signing_var = argv[1] if len(argv) > 1 else str(ROOT / "var" / "region" / "var")
    src = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text(encoding="utf-8"))
    out = ROOT / "deploy" / "compose" / "compose.podman.generated.yaml"
    out.write_text(yaml.safe_dump(podman_region(src, signing_var), sort_keys=False), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
