"""The console's Kubernetes component: every region's overlay enables it; it renders, validates, is hardened,
and may reach the services' HTTP port (and only that, besides what the region's policies already open)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import DEPLOY, SERVICES
from .test_k8s import OVERLAYS, by_kind, render, selects, validate


def with_console(overlay: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The region's overlay as committed: every overlay enables the console component."""
    return render(DEPLOY / "k8s" / "overlays" / overlay)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_console_component_renders_and_validates(overlay: str, tmp_path: Path) -> None:
    docs = with_console(overlay, tmp_path)
    assert [r for r in validate(docs, tmp_path) if r["error"]] == []
    console = by_kind(docs, "Deployment")["console"]
    pod = console["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert console["spec"]["replicas"] == 1 and console["spec"]["strategy"]["type"] == "Recreate"
    assert pod["securityContext"]["runAsNonRoot"] and pod["automountServiceAccountToken"] is False
    sc = c["securityContext"]
    assert sc["readOnlyRootFilesystem"] and not sc["allowPrivilegeEscalation"] and sc["capabilities"]["drop"] == ["ALL"]
    assert c["livenessProbe"]["httpGet"]["path"] == "/health/live"
    refs = [e["configMapRef"]["name"] for e in c["envFrom"]]
    assert refs[0].startswith("kria-config-") and refs[1].startswith("kria-console-config-")
    (cm,) = [d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == refs[1]]
    env = cm["data"]
    assert {env[f"KRIA_CONSOLE_{s.upper()}_URL"] for s in SERVICES} == {f"http://{s}:8080" for s in SERVICES}
    assert env["KRIA_CONSOLE_COOKIE_SECURE"] == "true" and env["KRIA_CONSOLE_OIDC_ISSUER"].startswith("https://")
    assert by_kind(docs, "Service")["console"]["spec"]["ports"][0]["port"] == 8080


def test_the_console_may_call_the_services_http_port(tmp_path: Path) -> None:
    docs = with_console("penza", tmp_path)
    policies = by_kind(docs, "NetworkPolicy")
    console_labels = by_kind(docs, "Deployment")["console"]["spec"]["template"]["metadata"]["labels"]
    out = policies["kria-console"]
    assert selects(out["spec"]["podSelector"], console_labels)
    for name in SERVICES:
        labels = by_kind(docs, "Deployment")[name]["spec"]["template"]["metadata"]["labels"]
        assert selects(out["spec"]["egress"][0]["to"][0]["podSelector"], labels), name
        assert selects(policies["kria-console-to-services"]["spec"]["podSelector"], labels), name
    assert out["spec"]["egress"][0]["ports"] == [{"port": 8080, "protocol": "TCP"}]
