"""The software GOST backend (a `Signer`): development and tests only."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import asn1crypto.tsp
from asn1crypto import x509

from kria_gost.asn1_ext import gost_public_key
from kria_gost.certs import KeyPair
from kria_gost.cms_build import build_detached_cms, signing_certificate_v2
from kria_gost.gost import sign_digest
from kria_gost.interfaces import Signer
from kria_gost.keystore import read_keystore
from kria_gost.trust import der

SignatureBackend = Signer  # the name signing used before the package had its own


class SoftGostBackend:
    """GOST R 34.10-2012 in pure Python (gostcrypto): development and tests only, never a qualified signature."""

    name = "soft-gost"
    is_qualified = False

    def __init__(self, key_pair: KeyPair, chain: Sequence[x509.Certificate]) -> None:
        if not chain:
            raise ValueError("the chain must start with the signer certificate")
        alg, point = gost_public_key(chain[0].public_key)
        if (alg, point) != (key_pair.alg, key_pair.point):
            raise ValueError("the private key does not belong to the signer certificate")
        self._keys = key_pair
        # DER kept, objects made per signature: asn1crypto objects parse lazily and are not safe to share
        # between threads signing at the same time
        self._signer_der = bytes(chain[0].dump())
        self._chain_ders = tuple(bytes(c.dump()) for c in chain[1:])
        self._signing_certificate_der = bytes(signing_certificate_v2(chain[0], key_pair.alg.digest_oid).dump())

    def signer_certificate(self) -> bytes:
        return self._signer_der

    def _sign(self, digest: bytes) -> bytes:
        return sign_digest(self._keys.alg, self._keys.private_key, digest)

    def sign_detached_sync(self, content: bytes, *, signing_time: datetime) -> bytes:
        return build_detached_cms(
            content,
            signing_time=signing_time,
            alg=self._keys.alg,
            signer=x509.Certificate.load(self._signer_der),
            chain=[x509.Certificate.load(der_bytes) for der_bytes in self._chain_ders],
            signing_certificate=asn1crypto.tsp.SigningCertificateV2.load(self._signing_certificate_der),
            sign=self._sign,
        )

    async def sign_detached(self, content: bytes, *, signing_time: datetime) -> bytes:
        # ≈ 0.05 s of pure-Python arithmetic: off the event loop so other requests keep flowing
        return await asyncio.to_thread(self.sign_detached_sync, content, signing_time=signing_time)


def load_certificates(paths: Sequence[Path]) -> list[x509.Certificate]:
    return [x509.Certificate.load(der(path.read_bytes())) for path in paths]


def load_soft_backend(keystore: Path, password: bytes, chain: list[Path]) -> Signer:
    """keystore: encrypted PKCS#8 PEM with the GOST 2012-256 key; chain: [signer certificate, intermediate]."""
    return SoftGostBackend(read_keystore(keystore, password), load_certificates(chain))
