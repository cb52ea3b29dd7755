"""A region on a three-broker KRaft cluster in containers, driven through the engine's CLI (Podman here).

Every name carries the run's id (``kria-chaos-<id>-broker-1`` ...) and the network gets its own /24 subnet, so a
leftover of a crashed run never collides with this one. Every container has a fixed address on that network:
the host reaches the brokers and the services' HTTP ports there directly (no published ports), and a broker cut
off the network comes back on the same address it advertises.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ENGINE = os.environ.get("KRIA_ENGINE", "podman")
TAG = os.environ.get("KRIA_VERSION", "dev")
ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("certificates", "costing", "assessment", "signing")
BROKERS = (1, 2, 3)
DB_PASSWORD = "chaos-kria"  # a throwaway cluster on a private network, gone at the end of the run
# Small heaps: three brokers, PostgreSQL and four services share 2 cores with other work (docs/operations.md).
BROKER_HEAP = os.environ.get("KRIA_CHAOS_BROKER_HEAP", "-Xms128m -Xmx256m")


def engine(*args: str, timeout: float = 180, check: bool = True) -> str:
    done = subprocess.run([ENGINE, *args], capture_output=True, text=True, timeout=timeout, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{ENGINE} {' '.join(args)}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _free_subnet() -> str:
    """A 10.x.y.0/24 no existing engine network uses (chosen at random so parallel runs do not collide)."""
    used = set()
    for name in engine("network", "ls", "--format", "{{.Name}}").split():
        info = json.loads(engine("network", "inspect", name))
        for net in info:
            for sub in net.get("subnets") or []:
                used.add(sub.get("subnet", ""))
            for plugin in net.get("plugins") or []:  # CNI inspect output
                for ranges in (plugin.get("ipam") or {}).get("ranges") or []:
                    used.update(r.get("subnet", "") for r in ranges)
    rng = random.Random()
    while True:
        subnet = f"10.{rng.randint(100, 250)}.{rng.randint(0, 255)}.0/24"
        if subnet not in used:
            return subnet


@dataclass
class ChaosRegion:
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    workdir: Path = field(default_factory=lambda: Path("/tmp"))
    subnet: str = ""
    started: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"kria-chaos-{self.run_id}"

    @property
    def network(self) -> str:
        return f"{self.prefix}-net"

    def name(self, part: str) -> str:
        return f"{self.prefix}-{part}"

    def ip(self, host: int) -> str:
        return self.subnet.rsplit(".", 1)[0] + f".{host}"

    def broker_ip(self, n: int) -> str:
        return self.ip(10 + n)

    def service_ip(self, svc: str) -> str:
        return self.ip(30 + SERVICES.index(svc))

    @property
    def postgres_ip(self) -> str:
        return self.ip(20)

    @property
    def bootstrap(self) -> str:
        return ",".join(f"{self.broker_ip(n)}:9092" for n in BROKERS)

    def url(self, svc: str) -> str:
        return f"http://{self.service_ip(svc)}:8080"

    @property
    def var_dir(self) -> Path:
        return self.workdir / "var"

    @property
    def keys_dir(self) -> Path:
        return self.workdir / "dev-keys"

    # -- bring-up -------------------------------------------------------------------------------------------

    def create_network(self) -> None:
        self.subnet = _free_subnet()
        engine("network", "create", "--subnet", self.subnet, "--label", f"org.kria.chaos={self.run_id}", self.network)

    def _run(self, part: str, ip: str, image: str, *args: str, env: dict[str, str]) -> None:
        name = self.name(part)
        envs = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
        # Health checks off: rootful Podman without systemd refuses to run them; readiness is polled below.
        engine("run", "-d", "--name", name, "--network", self.network, "--ip", ip, "--no-healthcheck",
               "--label", f"org.kria.chaos={self.run_id}", *envs, *args, image)
        self.started.append(name)

    def start_brokers(self) -> None:
        voters = ",".join(f"{n}@{self.broker_ip(n)}:9093" for n in BROKERS)
        cluster_id = "a3JpYS1jaGFvcy0wMDAwMQ"  # 16 bytes, URL-safe base64 (KRaft)
        for n in BROKERS:
            self._run(f"broker-{n}", self.broker_ip(n), f"localhost/kria/kafka:{TAG}", env={
                "CLUSTER_ID": cluster_id, "KAFKA_NODE_ID": str(n), "KAFKA_PROCESS_ROLES": "broker,controller",
                "KAFKA_LISTENERS": "PLAINTEXT://:9092,CONTROLLER://:9093",
                "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://{self.broker_ip(n)}:9092",
                "KAFKA_CONTROLLER_QUORUM_VOTERS": voters,
                "KAFKA_DEFAULT_REPLICATION_FACTOR": "3", "KAFKA_MIN_INSYNC_REPLICAS": "2",
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "3",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "3", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "2",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "3",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": "2",
                "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE": "false",  # a lagging replica never becomes leader
                "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
                "KAFKA_HEAP_OPTS": BROKER_HEAP,
            })

    def start_postgres(self) -> None:
        init = ROOT / "deploy" / "compose" / "postgres" / "init-databases.sh"
        self._run("postgres", self.postgres_ip, f"localhost/kria/postgres:{TAG}",
                  "--tmpfs", "/tmp", "-v", f"{init}:/docker-entrypoint-initdb.d/10-init-databases.sh:ro",
                  env={"POSTGRES_PASSWORD": "chaos-postgres", "KRIA_DB_PASSWORD": DB_PASSWORD,
                       "KRIA_DATABASES": " ".join(SERVICES)})

    def postgres_ready(self) -> bool:
        out = engine("exec", self.name("postgres"), "psql", "-U", "postgres", "-tAc",
                     "select count(*) from pg_database where datname='signing'", check=False)
        return out.strip() == "1"

    def start_services(self) -> None:
        for svc in SERVICES:
            self._run(svc, self.service_ip(svc), f"localhost/kria/{svc}:{TAG}",
                      "--read-only", "--tmpfs", "/tmp", "--user", "10001:10001", "--cap-drop", "ALL",
                      "--security-opt", "no-new-privileges",
                      "-v", f"{self.keys_dir}:/app/dev-keys:ro",
                      *(("-v", f"{self.var_dir}:/app/var") if svc == "signing" else ()),
                      env={
                          "KRIA_ENVIRONMENT": "development", "KRIA_DEV_CLOCK": "true",
                          # All three: a service restarted while one broker is down still finds the cluster.
                          "KRIA_KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
                          "KRIA_TOPIC_PARTITIONS": "8", "KRIA_TOPIC_REPLICATION": "3", "KRIA_TOPIC_MIN_ISR": "2",
                          "KRIA_REGION_CODE": "66", "KRIA_LOG_LEVEL": "WARNING",
                          "KRIA_DEV_KEYS_DIR": "/app/dev-keys", "KRIA_HTTP_HOST": "0.0.0.0", "KRIA_HTTP_PORT": "8080",
                          "KRIA_GROUP_INSTANCE_ID": f"{svc}-1",
                          # signing reads the particulars a conclusion names from certificates, over HTTP
                          **({"KRIA_SIGNING_CERTIFICATES_URL": self.url("certificates")} if svc == "signing" else {}),
                          f"{svc.upper()}_DATABASE_URL":
                              f"postgresql+asyncpg://{svc}:{DB_PASSWORD}@{self.postgres_ip}:5432/{svc}",
                      })

    def service_ready(self, svc: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url(svc)}/health/ready", timeout=3) as r:
                return r.status == 200
        except OSError:
            return False

    def wait(self, probe, what: str, timeout_s: float = 240) -> float:  # type: ignore[no-untyped-def]
        t0 = time.monotonic()
        while not probe():
            if time.monotonic() - t0 > timeout_s:
                raise TimeoutError(f"{what}: not ready in {timeout_s:.0f} s\n{self.logs_tail()}")
            time.sleep(1)
        return time.monotonic() - t0

    # -- faults ---------------------------------------------------------------------------------------------

    def kill(self, part: str) -> None:
        engine("kill", "-s", "KILL", self.name(part))

    def start(self, part: str) -> None:
        engine("start", self.name(part))

    def disconnect(self, part: str) -> None:
        engine("network", "disconnect", self.network, self.name(part))

    def reconnect(self, part: str, ip: str) -> None:
        engine("network", "connect", "--ip", ip, self.network, self.name(part))

    def pause(self, part: str) -> None:
        engine("pause", self.name(part))

    def unpause(self, part: str) -> None:
        engine("unpause", self.name(part))

    # -- teardown -------------------------------------------------------------------------------------------

    def logs_tail(self, lines: int = 15) -> str:
        out = []
        for name in self.started:
            done = subprocess.run([ENGINE, "logs", "--tail", str(lines), name], capture_output=True, text=True,
                                  timeout=30, check=False)
            out.append(f"--- {name}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return "\n".join(out)

    def remove(self) -> None:
        """Everything labelled with this run's id: containers (with their anonymous volumes) and the network."""
        ids = engine("ps", "-a", "-q", "--filter", f"label=org.kria.chaos={self.run_id}", check=False).split()
        for cid in ids:
            engine("unpause", cid, check=False)
        if ids:
            engine("rm", "-f", "-v", "-t", "0", *ids, check=False, timeout=300)
        engine("network", "rm", "-f", self.network, check=False)
