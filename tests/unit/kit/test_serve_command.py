"""``kria-<svc> serve``: the four services take the same options with the same precedence (the kit's helper)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import pytest

from kria_assessment import cli as assessment_cli
from kria_certificates import cli as certificates_cli
from kria_costing import cli as costing_cli
from kria_shared.serve import add_serve_command, app_factory, listen_overrides
from kria_signing import cli as signing_cli


def test_an_option_wins_over_the_environment() -> None:
    assert listen_overrides("0.0.0.0", 9000, 8101, {"KRIA_HTTP_PORT": "7000"}) == {
        "http_port": 9000, "http_host": "0.0.0.0"}


def test_without_an_option_the_environment_port_is_kept() -> None:
    assert listen_overrides(None, None, 8101, {"KRIA_HTTP_PORT": "7000"}) == {}


def test_without_option_or_environment_the_service_default_applies() -> None:
    assert listen_overrides(None, None, 8103, {}) == {"http_port": 8103}


def _serve_args(service: str, default_port: int, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_serve_command(parser.add_subparsers(dest="command"), service, default_port=default_port, help="run")
    return parser.parse_args(["serve", *argv])


def test_the_serve_command_carries_the_service_and_its_options() -> None:
    args = _serve_args("costing", 8102, ["--host", "0.0.0.0", "--port", "8080"])
    assert (args.service, args.default_port, args.host, args.port) == ("costing", 8102, "0.0.0.0", 8080)


@pytest.mark.parametrize(("service", "main"), [
    ("certificates", certificates_cli.main), ("costing", costing_cli.main),
    ("assessment", assessment_cli.main), ("signing", signing_cli.main)])
def test_every_service_runs_its_own_app_through_the_kit(service: str, main: Callable[[list[str]], None],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, int, str]] = []
    monkeypatch.delenv("KRIA_HTTP_PORT", raising=False)
    monkeypatch.setattr("kria_shared.serve.serve",
                        lambda factory, settings: served.append((factory.__module__, settings.http_port,
                                                                 settings.http_host)))
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--host", "0.0.0.0", "--port", "18080"])
    assert stopped.value.code == 0
    assert served == [(f"kria_{service}.app", 18080, "0.0.0.0")]


def test_the_app_factory_is_the_services_composition_root() -> None:
    from kria_assessment.app import create_app

    assert app_factory("assessment") is create_app
