"""Issuing GOST certificates and CRLs with asn1crypto + gostcrypto (the development PKI and the tests)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from asn1crypto import core, crl, x509

from kria_gost.asn1_ext import build_public_key_info
from kria_gost.gost import GostAlgorithm, public_key_point, sign_digest, streebog


@dataclass(frozen=True)
class KeyPair:
    alg: GostAlgorithm
    private_key: bytes  # big-endian, gostcrypto's order

    @cached_property  # a scalar multiplication (≈ 0.04 s): once per key
    def point(self) -> bytes:
        return public_key_point(self.alg, self.private_key)

    @cached_property
    def key_id(self) -> bytes:
        # RFC 5280 §4.2.1.2 method 1 (SHA-1 of the subjectPublicKey bits): an identifier, not a security function.
        return hashlib.sha1(core.OctetString(self.point).dump(), usedforsecurity=False).digest()


@dataclass(frozen=True)
class Issuer:
    name: x509.Name
    keys: KeyPair


def _time(moment: datetime) -> x509.Time:
    return x509.Time(name="utc_time" if moment.year < 2050 else "general_time", value=moment)


def sign_tbs(keys: KeyPair, tbs: core.Asn1Value) -> bytes:
    """GOST signature value (s‖r) over the DER of a TBSCertificate / TBSCertList."""
    return sign_digest(keys.alg, keys.private_key, streebog(tbs.dump(), keys.alg.digest_oid))


def extension(oid_or_name: str, value: object, *, critical: bool = False) -> x509.Extension:
    """An Extension; a raw `bytes` value is the already-encoded extnValue (for OIDs asn1crypto does not know)."""
    return x509.Extension({"extn_id": oid_or_name, "critical": critical, "extn_value": value})


def issue_certificate(
    issuer: Issuer,
    *,
    subject: x509.Name,
    subject_keys: KeyPair,
    serial: int,
    not_before: datetime,
    not_after: datetime,
    extensions: Sequence[x509.Extension],
) -> x509.Certificate:
    """A v3 certificate signed by `issuer` (pass the subject's own name and keys as issuer for a root)."""
    identifiers = [extension("key_identifier", subject_keys.key_id)]
    if issuer.keys.key_id != subject_keys.key_id:
        identifiers.append(extension("authority_key_identifier", {"key_identifier": issuer.keys.key_id}))
    algorithm = {"algorithm": issuer.keys.alg.signature_oid}
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial,
            "signature": algorithm,
            "issuer": issuer.name,
            "validity": {"not_before": _time(not_before), "not_after": _time(not_after)},
            "subject": subject,
            "subject_public_key_info": build_public_key_info(subject_keys.alg, subject_keys.point),
            "extensions": [*identifiers, *extensions],
        }
    )
    certificate = x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": sign_tbs(issuer.keys, tbs)}
    )
    return x509.Certificate.load(certificate.dump())


def issue_crl(
    issuer: Issuer,
    *,
    number: int,
    this_update: datetime,
    next_update: datetime,
    revoked: Sequence[tuple[int, datetime]] = (),
) -> crl.CertificateList:
    """A full CRL of `issuer`; `revoked` lists (serial, revocation date) pairs, reason keyCompromise."""
    entries = [
        {
            "user_certificate": serial,
            "revocation_date": _time(when),
            "crl_entry_extensions": [{"extn_id": "crl_reason", "extn_value": "key_compromise"}],
        }
        for serial, when in revoked
    ]
    algorithm = {"algorithm": issuer.keys.alg.signature_oid}
    tbs = crl.TbsCertList(
        {
            "version": "v2",
            "signature": algorithm,
            "issuer": issuer.name,
            "this_update": _time(this_update),
            "next_update": _time(next_update),
            "revoked_certificates": entries or None,
            "crl_extensions": [
                {"extn_id": "crl_number", "extn_value": number},
                {"extn_id": "authority_key_identifier", "extn_value": {"key_identifier": issuer.keys.key_id}},
            ],
        }
    )
    certificate_list = crl.CertificateList(
        {"tbs_cert_list": tbs, "signature_algorithm": algorithm, "signature": sign_tbs(issuer.keys, tbs)}
    )
    return crl.CertificateList.load(certificate_list.dump())
