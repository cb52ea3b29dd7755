"""`kria-signing verify DOC SIG` checks the signer against the service's register unless told not to."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kria_gost import DevPki, init_dev_pki, load_soft_backend
from kria_signing.cli import main

NOW = datetime.now(UTC).replace(microsecond=0)
DOCUMENT = b'{"conclusion_id":"c","effective":true}'


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[DevPki, Path, Path]:
    pki = init_dev_pki(tmp_path_factory.mktemp("pki"), now=NOW)
    backend = load_soft_backend(pki.head.keystore, pki.head.password, [pki.head.cert, pki.intermediate_cert])
    files = tmp_path_factory.mktemp("files")
    (files / "c.json").write_bytes(DOCUMENT)
    (files / "c.p7s").write_bytes(asyncio.run(backend.sign_detached(DOCUMENT, signing_time=NOW)))
    return pki, files / "c.json", files / "c.p7s"


def verify(signed: tuple[DevPki, Path, Path], capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    pki, document, signature = signed
    with pytest.raises(SystemExit) as done:
        main(["verify", str(document), str(signature), "--trust", str(pki.directory), *extra])
    return int(done.value.code or 0), json.loads(capsys.readouterr().out)


def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    (tmp_path / "signers.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("KRIA_SIGNING_SIGNERS_FILE", str(tmp_path / "signers.yaml"))


def test_by_default_the_dev_register_of_the_service_is_checked(signed: tuple[DevPki, Path, Path],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, report = verify(signed, capsys)
    assert (code, report["indication"]) == (0, "PASSED")
    assert report["checks"]["authorised_signer"] and report["checks"]["bureau"]


def test_a_signer_missing_from_the_service_register_fails_without_any_flag(
        signed: tuple[DevPki, Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    register(tmp_path, monkeypatch, 'version: "t"\nbureau_ogrn: "1027700000008"\ninclude_dev_pki: false\nsigners: []\n')
    code, report = verify(signed, capsys)
    assert (code, report["sub_indication"], report["failing_check"]) == (1, "SIGNER_NOT_AUTHORISED",
                                                                          "authorised_signer")
    code, report = verify(signed, capsys, "--any-signer")  # the explicit opt-out
    assert (code, report["indication"]) == (0, "PASSED")
    assert "authorised_signer" not in report["checks"] and "bureau" not in report["checks"]


def test_the_register_bureau_ogrn_is_checked_by_default(signed: tuple[DevPki, Path, Path],
                                                        capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    register(tmp_path, monkeypatch, 'version: "t"\nbureau_ogrn: "1027700000020"\ninclude_dev_pki: true\n')
    code, report = verify(signed, capsys)
    assert (code, report["failing_check"]) == (1, "bureau")
    code, report = verify(signed, capsys, "--bureau-ogrn", "1027700000008")  # an explicit flag overrides
    assert code == 0


def test_authority_dates_of_the_register_are_judged_on_the_signing_day(
        signed: tuple[DevPki, Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    head = signed[0].head.snils
    register(tmp_path, monkeypatch, f'version: "t"\nbureau_ogrn: "1027700000008"\ninclude_dev_pki: false\n'
             f'signers:\n  - {{name: H, snils: "{head}", role: head, valid_from: 2000-01-01,'
             f' valid_until: 2001-01-01}}\n')
    code, report = verify(signed, capsys)
    assert (code, report["sub_indication"]) == (1, "SIGNER_NOT_AUTHORISED")
