"""Trust configuration, checked once per distinct configuration and handed out as fresh objects per use.

asn1crypto parses lazily and caches inside the objects, so objects shared between verifications running in
different threads could be half-parsed when another thread reads them. What is cached is the validated DER;
each verification loads its own (cheap) objects, and the costly part — the CA and CRL signature checks — is
remembered by the signature validator (path_validation), keyed on bytes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from asn1crypto import crl, pem, x509

_CACHE_SIZE = 8


@dataclass(frozen=True)
class TrustConfig:
    trust_roots: list[bytes]  # DER certificates
    intermediates: list[bytes]  # DER
    crls: list[bytes]  # DER
    production: bool = False  # True: certificates of the development PKI (not qualified) are refused


@dataclass(frozen=True)
class ParsedTrust:
    """Validated DER of a TrustConfig; the methods give objects owned by the caller."""

    root_ders: tuple[bytes, ...]
    intermediate_ders: tuple[bytes, ...]
    crl_ders: tuple[bytes, ...]
    production: bool

    def roots(self) -> list[x509.Certificate]:
        return [x509.Certificate.load(item) for item in self.root_ders]

    def intermediates(self) -> list[x509.Certificate]:
        return [x509.Certificate.load(item) for item in self.intermediate_ders]

    def crls(self) -> list[crl.CertificateList]:
        return [crl.CertificateList.load(item) for item in self.crl_ders]


def der(data: bytes) -> bytes:
    """DER from DER or PEM input (configuration files come in both)."""
    if pem.detect(data):
        _, _, body = pem.unarmor(data)
        return bytes(body)
    return data


_lock = threading.Lock()
_cache: dict[tuple[object, ...], ParsedTrust] = {}


def parsed_trust(trust: TrustConfig) -> ParsedTrust:
    """Check (once per distinct configuration) that the anchors, intermediates and CRLs parse."""
    key = (tuple(trust.trust_roots), tuple(trust.intermediates), tuple(trust.crls), trust.production)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    parsed = ParsedTrust(
        root_ders=tuple(_certificate(item) for item in trust.trust_roots),
        intermediate_ders=tuple(_certificate(item) for item in trust.intermediates),
        crl_ders=tuple(_crl(item) for item in trust.crls),
        production=trust.production,
    )
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = parsed
    return parsed


def _certificate(data: bytes) -> bytes:
    body = der(data)
    certificate = x509.Certificate.load(body, strict=True)
    _ = certificate.subject, certificate.not_valid_after  # bad trust material fails here, not mid-check
    return body


def _crl(data: bytes) -> bytes:
    body = der(data)
    certificate_list = crl.CertificateList.load(body, strict=True)
    _ = certificate_list.issuer, certificate_list["tbs_cert_list"]["next_update"].native
    return body
