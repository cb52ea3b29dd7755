"""Paths and tools shared by the deploy tests; tools come from deploy/tools/install.sh (run here if missing)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
TOOLS = Path(os.environ.get("KRIA_TOOLS_DIR", Path.home() / ".cache" / "kria" / "tools"))
SERVICES = ("certificates", "costing", "assessment", "signing")
# The topics each service consumes (the runtime's `topics=`), for KEDA triggers and network expectations.
CONSUMES = {
    "certificates": ("kria.costing.v1", "kria.signing.v1"),
    "costing": ("kria.certificates.v1", "kria.assessment.v1"),
    "assessment": ("kria.certificates.v1",),
    "signing": ("kria.assessment.v1", "kria.certificates.v1"),
}


def _have_all() -> bool:
    kustomize_ok = shutil.which("kubectl") is not None or (TOOLS / "bin" / "kustomize").exists()
    return (
        kustomize_ok
        and (TOOLS / "bin" / "compose-config").exists()
        and (TOOLS / "venv" / "bin" / "kubernetes-validate").exists()
        and shutil.which("promtool") is not None
        and shutil.which("prometheus") is not None
    )


@functools.cache
def tools() -> Path:
    """The tools directory, installing what is missing first (idempotent; fails loudly, never skips)."""
    if not _have_all():
        subprocess.run(["bash", str(DEPLOY / "tools" / "install.sh")], check=True)
    assert _have_all(), f"deploy/tools/install.sh did not provide every tool under {TOOLS}"
    return TOOLS


def kustomize_cmd() -> list[str]:
    standalone = tools() / "bin" / "kustomize"
    if standalone.exists():
        return [str(standalone), "build"]
    return ["kubectl", "kustomize"]


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)  # type: ignore[call-overload,no-any-return]


# Slack on top of the bounded shutdown steps: the producer's flush, the database pool, the process exit.
SHUTDOWN_MARGIN_S = 5


def shutdown_budget_s() -> float:
    """The longest a service takes to stop after SIGTERM, summed from the code's own bounds (in this order):
    uvicorn lets open requests finish, then the lifespan stops FastStream (which waits for the batch in hand),
    then the outbox relay drains. A changed bound changes this sum, and the grace-period tests follow it."""
    from kria_shared.relay import DRAIN_TIMEOUT_S
    from kria_shared.runtime import ServiceRuntime
    from kria_shared.serve import HTTP_DRAIN_TIMEOUT_S
    from kria_shared.settings import ServiceSettings

    broker = ServiceRuntime(ServiceSettings(service="costing"), tables=[]).broker
    consumer_s = broker.config.graceful_timeout
    assert consumer_s is not None, "FastStream without a graceful timeout waits for a handler forever"
    return HTTP_DRAIN_TIMEOUT_S + consumer_s + DRAIN_TIMEOUT_S
