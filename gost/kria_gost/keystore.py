"""Encrypted PKCS#8 keystore (PEM "ENCRYPTED PRIVATE KEY") for a GOST R 34.10-2012 private key.

Encryption: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018). A GOST PBES2 (Streebog HMAC + Kuznyechik)
is impractical here: pure-Python Streebog makes a decent PBKDF2 iteration count take minutes. The inner
PrivateKeyInfo is the gost engine's format (the key as a little-endian OCTET STRING), so
`openssl pkey -engine gost` reads these files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import algos, core, keys, pem
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kria_gost.asn1_ext import RawAlgorithmIdentifier, algorithm_from_identifier, key_parameters
from kria_gost.certs import KeyPair
from kria_gost.gost import UnsupportedGostParameters

PBKDF2_ITERATIONS = 200_000  # ≈ 0.1 s on the 2-core dev machine; read once per process start
_PEM_LABEL = "ENCRYPTED PRIVATE KEY"


class KeystoreError(ValueError):
    """The keystore cannot be opened: wrong password, damaged file or not a GOST key."""


class _GostPrivateKeyInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[Any]] = [
        ("version", core.Integer),
        ("private_key_algorithm", RawAlgorithmIdentifier),
        ("private_key", core.OctetString),
    ]


def encode_private_key(key_pair: KeyPair) -> bytes:
    inner = core.OctetString(key_pair.private_key[::-1]).dump()  # little-endian, as the gost engine writes it
    algorithm = {"algorithm": key_pair.alg.key_oid, "parameters": key_parameters(key_pair.alg)}
    return bytes(_GostPrivateKeyInfo({"version": 0, "private_key_algorithm": algorithm, "private_key": inner}).dump())


def decode_private_key(der: bytes) -> KeyPair:
    info = _GostPrivateKeyInfo.load(der)
    alg = algorithm_from_identifier(info["private_key_algorithm"]["algorithm"].dotted,
                                    info["private_key_algorithm"]["parameters"])
    inner = core.Asn1Value.load(info["private_key"].native)
    if isinstance(inner, core.OctetString):  # gost engine: little-endian octets
        value = int.from_bytes(inner.native, "little")
    elif isinstance(inner, core.Integer):  # older writers: an INTEGER
        value = inner.native
    else:
        raise KeystoreError("unknown GOST private key encoding")
    return KeyPair(alg, value.to_bytes(alg.size, "big"))


def _cipher(key: bytes, iv: bytes) -> Cipher[modes.CBC]:
    return Cipher(algorithms.AES256(key), modes.CBC(iv))


def write_keystore(path: Path, key_pair: KeyPair, password: bytes, *, iterations: int = PBKDF2_ITERATIONS) -> None:
    salt, iv = os.urandom(16), os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", password, salt, iterations, 32)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(encode_private_key(key_pair)) + padder.finalize()
    encryptor = _cipher(key, iv).encryptor()
    encrypted = encryptor.update(plain) + encryptor.finalize()
    salt_choice = algos.Pbkdf2Salt(name="specified", value=salt)
    kdf_parameters = {"salt": salt_choice, "iteration_count": iterations, "prf": {"algorithm": "sha256"}}
    kdf = {"algorithm": "pbkdf2", "parameters": kdf_parameters}
    scheme = {"algorithm": "aes256_cbc", "parameters": iv}
    info = keys.EncryptedPrivateKeyInfo(
        {
            "encryption_algorithm": {
                "algorithm": "pbes2",
                "parameters": {"key_derivation_func": kdf, "encryption_scheme": scheme},
            },
            "encrypted_data": encrypted,
        }
    )
    write_private(path, pem.armor(_PEM_LABEL, info.dump()))


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, from the first byte on."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through O_CREAT: set it explicitly
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def read_keystore(path: Path, password: bytes) -> KeyPair:
    try:
        label, _, body = pem.unarmor(path.read_bytes())
        if label != _PEM_LABEL:
            raise KeystoreError(f"expected a PEM '{_PEM_LABEL}', found '{label}'")
        algorithm = keys.EncryptedPrivateKeyInfo.load(body)["encryption_algorithm"]
        if algorithm.kdf != "pbkdf2" or algorithm.encryption_cipher != "aes" or algorithm.key_length != 32:
            raise KeystoreError("unsupported keystore encryption (expected PBES2 PBKDF2 + AES-256-CBC)")
        key = hashlib.pbkdf2_hmac(algorithm.kdf_hmac, password, algorithm.kdf_salt, algorithm.kdf_iterations, 32)
        decryptor = _cipher(key, algorithm.encryption_iv).decryptor()
        padded = decryptor.update(keys.EncryptedPrivateKeyInfo.load(body)["encrypted_data"].native)
        unpadder = padding.PKCS7(128).unpadder()
        plain = unpadder.update(padded + decryptor.finalize()) + unpadder.finalize()
        return decode_private_key(plain)
    except KeystoreError:
        raise
    except (ValueError, TypeError, KeyError, UnsupportedGostParameters) as exc:
        raise KeystoreError("cannot open the keystore: wrong password or damaged file") from exc
