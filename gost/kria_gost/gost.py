"""GOST R 34.10-2012 / 34.11-2012 primitives over gostcrypto, with the X.509/CMS byte-order rules in one place.

The rules (SIGNATURE.md §1.2, checked against OpenSSL's gost engine):
- a Streebog digest is used in CMS/X.509 exactly as gostcrypto returns it (messageDigest, ESSCertIDv2);
- the digest handed to the signature primitive is that digest reversed;
- the signature value in CMS/X.509 is s‖r, gostcrypto works with r‖s;
- the SubjectPublicKeyInfo point is X_le‖Y_le, gostcrypto wants X_be‖Y_be;
- private keys are kept here big-endian (gostcrypto's order); PKCS#8 stores them little-endian.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gostcrypto import gosthash, gostsignature

STREEBOG_256 = "1.2.643.7.1.1.2.2"
STREEBOG_512 = "1.2.643.7.1.1.2.3"
GOST_2012_256 = "1.2.643.7.1.1.1.1"  # key algorithm; also SignerInfo.signatureAlgorithm (OpenSSL, CryptoPro)
GOST_2012_512 = "1.2.643.7.1.1.1.2"
SIGN_WITH_STREEBOG_256 = "1.2.643.7.1.1.3.2"  # X.509 / CRL signatureAlgorithm
SIGN_WITH_STREEBOG_512 = "1.2.643.7.1.1.3.3"
# GOST R 34.10-2001 / 34.11-94: forbidden since 2020 (ФСБ 149/7/6-363); recognised only to name the refusal.
GOST_2001_OIDS = frozenset({"1.2.643.2.2.19", "1.2.643.2.2.3", "1.2.643.2.2.9", "1.2.643.2.2.20", "1.2.643.2.2.4"})

# publicKeyParamSet OID -> gostcrypto curve name (SIGNATURE.md §1.2, checked against the gost engine).
PARAMSET_CURVES: dict[str, str] = {
    "1.2.643.2.2.35.1": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-A
    "1.2.643.2.2.36.0": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-XchA
    "1.2.643.2.2.35.2": "id-tc26-gost-3410-2012-256-paramSetC",  # CryptoPro-B
    "1.2.643.2.2.35.3": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-C
    "1.2.643.2.2.36.1": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-XchB
    "1.2.643.7.1.2.1.1.1": "id-tc26-gost-3410-2012-256-paramSetA",
    "1.2.643.7.1.2.1.1.2": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.7.1.2.1.1.3": "id-tc26-gost-3410-2012-256-paramSetC",
    "1.2.643.7.1.2.1.1.4": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.7.1.2.1.2.1": "id-tc26-gost-3410-12-512-paramSetA",
    "1.2.643.7.1.2.1.2.2": "id-tc26-gost-3410-12-512-paramSetB",
    "1.2.643.7.1.2.1.2.3": "id-tc26-gost-3410-2012-512-paramSetC",
}
DEFAULT_PARAMSET = "1.2.643.2.2.35.1"  # CryptoPro-A: what most Russian qualified certificates carry


class UnsupportedGostParameters(ValueError):
    """An algorithm or parameter-set OID this module does not implement."""


@dataclass(frozen=True)
class GostAlgorithm:
    """What a key's algorithm OID and parameter set imply: key size and the matching Streebog."""

    key_oid: str
    paramset: str

    @property
    def size(self) -> int:  # bytes per coordinate / signature half / digest
        return 32 if self.key_oid == GOST_2012_256 else 64

    @property
    def digest_oid(self) -> str:
        return STREEBOG_256 if self.size == 32 else STREEBOG_512

    @property
    def signature_oid(self) -> str:
        return SIGN_WITH_STREEBOG_256 if self.size == 32 else SIGN_WITH_STREEBOG_512


