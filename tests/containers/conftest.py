"""The container branch: the Podman (or Docker) engine's API socket and the images `make images` built."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

PODMAN_SOCKET = Path("/run/podman/podman.sock")
# The engine CLI the scripts use; the tests speak to it for what testcontainers does not cover (inspect).
ENGINE = os.environ.get("KRIA_ENGINE", "podman")



@pytest.fixture(autouse=True)
def engine_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's Docker API for these tests only (the rest of a run keeps its own broker branch)."""
    if "DOCKER_HOST" not in os.environ and PODMAN_SOCKET.exists():
        monkeypatch.setenv("DOCKER_HOST", f"unix://{PODMAN_SOCKET}")
    monkeypatch.setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
    monkeypatch.setenv("TESTCONTAINERS_CONNECTION_MODE", "docker_host")


def engine(*args: str, timeout: float = 120) -> str:
    done = subprocess.run([ENGINE, *args], capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{ENGINE} {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture
def no_external_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The broker order is tested from its start: no KAFKA_BOOTSTRAP_SERVERS, the engine allowed."""
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("KRIA_KAFKA_NO_DOCKER", raising=False)
