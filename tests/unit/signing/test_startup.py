"""Start-up of the signing side: the dev PKI in development, refusals in production."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kria_shared.settings import ServiceSettings
from kria_signing.adapters.pki_setup import StartupRefused, prepare
from kria_signing.config.loader import SigningOptions, load_signer_config

from .fake_crypto import FakeCrypto

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def settings(tmp_path: Path, environment: str = "development") -> ServiceSettings:
    return ServiceSettings(service="signing", environment=environment, var_dir=tmp_path)  # type: ignore[arg-type]


def test_development_creates_the_dev_pki_once_and_registers_head_and_deputy(tmp_path: Path) -> None:
    crypto = FakeCrypto()
    register, include_dev = load_signer_config()
    first = prepare(settings(tmp_path), SigningOptions(), crypto.port(), register, include_dev, NOW)
    again = prepare(settings(tmp_path), SigningOptions(), crypto.port(), register, include_dev, NOW)
    assert crypto.created == [tmp_path / "pki"]  # the second start reuses var/pki
    assert {s.snils for s in first.register.signers} == {"11223344595", "22334455601"}
    assert set(again.backends) == {"11223344595", "22334455601"}
    assert first.root_pem.startswith(b"-----BEGIN CERTIFICATE-----")


def test_production_refuses_the_software_backend(tmp_path: Path) -> None:
    (tmp_path / "root.der").write_bytes(b"root")
    (tmp_path / "pw").write_bytes(b"secret\n")
    options = SigningOptions(trust_roots=[tmp_path / "root.der"], keystore=tmp_path / "head.key",
                             keystore_password_file=tmp_path / "pw", keystore_snils="11223344595")
    register, _ = load_signer_config()
    with pytest.raises(StartupRefused, match="not qualified"):
        prepare(settings(tmp_path, "production"), options, FakeCrypto().port(), register, True, NOW)


def test_production_needs_configured_trust_roots_and_never_makes_a_dev_pki(tmp_path: Path) -> None:
    crypto = FakeCrypto()
    register, _ = load_signer_config()
    with pytest.raises(StartupRefused, match="TRUST_ROOTS"):
        prepare(settings(tmp_path, "production"), SigningOptions(), crypto.port(), register, True, NOW)
    assert crypto.created == []


def test_production_without_a_key_accepts_uploads_only(tmp_path: Path) -> None:
    (tmp_path / "root.der").write_bytes(b"root")
    register, _ = load_signer_config()
    setup = prepare(settings(tmp_path, "production"), SigningOptions(trust_roots=[tmp_path / "root.der"]),
                    FakeCrypto().port(), register, True, NOW)
    assert setup.production and setup.backends == {} and setup.trust["production"] is True
    assert setup.register.signers == ()  # the dev PKI's signers never enter a production register
