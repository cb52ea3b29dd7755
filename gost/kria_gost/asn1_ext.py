"""ASN.1 that asn1crypto lacks: GOST keys (RFC 9215 §4) and the Russian qualified-certificate fields (ФСБ 795).

Nothing is registered globally in asn1crypto: unknown name attributes stay `Any` and unknown extensions stay
raw octets; the helpers below read them explicitly.
"""

from __future__ import annotations

from typing import Any, ClassVar

from asn1crypto import core, keys, x509

from kria_gost.gost import GostAlgorithm, UnsupportedGostParameters, algorithm_for

# Subject attributes (RFC 9215 §5; NumericString)
OID_OGRN = "1.2.643.100.1"
# ETSI EN 319 412-1 organizationIdentifier: carries the KRiA organisation id in an organisation signer's certificate
OID_ORGANIZATION_IDENTIFIER = "2.5.4.97"
OID_SNILS = "1.2.643.100.3"
OID_INN_LE = "1.2.643.100.4"
OID_OGRNIP = "1.2.643.100.5"
OID_INN = "1.2.643.3.131.1.1"
# Extensions
OID_SUBJECT_SIGN_TOOL = "1.2.643.100.111"
OID_ISSUER_SIGN_TOOL = "1.2.643.100.112"
OID_IDENTIFICATION_KIND = "1.2.643.100.114"
# Certificate policies naming the class of the signature tool: КС1, КС2, КС3, КВ1, КВ2, КА1
QUALIFIED_CLASS_POLICIES = frozenset(f"1.2.643.100.113.{n}" for n in range(1, 7))
# The KRiA development-PKI marker: a UUID-based OID (ITU-T X.667 arc 2.25, needs no registration). Every
# certificate of the development PKI carries it as a certificate policy, meaning "NOT a qualified certificate:
# development and tests only"; TrustConfig(production=True) refuses any path that contains it.
DEV_NOT_QUALIFIED_POLICY = "2.25.213957560640579691155804531285718601702"


class _GostKeyParameters(core.SequenceOf):  # type: ignore[misc]
    """GostR3410-2012-PublicKeyParameters: publicKeyParamSet, then optional digest/encryption param sets."""

    _child_spec: ClassVar[Any] = core.ObjectIdentifier


class RawAlgorithmIdentifier(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[Any]] = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class _GostPublicKeyInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[Any]] = [("algorithm", RawAlgorithmIdentifier), ("public_key", core.OctetBitString)]


class IssuerSignTool(core.Sequence):  # type: ignore[misc]
    """RFC 9215 §5.3: the CA's and the holder's certified tools and their conformity certificates."""

    _fields: ClassVar[list[Any]] = [
        ("sign_tool", core.UTF8String),
        ("ca_tool", core.UTF8String),
        ("sign_tool_cert", core.UTF8String),
        ("ca_tool_cert", core.UTF8String),
    ]


def key_parameters(alg: GostAlgorithm) -> core.Asn1Value:
    """Key parameters as the gost engine and CryptoPro write them: digestParamSet only for the CryptoPro sets."""
    oids = [alg.paramset] + ([alg.digest_oid] if alg.paramset.startswith("1.2.643.2.2.") else [])
    return _GostKeyParameters(oids)


def algorithm_from_identifier(key_oid: str, parameters: Any) -> GostAlgorithm:
    """GostAlgorithm from an AlgorithmIdentifier's OID and (raw) parameters; refuses anything else."""
    if parameters is None or isinstance(parameters, core.Void):
        raise UnsupportedGostParameters("GOST key without parameters")
    try:
        oids = _GostKeyParameters.load(parameters.dump()).native
    except (ValueError, TypeError) as exc:
        raise UnsupportedGostParameters(f"malformed GOST key parameters: {exc}") from exc
    if not oids:
        raise UnsupportedGostParameters("GOST key parameters without a parameter set")
    return algorithm_for(key_oid, oids[0])


def gost_public_key(spki: keys.PublicKeyInfo) -> tuple[GostAlgorithm, bytes]:
    """(algorithm, X_le‖Y_le point) of a GOST SubjectPublicKeyInfo; UnsupportedGostParameters otherwise."""
    try:
        parsed = _GostPublicKeyInfo.load(spki.dump())
        alg = algorithm_from_identifier(parsed["algorithm"]["algorithm"].dotted, parsed["algorithm"]["parameters"])
        point = core.OctetString.load(parsed["public_key"].native).native
    except (ValueError, TypeError, KeyError) as exc:
        raise UnsupportedGostParameters(f"not a GOST 2012 public key: {exc}") from exc
    if len(point) != 2 * alg.size:
        raise UnsupportedGostParameters("GOST public key of the wrong length")
    return alg, point


def build_public_key_info(alg: GostAlgorithm, point_le: bytes) -> keys.PublicKeyInfo:
    spki = _GostPublicKeyInfo(
        {
            "algorithm": {"algorithm": alg.key_oid, "parameters": key_parameters(alg)},
            "public_key": core.OctetString(point_le).dump(),
        }
    )
    return keys.PublicKeyInfo.load(spki.dump())


def name_attributes(name: x509.Name) -> dict[str, str]:
    """Dotted OID -> text value for every attribute of a Name (first one wins), known or not."""
    values: dict[str, str] = {}
    for rdn in name.chosen:
        for type_and_value in rdn:
            oid = type_and_value["type"].dotted
            try:
                text = type_and_value["value"].native  # any string type: NumericString, UTF8String, ...
            except (ValueError, TypeError):
                continue
            if isinstance(text, str):
                values.setdefault(oid, text)
    return values


def extension_value(cert: x509.Certificate, oid: str) -> bytes | None:
    """The raw extnValue contents of an extension, or None when absent."""
    for extension in cert["tbs_certificate"]["extensions"]:
        if extension["extn_id"].dotted == oid:
            return bytes(extension["extn_value"].contents)
    return None


def policy_oids(cert: x509.Certificate) -> set[str]:
    policies = cert.certificate_policies_value
    return set() if policies is None else {policy["policy_identifier"].dotted for policy in policies}
