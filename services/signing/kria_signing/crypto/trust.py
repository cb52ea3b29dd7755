"""Trust configuration, and its parsed form cached so thousands of verifications parse it once."""

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
    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    crls: tuple[crl.CertificateList, ...]
    production: bool


def der(data: bytes) -> bytes:
    """DER from DER or PEM input (configuration files come in both)."""
    if pem.detect(data):
        _, _, body = pem.unarmor(data)
        return bytes(body)
    return data


_lock = threading.Lock()
_cache: dict[tuple[object, ...], ParsedTrust] = {}


def parsed_trust(trust: TrustConfig) -> ParsedTrust:
    """Parse (once per distinct configuration) the trust anchors, intermediates and CRLs."""
    key = (tuple(trust.trust_roots), tuple(trust.intermediates), tuple(trust.crls), trust.production)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    parsed = ParsedTrust(
        roots=tuple(_certificate(item) for item in trust.trust_roots),
        intermediates=tuple(_certificate(item) for item in trust.intermediates),
        crls=tuple(_crl(item) for item in trust.crls),
        production=trust.production,
    )
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = parsed
    return parsed


def _certificate(data: bytes) -> x509.Certificate:
    certificate = x509.Certificate.load(der(data))
    _ = certificate.subject, certificate.not_valid_after  # parse now: bad trust material fails here, not mid-check
    return certificate


def _crl(data: bytes) -> crl.CertificateList:
    certificate_list = crl.CertificateList.load(der(data))
    _ = certificate_list.issuer, certificate_list["tbs_cert_list"]["next_update"].native
    return certificate_list
