"""``kria-signing`` wires the crypto package's commands next to ``serve``: verify a conclusion's files."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kria_gost import DevPki, load_soft_backend
from kria_signing.cli import main, parser


def test_the_cli_offers_serve_pki_and_verify() -> None:
    assert parser().parse_args(["serve", "--port", "9999"]).port == 9999
    assert parser().parse_args(["pki", "init", "/tmp/x"]).command == "pki"


def test_verify_command_passes_a_good_signature_and_fails_a_tampered_document(
    tmp_path: Path, dev_pki: DevPki, capsys: pytest.CaptureFixture[str]
) -> None:
    document = b'{"conclusion_id":"c","effective":true}'
    backend = load_soft_backend(dev_pki.head.keystore, dev_pki.head.password,
                                [dev_pki.head.cert, dev_pki.intermediate_cert])
    (tmp_path / "c.json").write_bytes(document)
    (tmp_path / "c.p7s").write_bytes(asyncio.run(backend.sign_detached(document, signing_time=datetime.now(UTC))))
    with pytest.raises(SystemExit) as ok:
        main(["verify", str(tmp_path / "c.json"), str(tmp_path / "c.p7s"), "--trust", str(dev_pki.directory)])
    assert ok.value.code == 0
    assert json.loads(capsys.readouterr().out)["indication"] == "PASSED"

    (tmp_path / "c.json").write_bytes(document.replace(b"true", b"false"))
    with pytest.raises(SystemExit) as bad:
        main(["verify", str(tmp_path / "c.json"), str(tmp_path / "c.p7s"), "--trust", str(dev_pki.directory)])
    assert bad.value.code != 0
    assert json.loads(capsys.readouterr().out)["sub_indication"] == "HASH_FAILURE"
