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

from kria_shared.lifeline import dies_with_this_process

SERVICES = ("certificates", "costing", "assessment", "signing")
DEFAULT_PORTS = {"certificates": 8101, "costing": 8102, "assessment": 8103, "signing": 8104}
CONSOLE_PORT = 8100


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
    console: ServiceProcess | None = None  # the web console, once start_console() ran

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
        if name == "signing" and "certificates" in self.procs:  # the child's particulars, read as a signer composes
            env["KRIA_SIGNING_CERTIFICATES_URL"] = self.url("certificates")
        env.update(self.extra_env)
        return env

    def start_one(self, name: str) -> None:
        sp = self.procs[name]
        exe = shutil.which(f"kria-{name}") or str(Path(sys.executable).with_name(f"kria-{name}"))
        log = open(sp.log_path, "ab")  # noqa: SIM115 - the child writes to it
        sp.proc = subprocess.Popen([exe, "serve", "--port", str(sp.port)], env=self.env_for(name),
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=dies_with_this_process())

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
        self.stop_console()
        for name in reversed(self.services):
            self.stop_one(name)

    def url(self, name: str) -> str:
        return self.procs[name].url

    def console_env(self) -> dict[str, str]:
        """The console calls the services with each person's token; over http on loopback the cookie is not Secure."""
        env = self.env_for(self.services[0])
        env.update({f"KRIA_CONSOLE_{name.upper()}_URL": self.url(name) for name in self.services})
        assert self.console is not None
        env.update({"KRIA_CONSOLE_HTTP_PORT": str(self.console.port), "KRIA_CONSOLE_PUBLIC_URL": self.console.url,
                    "KRIA_CONSOLE_COOKIE_SECURE": "false"})
        return env

    def start_console(self, timeout_s: float = 60.0) -> str:
        """Start the web console beside the services; returns its address."""
        port = CONSOLE_PORT if self.preferred_ports and port_free(CONSOLE_PORT) else free_port()
        self.console = ServiceProcess("console", port, self.var_dir / "log" / "console.log")
        exe = shutil.which("kria-console") or str(Path(sys.executable).with_name("kria-console"))
        log = open(self.console.log_path, "ab")  # noqa: SIM115 - the child writes to it
        self.console.proc = subprocess.Popen([exe, "serve", "--port", str(port)], env=self.console_env(),
                                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                             preexec_fn=dies_with_this_process())
        deadline = time.monotonic() + timeout_s
        while True:
            if self.console.proc.poll() is not None:
                tail = self.console.log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the console exited with {self.console.proc.returncode}; log tail:\n{tail}")
            try:
                if httpx.get(self.console.url + "/health/live", timeout=2).status_code == 204:
                    return self.console.url
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the console did not answer in {timeout_s:.0f} s (log {self.console.log_path})")
            time.sleep(0.3)

    def stop_console(self) -> None:
        if self.console is None or self.console.proc is None or self.console.proc.poll() is not None:
            return
        self.console.proc.terminate()
        try:
            self.console.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.console.proc.kill()
            self.console.proc.wait(timeout=10)
