"""Subject names and extensions of the certificate profiles: CA certificates and a qualified-style signer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asn1crypto import core, x509

from kria_gost.asn1_ext import (
    OID_IDENTIFICATION_KIND,
    OID_INN,
    OID_INN_LE,
    OID_ISSUER_SIGN_TOOL,
    OID_OGRN,
    OID_SNILS,
    OID_SUBJECT_SIGN_TOOL,
    IssuerSignTool,
)
from kria_gost.certs import extension

_NUMERIC = {OID_OGRN, OID_SNILS, OID_INN_LE, OID_INN}
_PRINTABLE = {"country_name"}
KC1_POLICY = "1.2.643.100.113.1"
KC2_POLICY = "1.2.643.100.113.2"


def build_name(attributes: Sequence[tuple[str, str]]) -> x509.Name:
    """A Name with one attribute per RDN in the given order; keys are asn1crypto names or dotted OIDs."""
    rdns = []
    for key, text in attributes:
        value: core.Asn1Value
        if key in _NUMERIC:
            value = core.NumericString(text)
        elif key in _PRINTABLE:
            value = x509.DirectoryString(name="printable_string", value=core.PrintableString(text))
        else:
            value = x509.DirectoryString(name="utf8_string", value=core.UTF8String(text))
        rdns.append(x509.RelativeDistinguishedName([x509.NameTypeAndValue({"type": key, "value": value})]))
    return x509.Name(name="", value=x509.RDNSequence(rdns))


@dataclass(frozen=True)
class Organisation:
    name: str
    ogrn: str | None
    inn_le: str | None
    locality: str = "г. Москва"
    identifier: str | None = None  # the platform's organisation id (organizationIdentifier), for providers


@dataclass(frozen=True)
class Official:
    """A signer as ФСБ 795 names an official of a legal entity (fields None = omitted, for negative tests)."""

    surname: str
    given_names: str
    title: str
    snils: str | None
    inn: str | None = None

    @property
    def common_name(self) -> str:
        return f"{self.surname} {self.given_names}"


def official_name(person: Official, organisation: Organisation) -> x509.Name:
    attributes: list[tuple[str, str]] = [("country_name", "RU"), ("locality_name", organisation.locality)]
    attributes += [("organization_name", organisation.name), ("title", person.title)]
    if organisation.identifier is not None:
        attributes.append(("organization_identifier", organisation.identifier))
    attributes += [("common_name", person.common_name), ("surname", person.surname)]
    attributes += [("given_name", person.given_names)]
    identifiers = [(OID_OGRN, organisation.ogrn), (OID_INN_LE, organisation.inn_le)]
    identifiers += [(OID_SNILS, person.snils), (OID_INN, person.inn)]
    return build_name(attributes + [(oid, v) for oid, v in identifiers if v is not None])


def ca_name(common_name: str, organisation: Organisation) -> x509.Name:
    attributes = [("country_name", "RU"), ("locality_name", organisation.locality)]
    attributes += [("organization_name", organisation.name), ("common_name", common_name)]
    identifiers = ((OID_OGRN, organisation.ogrn), (OID_INN_LE, organisation.inn_le))
    return build_name(attributes + [(oid, v) for oid, v in identifiers if v is not None])


def _policies(oids: Iterable[str]) -> x509.Extension:
    return extension("certificate_policies", [{"policy_identifier": oid} for oid in oids])


def ca_extensions(*, path_length: int | None, policies: Iterable[str], crl_url: str | None) -> list[x509.Extension]:
    extensions = [
        extension("basic_constraints", {"ca": True, "path_len_constraint": path_length}, critical=True),
        extension("key_usage", {"key_cert_sign", "crl_sign", "digital_signature"}, critical=True),
        _policies(policies),
        extension(OID_SUBJECT_SIGN_TOOL, core.UTF8String("KRiA soft-gost (development, not certified)").dump()),
    ]
    if crl_url is not None:
        extensions.append(_crl_distribution_point(crl_url))
    return extensions


def signer_extensions(
    *,
    policies: Iterable[str],
    crl_url: str,
    key_usage: Iterable[str] = ("digital_signature", "non_repudiation"),
    sign_tools: bool = True,
) -> list[x509.Extension]:
    """A qualified-style end-entity profile (ФСБ 795 + RFC 9215); knobs exist for the negative tests."""
    extensions = [
        extension("basic_constraints", {"ca": False}, critical=True),
        extension("key_usage", set(key_usage), critical=True),
        _policies(policies),
        _crl_distribution_point(crl_url),
        extension(OID_IDENTIFICATION_KIND, core.Integer(0).dump()),  # personal presence
    ]
    if sign_tools:
        tools = IssuerSignTool(
            {
                "sign_tool": "KRiA soft-gost (development, not certified)",
                "ca_tool": "KRiA dev PKI (development, not certified)",
                "sign_tool_cert": "none: development only",
                "ca_tool_cert": "none: development only",
            }
        )
        extensions.append(extension(OID_SUBJECT_SIGN_TOOL, core.UTF8String("KRiA soft-gost (development)").dump()))
        extensions.append(extension(OID_ISSUER_SIGN_TOOL, tools.dump()))
    return extensions


def _crl_distribution_point(url: str) -> x509.Extension:
    location = x509.GeneralName(name="uniform_resource_identifier", value=url)
    point = {"distribution_point": x509.DistributionPointName(name="full_name", value=[location])}
    return extension("crl_distribution_points", [point])
