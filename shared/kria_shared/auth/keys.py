"""Signing keys: a local development key pair (created on first use) and configured public keys."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DEV_KID = "kria-dev"


def dev_key_dir() -> Path:
    return Path(os.environ.get("KRIA_DEV_KEYS_DIR", "var/dev-keys"))


def dev_private_key() -> Ed25519PrivateKey:
    """The development key pair, created on first use; never accepted in production."""
    d = dev_key_dir()
    path = d / "dev-signing-key.pem"
    if not path.exists():
        d.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        (d / f"{DEV_KID}.pub.pem").write_bytes(
            key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    return loaded


def dev_public_key() -> Ed25519PublicKey:
    return dev_private_key().public_key()


def load_public_keys(directory: Path) -> dict[str, object]:
    """``<kid>.pub.pem`` files of the region's identity provider."""
    keys: dict[str, object] = {}
    for f in sorted(directory.glob("*.pub.pem")):
        keys[f.name.removesuffix(".pub.pem")] = serialization.load_pem_public_key(f.read_bytes())
    return keys
