"""``kria-certificates import-mse FILE`` into a local SQLite store: what lands on stdout and stderr."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import kria_certificates
from kria_certificates.cli import main

EXAMPLE = Path(kria_certificates.__file__).parent / "examples" / "mse_export_example.csv"


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so the progress bar is drawn."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def local_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CERTIFICATES_DATABASE_URL", raising=False)
    monkeypatch.delenv("KRIA_DATABASE_URL", raising=False)
    monkeypatch.setenv("KRIA_VAR_DIR", str(tmp_path / "var"))
    return tmp_path


def run(args: list[str], monkeypatch: pytest.MonkeyPatch, stdout: io.StringIO) -> tuple[int, str, str]:
    err = Terminal()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(SystemExit) as exit_:
        main(args)
    monkeypatch.undo()
    return int(exit_.value.code or 0), stdout.getvalue(), err.getvalue()


def test_the_report_on_a_redirected_stdout_is_pure_json_and_the_bar_goes_to_the_terminal_on_stderr(
    local_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `import-mse f.csv > out.json` on a terminal: stdout is a file, stderr is the terminal
    code, out, err = run(["import-mse", str(EXAMPLE)], monkeypatch, io.StringIO())
    assert code == 0
    report = json.loads(out)  # nothing but the report: no progress bar drawn into it
    assert report["rows"] == 6 and report["source"] == EXAMPLE.name
    assert f"import {EXAMPLE.name}" in err and "6/6" in err  # the bar, on the terminal
    assert "6 rows: issued" in err


def test_with_report_the_file_holds_the_json_and_stdout_stays_empty(
    local_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_file = local_store / "out.json"
    code, out, err = run(["import-mse", str(EXAMPLE), "--report", str(out_file)], monkeypatch, Terminal())
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text(encoding="utf-8"))["rows"] == 6
    assert f"(report: {out_file})" in err


def test_mse_documents_writes_the_four_documents_of_every_imported_certificate(
        local_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kria_shared.testing.documents import pdf_text

    assert run(["import-mse", str(EXAMPLE), "--report", str(local_store / "r.json")], monkeypatch,
               io.StringIO())[0] == 0
    monkeypatch.setenv("KRIA_VAR_DIR", str(local_store / "var"))  # run() undid the fixture's settings
    out = local_store / "docs"
    code, stdout, stderr = run(["mse-documents", "--out", str(out), "--format", "pdf"], monkeypatch, io.StringIO())
    assert code == 0, stderr
    assert "4 certificates, 16 files" in stderr
    lines = [line.split("\t") for line in stdout.splitlines()]
    assert {(n, k) for n, k, _ in lines} == {(f"{300 + i}.8.66/2026", k) for i in range(4)
                                            for k in ("form", "sfr", "organisation", "parents")}
    parents = out / "vypiska-roditeli-300.8.66-2026.pdf"
    assert "Смирнов Иван Петрович" in pdf_text(parents.read_bytes())