def algorithm_for(key_oid: str, paramset: str) -> GostAlgorithm:
    if key_oid not in (GOST_2012_256, GOST_2012_512):
        raise UnsupportedGostParameters(f"key algorithm {key_oid} is not GOST R 34.10-2012")
    curve = PARAMSET_CURVES.get(paramset)
    if curve is None or ("512" in curve) != (key_oid == GOST_2012_512):
        raise UnsupportedGostParameters(f"parameter set {paramset} does not fit key algorithm {key_oid}")
    return GostAlgorithm(key_oid, paramset)


_CACHED_INPUT_MAX = 64 * 1024  # bounds the memo's memory: 512 entries of at most 64 KiB


def streebog(data: bytes, digest_oid: str = STREEBOG_256) -> bytes:
    """Streebog of ``data``; small inputs are remembered, because pure-Python Streebog is slow and the same
    bytes (a conclusion, a CA certificate, signed attributes checked twice) are hashed again and again."""
    if len(data) <= _CACHED_INPUT_MAX:
        return _streebog_remembered(bytes(data), digest_oid)
    return _streebog(data, digest_oid)


@lru_cache(maxsize=512)
def _streebog_remembered(data: bytes, digest_oid: str) -> bytes:
    return _streebog(data, digest_oid)


def _streebog(data: bytes, digest_oid: str) -> bytes:
    names = {STREEBOG_256: "streebog256", STREEBOG_512: "streebog512"}
    if digest_oid not in names:
        raise UnsupportedGostParameters(f"digest algorithm {digest_oid} is not Streebog")
    return bytes(gosthash.new(names[digest_oid], data=bytearray(data)).digest())


@lru_cache(maxsize=16)
def _engine(paramset: str) -> Any:
    curve_name = PARAMSET_CURVES[paramset]
    mode = gostsignature.MODE_512 if "512" in curve_name else gostsignature.MODE_256
    engine = gostsignature.new(mode, gostsignature.CURVES_R_1323565_1_024_2019[curve_name])
    # gostcrypto inverts modulo p with a recursive pure-Python extended Euclid: the largest single cost of a
    # signature (bench/README.md). Python's pow(x, -1, p) computes the same inverse in C.
    engine._invert = _inverse
    return engine


def _inverse(value: int, modulus: int) -> int:
    return pow(value % modulus, -1, modulus)


def generate_private_key(alg: GostAlgorithm) -> bytes:
    """A uniformly random key in [1, q-1], big-endian."""
    q = _engine(alg.paramset)._q
    while True:
        candidate = int.from_bytes(os.urandom(alg.size), "big")
        if 0 < candidate < q:
            return candidate.to_bytes(alg.size, "big")


def public_key_point(alg: GostAlgorithm, private_key: bytes) -> bytes:
    """The public point as SubjectPublicKeyInfo carries it: X_le‖Y_le."""
    xy = bytes(_engine(alg.paramset).public_key_generate(bytearray(private_key)))
    return xy[: alg.size][::-1] + xy[alg.size :][::-1]


def sign_digest(alg: GostAlgorithm, private_key: bytes, digest: bytes) -> bytes:
    """Sign a Streebog digest (as streebog() returns it); returns the CMS/X.509 signature value s‖r."""
    r_s = bytes(_engine(alg.paramset).sign(bytearray(private_key), bytearray(digest[::-1])))
    return r_s[alg.size :] + r_s[: alg.size]


def verify_digest(alg: GostAlgorithm, public_point_le: bytes, digest: bytes, signature: bytes) -> bool:
    """Check a CMS/X.509 signature value s‖r over a Streebog digest with an X_le‖Y_le public point."""
    n = alg.size
    if len(public_point_le) != 2 * n or len(signature) != 2 * n or len(digest) != n:
        return False
    point_be = public_point_le[:n][::-1] + public_point_le[n:][::-1]
    r_s = signature[n:] + signature[:n]
    try:
        return bool(_engine(alg.paramset).verify(bytearray(point_be), bytearray(digest[::-1]), bytearray(r_s)))
    except gostsignature.GOSTSignatureError:
        return False
