"""Parse a detached CAdES-BES CMS and check its structure (SIGNATURE.md §1.5 items 1–2, §4 items 5–7).

Every failure is a CheckFailure("format", "FORMAT_FAILURE", ...) or, for the signer certificate lookup,
("signer_certificate", "NO_SIGNING_CERTIFICATE_FOUND", ...): hostile input never escapes as an exception.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import asn1crypto.tsp  # also registers signing_certificate_v2
from asn1crypto import cms, core, x509

from kria_gost.report import CheckFailure

MAX_CMS_BYTES = 256 * 1024  # a CAdES-BES with two certificates is ≈ 3 KiB; more is not ours (DoS guard)
REQUIRED_ATTRIBUTES = ("content_type", "message_digest", "signing_time", "signing_certificate_v2")


@dataclass(frozen=True)
class ParsedSignature:
    signer_info: cms.SignerInfo
    certificates: tuple[x509.Certificate, ...]
    digest_oid: str
    signature_oid: str
    message_digest: bytes
    signing_time: datetime
    signing_certificate: asn1crypto.tsp.SigningCertificateV2
    signed_attrs_der: bytes  # the signed attributes as a DER SET OF: what the signature covers
    signature: bytes


def _format(message: str) -> CheckFailure:
    return CheckFailure("format", "FORMAT_FAILURE", message)


def parse_detached(cms_der: bytes) -> ParsedSignature:
    if len(cms_der) > MAX_CMS_BYTES:
        raise _format(f"the CMS is larger than {MAX_CMS_BYTES} bytes")
    try:
        return _parse(cms_der)
    except CheckFailure:
        raise
    except Exception as exc:  # asn1crypto parses lazily: any malformed part surfaces here as some exception
        raise _format(f"malformed CMS ({type(exc).__name__})") from exc


def _parse(cms_der: bytes) -> ParsedSignature:
    info = cms.ContentInfo.load(cms_der, strict=True)
    if info["content_type"].native != "signed_data":
        raise _format("not a CMS SignedData")
    signed_data = info["content"]
    encapsulated = signed_data["encap_content_info"]
    if encapsulated["content_type"].native != "data":
        raise _format("the encapsulated content type is not id-data")
    if not isinstance(encapsulated["content"], core.Void):
        raise _format("the CMS carries the content: a detached signature is expected")
    if len(signed_data["signer_infos"]) != 1:
        raise _format(f"expected exactly one SignerInfo, found {len(signed_data['signer_infos'])}")
    certificates = tuple(
        choice.chosen for choice in (signed_data["certificates"] or []) if choice.name == "certificate"
    )
    signer_info = signed_data["signer_infos"][0]
    attributes = _signed_attributes(signer_info)
    content_type = attributes["content_type"]
    if content_type.native != "data":
        raise _format("the contentType signed attribute is not id-data")
    signed_attrs = signer_info["signed_attrs"].dump()
    return ParsedSignature(
        signer_info=signer_info,
        certificates=certificates,
        digest_oid=signer_info["digest_algorithm"]["algorithm"].dotted,
        signature_oid=signer_info["signature_algorithm"]["algorithm"].dotted,
        message_digest=bytes(attributes["message_digest"].native),
        signing_time=attributes["signing_time"].native,
        signing_certificate=attributes["signing_certificate_v2"],
        signed_attrs_der=b"\x31" + signed_attrs[1:],
        signature=bytes(signer_info["signature"].native),
    )


def _signed_attributes(signer_info: cms.SignerInfo) -> dict[str, core.Asn1Value]:
    """The single value of each signed attribute; duplicates, multi-valued or missing required ones refused."""
    signed_attrs = signer_info["signed_attrs"]
    if isinstance(signed_attrs, core.Void) or len(signed_attrs) == 0:
        raise _format("the SignerInfo has no signed attributes")
    names = [attribute["type"].native for attribute in signed_attrs]
    duplicated = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicated:
        raise _format(f"duplicated signed attribute(s): {', '.join(duplicated)}")
    missing = [name for name in REQUIRED_ATTRIBUTES if name not in names]
    if missing:
        raise _format(f"missing signed attribute(s): {', '.join(missing)}")
    values: dict[str, core.Asn1Value] = {}
    for attribute in signed_attrs:
        if len(attribute["values"]) != 1:
            raise _format(f"the {attribute['type'].native} attribute must have exactly one value")
        values[attribute["type"].native] = attribute["values"][0]
    return values


def find_signer_certificate(parsed: ParsedSignature) -> x509.Certificate:
    """The certificate the SignerInfo's sid names, among those the CMS carries."""
    sid = parsed.signer_info["sid"]
    for certificate in parsed.certificates:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if certificate.serial_number == wanted["serial_number"].native and certificate.issuer == wanted["issuer"]:
                return certificate
        elif sid.name == "subject_key_identifier" and certificate.key_identifier == sid.chosen.native:
            return certificate
    raise CheckFailure(
        "signer_certificate", "NO_SIGNING_CERTIFICATE_FOUND", "the CMS does not carry the certificate its sid names"
    )
