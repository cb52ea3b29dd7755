"""The personal-data access log: to stdout for a cluster's collector, or to a size-rotated file (issue 10)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from kria_shared.auth.principal import Principal
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.logging import ACCESS_LOGGER, configure_logging
from kria_shared.settings import ServiceSettings

SNILS = "112-233-445 95"
FEDERAL = Principal(subject="fed-7", roles=frozenset({"federal_mse"}), bureau_id="bureau-1", signer_snils=SNILS)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root, access = logging.getLogger(), logging.getLogger(ACCESS_LOGGER)
    saved = (list(root.handlers), root.level, list(access.handlers), access.level, access.propagate)
    yield
    for h in access.handlers:
        h.close()
    root.handlers[:], root.level = saved[0], saved[1]
    access.handlers[:], access.level, access.propagate = saved[2], saved[3], saved[4]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KRIA_ACCESS_LOG", "KRIA_ACCESS_LOG_MAX_BYTES", "KRIA_ACCESS_LOG_BACKUPS", "KRIA_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("clean_env")
def test_production_logs_access_to_stdout_and_development_to_the_service_file(tmp_path: Path) -> None:
    prod = ServiceSettings(service="signing", environment="production", var_dir=tmp_path)
    dev = ServiceSettings(service="signing", var_dir=tmp_path)
    assert prod.access_log_destination() == "stdout"
    assert dev.access_log_destination() == tmp_path / "log" / "signing-access.log"


@pytest.mark.usefixtures("clean_env")
def test_the_setting_overrides_the_default_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRIA_ACCESS_LOG", "stdout")
    assert ServiceSettings(service="costing", var_dir=tmp_path).access_log_destination() == "stdout"
    monkeypatch.setenv("KRIA_ACCESS_LOG", "file")
    prod = ServiceSettings(service="costing", environment="production", var_dir=tmp_path)
    assert prod.access_log_destination() == tmp_path / "log" / "costing-access.log"
    monkeypatch.setenv("KRIA_ACCESS_LOG", str(tmp_path / "audit" / "reads.log"))
    assert ServiceSettings(service="costing").access_log_destination() == tmp_path / "audit" / "reads.log"


@pytest.mark.usefixtures("clean_env")
def test_a_rotation_that_would_lose_the_log_is_refused_naming_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRIA_ACCESS_LOG_BACKUPS", "0")  # RotatingFileHandler would truncate the only file
    with pytest.raises(ValidationError, match="access_log_backups"):
        ServiceSettings(service="costing")


def test_stdout_mode_writes_one_json_line_per_access_marked_access_and_nothing_personal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("signing", "INFO", "stdout")
    log_personal_data_access(FEDERAL, "conclusion", "c-42", allowed=False)
    logging.getLogger("kria.signing").info("application line")
    out, err = capsys.readouterr()
    (line,) = out.splitlines()  # the application log stays on stderr
    entry = json.loads(line)
    assert entry["log"] == "access"
    assert (entry["service"], entry["who"], entry["roles"], entry["record"], entry["record_id"], entry["allowed"]) == (
        "signing", "fed-7", ["federal_mse"], "conclusion", "c-42", False)
    assert SNILS not in line and "bureau-1" not in line
    assert "application line" in err and "personal data access" not in err


def test_file_mode_rotates_by_size_and_keeps_the_configured_backups(tmp_path: Path) -> None:
    path = tmp_path / "log" / "certificates-access.log"
    configure_logging("certificates", "INFO", path, access_log_max_bytes=1024, access_log_backups=2)
    for i in range(60):  # ~250 bytes a line: several rotations
        log_personal_data_access(FEDERAL, "certificate", f"cert-{i}", allowed=True)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["certificates-access.log", "certificates-access.log.1", "certificates-access.log.2"]
    assert all(p.stat().st_size <= 1024 for p in path.parent.iterdir())
    last = [json.loads(line) for line in path.read_text().splitlines()]
    assert last[-1]["record_id"] == "cert-59" and {e["log"] for e in last} == {"access"}
    assert SNILS not in "".join(p.read_text() for p in path.parent.iterdir())


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("choice", ["stdout", "file"])
def test_a_service_app_sends_the_access_log_where_the_setting_says(
    choice: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kria_shared.runtime import ServiceRuntime

    settings = ServiceSettings(service="assessment", var_dir=tmp_path, access_log=choice)
    ServiceRuntime(settings, tables=[]).http_app([], title="t")
    log_personal_data_access(FEDERAL, "course", "course-1", allowed=True)
    file = tmp_path / "log" / "assessment-access.log"
    out = capsys.readouterr().out
    written = out if choice == "stdout" else file.read_text()
    assert json.loads(written)["record_id"] == "course-1"
    assert file.exists() is (choice == "file") and ("course-1" in out) is (choice == "stdout")
