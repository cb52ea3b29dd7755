"""`kria demo` itself, as a user runs it: a child process on the test broker, its exit code, report and summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kria_certificates.config.loader import load_config

pytestmark = [pytest.mark.e2e, pytest.mark.kafka]


def test_kria_demo_runs_to_a_report_with_every_invariant_true(kafka_bootstrap: str, tmp_path: Path) -> None:
    report_file = tmp_path / "r.json"
    # KAFKA_BOOTSTRAP_SERVERS makes the command use this broker (external: its topics get a run prefix).
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "COLUMNS": "200"}
    exe = str(Path(sys.executable).with_name("kria"))
    done = subprocess.run(
        [exe, "demo", "--children", "6", "--seed", "3", "--report", str(report_file), "--var", str(tmp_path / "var")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["invariants"] and all(report["invariants"].values()), report["invariants"]
    assert report["children"] == 6
    # every register organisation's price list (all regions), approved by its head with an order, as one XLSX
    # and one PDF under var/ (the register read from the certificates' own configuration, not from the report)
    lists = report["documents"]["price_lists"]
    assert lists and all(p["order"]["number"] and p["approved_by"].startswith("head-") for p in lists)
    assert sorted(p["organisation_id"] for p in lists) == sorted(load_config().register.organisation_ids())
    folder = tmp_path / "var" / "documents" / "price-lists"
    for p in lists:
        xlsx, pdf = Path(p["xlsx"]), Path(p["pdf"])
        assert xlsx.parent == folder and pdf.parent == folder
        assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(f.name for f in folder.iterdir()) == sorted(
        Path(p[fmt]).name for p in lists for fmt in ("xlsx", "pdf"))
    # the four MSE documents of every issued certificate, each numbered as its protocol (issue 16)
    forms = report["documents"]["mse_forms"]
    assert forms and len(forms) == report["import"]["outcomes"]["issued"]
    for entry in forms:
        assert set(entry["files"]) == {"form", "sfr", "organisation", "parents"} and entry["number"].count(".") == 2
        assert all(Path(p).read_bytes().startswith(b"%PDF-") for p in entry["files"].values())
    conclusions = report["documents"]["conclusions"]
    assert conclusions and all(c["signature_valid"] for c in conclusions)  # what each PDF's QR opens
    assert all(c["document_version"] == "kria.mse.conclusion.v2" and c["names_child_act_ipra_signer"]
               for c in conclusions)  # the ЕЦП form: the child, the MSE act, the IPRA and the signer (issue 16.3)
    assert len(report["documents"]["protocols"]) >= len(conclusions)
    # a settlement act per settled certificate and the period's payment registry, PDF and XLSX (issue 16.4)
    acts = report["documents"]["acts"]
    assert acts and len(acts) == report["certificates"].get("settled", 0)
    for act in acts:
        assert Path(act["files"]["pdf"]).read_bytes().startswith(b"%PDF-")
        assert Path(act["files"]["xlsx"]).read_bytes()[:2] == b"PK"
    registry = {r["format"]: Path(r["path"]) for r in report["documents"]["payment_registry"]}
    assert set(registry) == {"pdf", "xlsx"} and registry["pdf"].read_bytes().startswith(b"%PDF-")
    registry_text = subprocess.run(["pdftotext", "-layout", str(registry["pdf"]), "-"], capture_output=True,
                                   text=True, check=True).stdout
    assert "Реестр" in registry_text or "РЕЕСТР" in registry_text
    # The summary a user reads on the terminal: the table with each invariant, then where the report went.
    assert "KRiA pilot demo" in out
    assert all(f"invariant {name}" in out for name in report["invariants"]) and "FALSE" not in out
    assert f"Report: {report_file}" in out
    # The console is started beside the services and its address is printed and reported.
    assert report["console"]["url"].startswith("http://127.0.0.1:")
    assert f"Console: {report['console']['url']}" in out
