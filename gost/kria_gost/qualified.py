"""The qualified-certificate profile (ФСБ 795 / RFC 9215; SIGNATURE.md §1.4, §1.5 item 9) and the signer's identity."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from asn1crypto import core, x509

from kria_gost.asn1_ext import (
    DEV_NOT_QUALIFIED_POLICY,
    OID_INN,
    OID_INN_LE,
    OID_ISSUER_SIGN_TOOL,
    OID_OGRN,
    OID_OGRNIP,
    OID_ORGANIZATION_IDENTIFIER,
    OID_SNILS,
    OID_SUBJECT_SIGN_TOOL,
    QUALIFIED_CLASS_POLICIES,
    IssuerSignTool,
    extension_value,
    name_attributes,
    policy_oids,
)
from kria_gost.checksums import valid_inn_le, valid_inn_person, valid_ogrn, valid_ogrnip, valid_snils
from kria_gost.report import SignerIdentity

_COMMON_NAME = "2.5.4.3"
_TITLE = "2.5.4.12"


def _registration_problems(subject: dict[str, str]) -> list[str]:
    """Names (never values: they are personal data) of missing or malformed registration numbers."""
    problems: list[str] = []
    checks: list[tuple[str, str, Callable[[str], bool]]] = [
        (OID_SNILS, "SNILS", valid_snils),
        (OID_OGRN, "OGRN", valid_ogrn),
        (OID_OGRNIP, "OGRNIP", valid_ogrnip),
        (OID_INN_LE, "INNLE", valid_inn_le),
        (OID_INN, "INN", valid_inn_person),
    ]
    for oid, label, valid in checks:
        if oid in subject and not valid(subject[oid]):
            problems.append(f"{label} has a wrong length or check digit")
    if OID_SNILS not in subject:
        problems.append("SNILS missing")
    if OID_OGRN not in subject and OID_OGRNIP not in subject:
        problems.append("OGRN missing")
    if OID_INN_LE not in subject and OID_INN not in subject:
        problems.append("INN missing")
    if not subject.get(_COMMON_NAME):
        problems.append("commonName missing")
    return problems


def _tool_problems(certificate: x509.Certificate) -> list[str]:
    problems: list[str] = []
    subject_tool = extension_value(certificate, OID_SUBJECT_SIGN_TOOL)
    try:
        if subject_tool is None or not core.UTF8String.load(subject_tool).native:
            problems.append("subjectSignTool missing")
    except (ValueError, TypeError):
        problems.append("subjectSignTool malformed")
    issuer_tool = extension_value(certificate, OID_ISSUER_SIGN_TOOL)
    try:
        if issuer_tool is None or not all(IssuerSignTool.load(issuer_tool).native.values()):
            problems.append("issuerSignTool missing")
    except (ValueError, TypeError):
        problems.append("issuerSignTool malformed")
    if not policy_oids(certificate) & QUALIFIED_CLASS_POLICIES:
        problems.append("no signature-tool class policy (1.2.643.100.113.x)")
    return problems


def qualified_problems(certificate: x509.Certificate) -> list[str]:
    """Why the certificate does not have the qualified profile; empty when it does."""
    return _registration_problems(name_attributes(certificate.subject)) + _tool_problems(certificate)


def is_development(certificate: x509.Certificate) -> bool:
    """Carries the KRiA development-PKI marker policy: never acceptable in production."""
    return DEV_NOT_QUALIFIED_POLICY in policy_oids(certificate)


def signer_identity(certificate: x509.Certificate) -> SignerIdentity:
    subject = name_attributes(certificate.subject)
    return SignerIdentity(
        common_name=subject.get(_COMMON_NAME, ""),
        snils=subject.get(OID_SNILS),
        inn=subject.get(OID_INN_LE) or subject.get(OID_INN),
        ogrn=subject.get(OID_OGRN) or subject.get(OID_OGRNIP),
        title=subject.get(_TITLE),
        certificate_sha256=hashlib.sha256(certificate.dump()).hexdigest(),
        serial=int(certificate.serial_number),
        not_before=certificate.not_valid_before,
        not_after=certificate.not_valid_after,
        qualified_fields_ok=not qualified_problems(certificate),
        organisation_id=subject.get(OID_ORGANIZATION_IDENTIFIER),
    )
