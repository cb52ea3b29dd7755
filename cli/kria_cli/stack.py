"""Run the four services as separate processes against a real broker (the demo, e2e tests, the benchmark)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SERVICES = ("certificates", "costing", "assessment", "signing")
DEFAULT_PORTS = {"certificates": 8101, "costing": 8102, "assessment": 8103, "signing": 8104}


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServiceProcess:
    name: str
    port: int
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Stack:
    var_dir: Path
    kafka_bootstrap: str
    extra_env: dict[str, str] = field(default_factory=dict)
    services: tuple[str, ...] = SERVICES
    preferred_ports: bool = True
    procs: dict[str, ServiceProcess] = field(default_factory=dict)

    def __post_init__(self) -> None:
        (self.var_dir / "log").mkdir(parents=True, exist_ok=True)
        for name in self.services:
            wanted = DEFAULT_PORTS[name]
            port = wanted if self.preferred_ports and port_free(wanted) else free_port()
            self.procs[name] = ServiceProcess(name, port, self.var_dir / "log" / f"{name}.log")

    def env_for(self, name: str) -> dict[str, str]:
        env = os.environ.copy()
        env.update({
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "KRIA_KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "KRIA_VAR_DIR": str(self.var_dir),
            "KRIA_HTTP_PORT": str(self.procs[name].port),
            "KRIA_DEV_CLOCK": "true",
            "KRIA_DEV_KEYS_DIR": os.environ.get("KRIA_DEV_KEYS_DIR", str(self.var_dir / "dev-keys")),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    def start_one(self, name: str) -> None:
        sp = self.procs[name]
        exe = shutil.which(f"kria-{name}") or str(Path(sys.executable).with_name(f"kria-{name}"))
        log = open(sp.log_path, "ab")  # noqa: SIM115 - the child writes to it
        sp.proc = subprocess.Popen([exe, "serve", "--port", str(sp.port)], env=self.env_for(name),
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def start(self, timeout_s: float = 90.0) -> None:
        for name in self.services:
            self.start_one(name)
        self.wait_ready(timeout_s)

    def wait_ready(self, timeout_s: float = 90.0, names: tuple[str, ...] | None = None) -> None:
        deadline = time.monotonic() + timeout_s
        pending = set(names or self.services)
        while pending:
            for name in list(pending):
                sp = self.procs[name]
                if sp.proc is not None and sp.proc.poll() is not None:
                    tail = sp.log_path.read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"service {name} exited with {sp.proc.returncode}; log tail:\n{tail}")
                try:
                    if httpx.get(sp.url + "/health/ready", timeout=2).status_code == 200:
                        pending.discard(name)
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                logs = self.var_dir / "log"
                raise RuntimeError(f"services not ready in {timeout_s:.0f} s: {sorted(pending)} (logs in {logs})")
            if pending:
                time.sleep(0.3)

    def stop_one(self, name: str, sig: int = signal.SIGTERM, timeout_s: float = 30.0) -> None:
        sp = self.procs[name]
        if sp.proc is None or sp.proc.poll() is not None:
            return
        sp.proc.send_signal(sig)
        try:
            sp.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            sp.proc.kill()
            sp.proc.wait(timeout=10)

    def stop(self) -> None:
        for name in reversed(self.services):
            self.stop_one(name)

    def url(self, name: str) -> str:
        return self.procs[name].url
