"""The compose region made ready for Podman (deploy/containers/region_compose.py) and `kria demo --against`."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
import yaml

from kria_cli.demo.against import parse_against

from .support import DEPLOY


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("region_compose", DEPLOY / "containers" / "region_compose.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _region() -> dict:  # type: ignore[type-arg]
    src = yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text(encoding="utf-8"))
    return _module().podman_region(src, "/srv/signing-var")  # type: ignore[no-any-return]


def test_every_image_is_a_local_one_and_no_health_check_needs_systemd() -> None:
    services = _region()["services"]
    assert "grafana" not in services  # no Debian or PyPI build of Grafana to make an image from
    for name, svc in services.items():
        assert svc["image"].startswith("localhost/kria/"), name
        assert svc["healthcheck"] == {"test": ["NONE"]}, name
        assert "build" not in svc and not isinstance(svc.get("depends_on"), dict), name


def test_kafka_has_a_host_listener_and_signing_var_is_on_the_host() -> None:
    services = _region()["services"]
    env = services["kafka"]["environment"]
    assert "EXTERNAL://127.0.0.1:19092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert services["kafka"]["ports"] == ["127.0.0.1:19092:19092"]
    assert "/srv/signing-var:/app/var" in services["signing"]["volumes"]
    assert services["certificates"]["environment"]["KRIA_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"


def test_against_takes_four_urls_in_service_order() -> None:
    urls = parse_against("http://a:1/, http://b:2,http://c:3,http://d:4")
    assert urls == {"certificates": "http://a:1", "costing": "http://b:2", "assessment": "http://c:3",
                    "signing": "http://d:4"}
    with pytest.raises(ValueError, match="--against: ожидается 4"):
        parse_against("http://a:1,http://b:2")
