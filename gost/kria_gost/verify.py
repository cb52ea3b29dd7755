"""verify_detached: every check of SIGNATURE.md §1.5 items 1–10 for a detached CAdES-BES, in ETSI order.

Order: content, format, signer_certificate, algorithms, signing_certificate_v2, message_digest, signature,
validity (at the signing time), trust_anchor + chain_validity + revocation + key_usage (at the validation
moment), qualified_fields, qualified_status (production only), authorised_signer, bureau and organisation
(when asked).
The first failing check ends the run and is named in the report.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from datetime import datetime
from functools import lru_cache

from asn1crypto import x509

from kria_gost.asn1_ext import gost_public_key
from kria_gost.cms_parse import ParsedSignature, find_signer_certificate, parse_detached
from kria_gost.gost import (
    GOST_2001_OIDS,
    STREEBOG_256,
    STREEBOG_512,
    GostAlgorithm,
    UnsupportedGostParameters,
    streebog,
    verify_digest,
)
from kria_gost.path_validation import validate_path
from kria_gost.qualified import is_development, qualified_problems, signer_identity
from kria_gost.report import CheckFailure, CheckRun, VerificationReport
from kria_gost.trust import ParsedTrust, TrustConfig, parsed_trust

log = logging.getLogger("kria.signing.crypto")
MAX_CONTENT_BYTES = 1024 * 1024  # conclusions are a few KiB; pure-Python Streebog runs ≈ 5 s/MiB (DoS guard)


def _algorithms(parsed: ParsedSignature, signer: x509.Certificate) -> GostAlgorithm:
    key_oid = signer.public_key["algorithm"]["algorithm"].dotted
    outdated = GOST_2001_OIDS & {key_oid, parsed.digest_oid, parsed.signature_oid}
    if outdated:
        raise CheckFailure("algorithms", "CRYPTO_CONSTRAINTS_FAILURE", f"GOST R 34.10-2001 / 34.11-94: {outdated}")
    try:
        alg, _ = gost_public_key(signer.public_key)
    except UnsupportedGostParameters as exc:
        raise CheckFailure("algorithms", "FORMAT_FAILURE", f"signer key: {exc}") from exc
    if parsed.digest_oid != alg.digest_oid:
        raise CheckFailure("algorithms", "CRYPTO_CONSTRAINTS_FAILURE", "digest algorithm does not match the key size")
    if parsed.signature_oid not in (alg.key_oid, alg.signature_oid):
        raise CheckFailure("algorithms", "CRYPTO_CONSTRAINTS_FAILURE", "signature algorithm does not match the key")
    return alg


@lru_cache(maxsize=256)
def _certificate_digest(certificate_der: bytes, digest_oid: str) -> bytes:
    return streebog(certificate_der, digest_oid)  # the same few signer certificates, thousands of times


def _signing_certificate_v2(parsed: ParsedSignature, signer: x509.Certificate) -> None:
    name = "signing_certificate_v2"
    certs = parsed.signing_certificate["certs"]
    if len(certs) == 0:
        raise CheckFailure(name, "FORMAT_FAILURE", "signingCertificateV2 lists no certificate")
    cert_id = certs[0]
    hash_oid = cert_id["hash_algorithm"]["algorithm"].dotted
    if hash_oid not in (STREEBOG_256, STREEBOG_512):
        raise CheckFailure(name, "CRYPTO_CONSTRAINTS_FAILURE", "signingCertificateV2 hash is not Streebog")
    if cert_id["cert_hash"].native != _certificate_digest(bytes(signer.dump()), hash_oid):
        raise CheckFailure(name, "NO_SIGNING_CERTIFICATE_FOUND", "signingCertificateV2 names another certificate")
    issuer_serial = cert_id["issuer_serial"]
    if issuer_serial.native is not None:
        issuers = [general.chosen for general in issuer_serial["issuer"] if general.name == "directory_name"]
        if issuer_serial["serial_number"].native != signer.serial_number or signer.issuer not in issuers:
            raise CheckFailure(name, "NO_SIGNING_CERTIFICATE_FOUND", "signingCertificateV2 issuerSerial mismatch")


def _validity_at_signing(signer: x509.Certificate, signing_time: datetime) -> None:
    if signing_time < signer.not_valid_before:
        raise CheckFailure("validity", "NOT_YET_VALID", "the signer certificate was not yet valid at signing time")
    if signing_time > signer.not_valid_after:
        raise CheckFailure("validity", "EXPIRED", "the signer certificate had expired at signing time")


def _cryptographic_checks(content: bytes, cms_der: bytes, run: CheckRun) -> tuple[ParsedSignature, x509.Certificate]:
    if not content:
        raise CheckFailure("content", "SIGNED_DATA_NOT_FOUND", "no signed content was given")
    if len(content) > MAX_CONTENT_BYTES:
        raise CheckFailure("content", "FORMAT_FAILURE", f"content larger than {MAX_CONTENT_BYTES} bytes")
    run.ok("content")
    parsed = parse_detached(cms_der)
    run.signing_time = parsed.signing_time
    run.ok("format")
    signer = find_signer_certificate(parsed)
    run.signer = signer_identity(signer)
    run.ok("signer_certificate")
    alg = _algorithms(parsed, signer)
    run.ok("algorithms")
    _signing_certificate_v2(parsed, signer)
    run.ok("signing_certificate_v2")
    if streebog(content, alg.digest_oid) != parsed.message_digest:
        raise CheckFailure("message_digest", "HASH_FAILURE", "the content does not match messageDigest")
    run.ok("message_digest")
    _, point = gost_public_key(signer.public_key)
    digest = streebog(parsed.signed_attrs_der, alg.digest_oid)
    if not verify_digest(alg, point, digest, parsed.signature):
        raise CheckFailure("signature", "SIG_CRYPTO_FAILURE", "the signature value does not verify")
    run.ok("signature")
    _validity_at_signing(signer, parsed.signing_time)
    run.ok("validity")
    return parsed, signer


def _profile_checks(
    run: CheckRun,
    signer: x509.Certificate,
    path: list[x509.Certificate],
    trust: ParsedTrust,
    authorised_snils: Collection[str] | None,
    bureau_ogrn: str | None,
    organisation_id: str | None = None,
) -> None:
    problems = qualified_problems(signer)
    if problems:
        raise CheckFailure("qualified_fields", "NOT_QUALIFIED", "; ".join(problems))
    run.ok("qualified_fields")
    if trust.production:
        if any(is_development(certificate) for certificate in path):
            raise CheckFailure("qualified_status", "NOT_QUALIFIED", "a development-PKI certificate in production")
        run.ok("qualified_status")
    identity = run.signer
    if authorised_snils is not None:
        if identity is None or identity.snils not in authorised_snils:
            raise CheckFailure("authorised_signer", "SIGNER_NOT_AUTHORISED", "not the head or an authorised deputy")
        run.ok("authorised_signer")
    if bureau_ogrn is not None:
        if identity is None or identity.ogrn != bureau_ogrn:
            raise CheckFailure("bureau", "SIGNER_NOT_AUTHORISED", "the certificate names another organisation")
        run.ok("bureau")
    if organisation_id is not None:
        if identity is None or identity.organisation_id != organisation_id:
            raise CheckFailure("organisation", "SIGNER_NOT_AUTHORISED", "the certificate names another organisation")
        run.ok("organisation")


async def verify_detached(
    content: bytes,
    cms_der: bytes,
    trust: TrustConfig,
    *,
    authorised_snils: set[str] | None = None,
    authorised_at: Callable[[datetime], Collection[str]] | None = None,
    bureau_ogrn: str | None = None,
    organisation_id: str | None = None,
    at: datetime | None = None,
) -> VerificationReport:
    """Verify a detached CMS over `content`; `at` = validation moment (default: the signingTime).

    Authority is a fixed set (`authorised_snils`) or, with `authorised_at`, the set authorised at the
    signature's signingTime: a deputy signs validly on the last day of the authority, not after it.
    `organisation_id`: the certificate's organizationIdentifier must name that organisation (a provider's head).
    """
    if at is not None and at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    run = CheckRun()
    stage = "trust_configuration"
    try:
        parsed_config = parsed_trust(trust)
        stage = "format"
        parsed, signer = await asyncio.to_thread(_cryptographic_checks, content, cms_der, run)
        stage = "certificate_path"
        path = await validate_path(signer, list(parsed.certificates), parsed_config, at or parsed.signing_time)
        run.ok("trust_anchor", "chain_validity", "revocation", "key_usage")
        stage = "qualified_fields"
        if authorised_at is not None:
            authorised_snils = set(authorised_at(parsed.signing_time))
        _profile_checks(run, signer, path, parsed_config, authorised_snils, bureau_ogrn, organisation_id)
    except CheckFailure as failure:
        return run.failed(failure)
    except Exception as exc:  # hostile input must yield a report, never an exception (the HTTP layer: no 500)
        log.warning("signature verification stopped by %s at %s", type(exc).__name__, stage)
        sub = "FORMAT_FAILURE" if stage == "format" else "CERTIFICATE_CHAIN_GENERAL_FAILURE"
        return run.failed(CheckFailure(stage, sub, f"unexpected {type(exc).__name__} while checking"))
    return run.passed()
