"""CAdES-BES detached CMS SignedData with GOST R 34.10-2012 over Streebog (SIGNATURE.md §1.3, §3.3).

Signed attributes: contentType, signingTime, messageDigest, signingCertificateV2; certificates: the signer's
and its intermediate CA's; no eContent. OpenSSL's `cms -sign -cades` with the gost engine makes the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import asn1crypto.tsp  # also registers signing_certificate_v2
from asn1crypto import cms, x509

from kria_gost.gost import GostAlgorithm, streebog


def signed_attrs_digest_input(signed_attrs: cms.CMSAttributes) -> bytes:
    """The bytes a CMS signature covers: the signed attributes re-tagged as a DER SET OF (0x31, not [0])."""
    encoded = bytes(signed_attrs.dump())
    return b"\x31" + encoded[1:]


def signing_certificate_v2(certificate: x509.Certificate, digest_oid: str) -> asn1crypto.tsp.SigningCertificateV2:
    issuer = x509.GeneralName(name="directory_name", value=certificate.issuer)
    return asn1crypto.tsp.SigningCertificateV2(
        {
            "certs": [
                {
                    "hash_algorithm": {"algorithm": digest_oid},
                    "cert_hash": streebog(certificate.dump(), digest_oid),
                    "issuer_serial": {"issuer": [issuer], "serial_number": certificate.serial_number},
                }
            ]
        }
    )


def _signing_time(moment: datetime) -> cms.Time:
    if moment.tzinfo is None:
        raise ValueError("signing_time must be timezone-aware")
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return cms.Time(name="utc_time" if moment.year < 2050 else "generalized_time", value=moment)


def build_signed_attrs(
    content_digest: bytes, signing_time: datetime, signing_certificate: asn1crypto.tsp.SigningCertificateV2
) -> cms.CMSAttributes:
    return cms.CMSAttributes(
        [
            {"type": "content_type", "values": ["data"]},
            {"type": "signing_time", "values": [_signing_time(signing_time)]},
            {"type": "message_digest", "values": [content_digest]},
            {"type": "signing_certificate_v2", "values": [signing_certificate]},
        ]
    )


def assemble(
    alg: GostAlgorithm,
    signer: x509.Certificate,
    chain: Sequence[x509.Certificate],
    signed_attrs: cms.CMSAttributes,
    signature: bytes,
) -> bytes:
    """DER ContentInfo(SignedData) around an already computed signature value (s‖r)."""
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                name="issuer_and_serial_number",
                value={"issuer": signer.issuer, "serial_number": signer.serial_number},
            ),
            "digest_algorithm": {"algorithm": alg.digest_oid},
            "signed_attrs": signed_attrs,
            "signature_algorithm": {"algorithm": alg.key_oid},  # as OpenSSL and CryptoPro write it
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [{"algorithm": alg.digest_oid}],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cms.CertificateChoices(name="certificate", value=c) for c in (signer, *chain)],
            "signer_infos": [signer_info],
        }
    )
    return bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump())


def build_detached_cms(
    content: bytes,
    *,
    signing_time: datetime,
    alg: GostAlgorithm,
    signer: x509.Certificate,
    chain: Sequence[x509.Certificate],
    signing_certificate: asn1crypto.tsp.SigningCertificateV2,
    sign: Callable[[bytes], bytes],
) -> bytes:
    """`sign` maps a Streebog digest of the signed attributes to the signature value s‖r."""
    attrs = build_signed_attrs(streebog(content, alg.digest_oid), signing_time, signing_certificate)
    attrs = cms.CMSAttributes.load(attrs.dump())  # DER SET OF: the order we sign is the order we send
    signature = sign(streebog(signed_attrs_digest_input(attrs), alg.digest_oid))
    return assemble(alg, signer, chain, attrs, signature)

