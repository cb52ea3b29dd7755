"""`kria-signing pki init DIR` / `verify DOC SIG`: the development PKI on disk and the verification command."""

from __future__ import annotations

import argparse
import asyncio
import json
import stat
from pathlib import Path

import pytest

from kria_gost import DevPki, init_dev_pki, load_dev_pki, load_soft_backend, verify_detached
from kria_gost.cli import add_commands, main

from .pki import BUREAU_OGRN, CONTENT, NOW


@pytest.fixture(scope="module")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    directory = tmp_path_factory.mktemp("pki")
    assert main(["pki", "init", str(directory), "--now", NOW.isoformat(), "--bureau-ogrn", BUREAU_OGRN]) == 0
    return load_dev_pki(directory)


async def _sign(pki: DevPki, role: str, content: bytes = CONTENT) -> bytes:
    signer = getattr(pki, role)
    backend = load_soft_backend(signer.keystore, signer.password, [signer.cert, pki.intermediate_cert])
    return await backend.sign_detached(content, signing_time=NOW)


def test_the_directory_describes_itself_and_says_it_is_not_qualified(dev_pki: DevPki) -> None:
    manifest = json.loads((dev_pki.directory / "pki.json").read_text(encoding="utf-8"))
    assert "NOT QUALIFIED" in manifest["warning"] and manifest["bureau_ogrn"] == BUREAU_OGRN
    assert stat.S_IMODE((dev_pki.directory / "pki.json").stat().st_mode) == 0o600  # it holds passwords
    assert set(manifest["signers"]) == {"head", "deputy", "revoked", "expired"}
    for path in (dev_pki.root_cert, dev_pki.intermediate_cert, dev_pki.crl, dev_pki.root_crl, dev_pki.head.keystore):
        assert path is not None and path.is_file()
    assert dev_pki.head.password and dev_pki.head.password != dev_pki.deputy.password
    assert len({dev_pki.head.snils, dev_pki.deputy.snils, dev_pki.revoked.snils, dev_pki.expired.snils}) == 4
    trust = dev_pki.trust()
    assert (len(trust.trust_roots), len(trust.intermediates), len(trust.crls), trust.production) == (1, 1, 2, False)
    assert load_dev_pki(dev_pki.directory) == dev_pki


async def test_each_dev_signer_gets_the_verdict_its_name_promises(dev_pki: DevPki) -> None:
    authorised = {dev_pki.head.snils, dev_pki.deputy.snils, dev_pki.revoked.snils, dev_pki.expired.snils}
    verdicts = {}
    for role in ("head", "deputy", "revoked", "expired"):
        report = await verify_detached(CONTENT, await _sign(dev_pki, role), dev_pki.trust(),
                                       authorised_snils=authorised, bureau_ogrn=BUREAU_OGRN)
        verdicts[role] = (report.indication, report.sub_indication)
    assert verdicts == {"head": ("PASSED", None), "deputy": ("PASSED", None), "revoked": ("FAILED", "REVOKED"),
                        "expired": ("FAILED", "EXPIRED")}


def test_init_refuses_an_ogrn_with_a_wrong_check_digit_and_a_naive_moment(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="check digit"):
        init_dev_pki(tmp_path, now=NOW, bureau_ogrn="1027700000000")
    with pytest.raises(ValueError, match="timezone"):
        init_dev_pki(tmp_path, now=NOW.replace(tzinfo=None))
    assert not (tmp_path / "pki.json").exists()


def _sign_sync(pki: DevPki, role: str) -> bytes:
    return asyncio.run(_sign(pki, role))  # the CLI runs its own event loop: these tests are synchronous


def test_verify_prints_the_report_and_exits_by_indication(
    dev_pki: DevPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, signature = tmp_path / "c.json", tmp_path / "c.p7s"
    document.write_bytes(CONTENT)
    signature.write_bytes(_sign_sync(dev_pki, "head"))
    trust = ["--trust", str(dev_pki.directory)]

    assert main(["verify", str(document), str(signature), *trust, "--bureau-ogrn", BUREAU_OGRN,
                 "--authorised-snils", dev_pki.head.snils]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["indication"] == "PASSED" and report["signer"]["snils"] == dev_pki.head.snils
    assert report["signing_time"] == NOW.isoformat()

    assert main(["verify", str(document), str(signature), *trust, "--production"]) == 1
    assert json.loads(capsys.readouterr().out)["sub_indication"] == "NOT_QUALIFIED"

    document.write_bytes(CONTENT + b" ")
    assert main(["verify", str(document), str(signature), *trust]) == 1
    assert json.loads(capsys.readouterr().out)["sub_indication"] == "HASH_FAILURE"


def test_verify_with_explicit_trust_files_and_an_untrusted_root(
    dev_pki: DevPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, signature = tmp_path / "c.json", tmp_path / "c.p7s"
    document.write_bytes(CONTENT)
    signature.write_bytes(_sign_sync(dev_pki, "deputy"))
    explicit = ["--trust-root", str(dev_pki.root_cert), "--intermediate", str(dev_pki.intermediate_cert)]
    crls = ["--crl", str(dev_pki.root_crl), "--crl", str(dev_pki.crl)]
    assert main(["verify", str(document), str(signature), *explicit, *crls]) == 0
    capsys.readouterr()
    assert main(["verify", str(document), str(signature), "--trust-root", str(dev_pki.head.cert)]) == 2
    assert json.loads(capsys.readouterr().out)["sub_indication"] == "NO_CERTIFICATE_CHAIN_FOUND"


def test_the_commands_plug_into_the_service_cli() -> None:
    parser = argparse.ArgumentParser(prog="kria-signing")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve")
    add_commands(commands)
    args = parser.parse_args(["verify", "doc.json", "doc.p7s", "--trust", "var/pki"])
    assert callable(args.func) and args.trust == Path("var/pki")
    assert callable(parser.parse_args(["pki", "init", "var/pki"]).func)
