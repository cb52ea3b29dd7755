"""The encrypted PKCS#8 keystore and the software backend that loads it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from asn1crypto import keys, pem

from kria_gost import load_soft_backend, verify_detached
from kria_gost.keystore import KeystoreError, read_keystore, write_keystore

from .pki import CONTENT, NOW, MemoryPki


def _files(pki: MemoryPki, tmp_path: Path) -> tuple[Path, Path, Path]:
    keystore = tmp_path / "head.key.pem"
    write_keystore(keystore, pki.head.keys, b"correct horse", iterations=1000)
    cert, ca = tmp_path / "head.der", tmp_path / "ca.pem"
    cert.write_bytes(pki.head.certificate.dump())
    ca.write_bytes(pem.armor("CERTIFICATE", pki.authority.ca_cert.dump()))
    return keystore, cert, ca


def test_the_keystore_is_pbes2_encrypted_pkcs8_readable_only_by_its_owner(pki: MemoryPki, tmp_path: Path) -> None:
    keystore, _, _ = _files(pki, tmp_path)
    label, _, body = pem.unarmor(keystore.read_bytes())
    assert label == "ENCRYPTED PRIVATE KEY"
    algorithm = keys.EncryptedPrivateKeyInfo.load(body)["encryption_algorithm"]
    assert (algorithm.kdf, algorithm.kdf_hmac, algorithm.encryption_cipher, algorithm.key_length) == (
        "pbkdf2", "sha256", "aes", 32)
    assert pki.head.keys.private_key not in body and pki.head.keys.private_key[::-1] not in body
    assert stat.S_IMODE(keystore.stat().st_mode) == 0o600
    assert read_keystore(keystore, b"correct horse").private_key == pki.head.keys.private_key


def test_a_wrong_password_or_a_damaged_file_is_refused(pki: MemoryPki, tmp_path: Path) -> None:
    keystore, _, _ = _files(pki, tmp_path)
    with pytest.raises(KeystoreError):
        read_keystore(keystore, b"wrong horse")
    _, _, body = pem.unarmor(keystore.read_bytes())
    info = keys.EncryptedPrivateKeyInfo.load(body)
    info["encrypted_data"] = info["encrypted_data"].native[:-16]  # the last AES block lost
    damaged = tmp_path / "damaged.pem"
    damaged.write_bytes(pem.armor("ENCRYPTED PRIVATE KEY", info.dump(force=True)))
    with pytest.raises(KeystoreError):
        read_keystore(damaged, b"correct horse")
    certificate = tmp_path / "cert.pem"
    certificate.write_bytes(pem.armor("CERTIFICATE", pki.head.certificate.dump()))
    with pytest.raises(KeystoreError, match="ENCRYPTED PRIVATE KEY"):
        read_keystore(certificate, b"correct horse")


async def test_the_loaded_backend_signs_what_verifies(pki: MemoryPki, tmp_path: Path) -> None:
    keystore, cert, ca = _files(pki, tmp_path)
    backend = load_soft_backend(keystore, b"correct horse", [cert, ca])  # DER and PEM both accepted
    assert backend.signer_certificate() == pki.head.certificate.dump()
    cms_der = await backend.sign_detached(CONTENT, signing_time=NOW)
    assert (await verify_detached(CONTENT, cms_der, pki.trust())).passed()


def test_a_keystore_that_does_not_match_its_certificate_is_refused_at_load(pki: MemoryPki, tmp_path: Path) -> None:
    keystore, _, ca = _files(pki, tmp_path)
    deputy_cert = tmp_path / "deputy.der"
    deputy_cert.write_bytes(pki.deputy.certificate.dump())
    with pytest.raises(ValueError, match="does not belong"):
        load_soft_backend(keystore, b"correct horse", [deputy_cert, ca])
