"""The file sink's trust anchor is published at var/pki/root.pem (issue 5), wherever the dev PKI is kept."""

from __future__ import annotations

from pathlib import Path

from kria_shared.settings import ServiceSettings
from kria_signing.adapters.ecp_sinks import FileSink
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.app import make_sink
from kria_signing.config.loader import SigningOptions
from kria_signing.domain.authority import SignerRegister

ROOT = b"-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n"


def settings(var: Path) -> ServiceSettings:
    return ServiceSettings(service="signing", environment="development", var_dir=var)


def setup(root_pem: bytes = ROOT) -> SigningSetup:
    return SigningSetup(trust=None, root_pem=root_pem, register=SignerRegister("t", "1027700000008", ()))


def test_a_moved_pki_dir_still_publishes_the_anchor_at_var_pki_root_pem(tmp_path: Path) -> None:
    var, elsewhere = tmp_path / "var", tmp_path / "keys"
    sink = make_sink(settings(var), SigningOptions(pki_dir=elsewhere), setup(), None)
    assert isinstance(sink, FileSink) and sink.directory == var / "ecp"
    assert (var / "pki" / "root.pem").read_bytes() == ROOT
    assert not (elsewhere / "root.pem").exists()  # the dev PKI's own files are not written over


def test_the_anchor_follows_the_configured_roots_and_an_unchanged_one_is_left_alone(tmp_path: Path) -> None:
    anchor = tmp_path / "pki" / "root.pem"
    make_sink(settings(tmp_path), SigningOptions(), setup(), None)
    inode = anchor.stat().st_ino
    make_sink(settings(tmp_path), SigningOptions(), setup(), None)
    assert anchor.stat().st_ino == inode  # same bytes: not rewritten under a reader
    renewed = ROOT.replace(b"TUlJQg==", b"TUlJQw==")
    make_sink(settings(tmp_path), SigningOptions(), setup(renewed), None)
    assert anchor.read_bytes() == renewed
    assert sorted(p.name for p in anchor.parent.iterdir()) == ["root.pem"]  # no temporary file left behind
