"""Certificate path validation with pyhanko-certvalidator, taught GOST (SIGNATURE.md §3.4).

Path to a configured trust anchor, validity at the moment, revocation by CRL for the whole chain
(revocation_mode="require": "hard-fail" silently skips certificates without a CRL-DP), key usage.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from asn1crypto import algos, keys, x509
from cryptography.exceptions import InvalidSignature
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors
from pyhanko_certvalidator.policy_decl import (
    AlgorithmUsageConstraint,
    AlgorithmUsagePolicy,
)
from pyhanko_certvalidator.sig_validate import SignatureValidator

from kria_gost.asn1_ext import gost_public_key
from kria_gost.gost import STREEBOG_256, STREEBOG_512, UnsupportedGostParameters, streebog, verify_digest
from kria_gost.report import CheckFailure
from kria_gost.trust import ParsedTrust

SIGNER_KEY_USAGE = frozenset({"digital_signature", "non_repudiation"})
_GOST_2012_SIGNATURES = {"1.2.643.7.1.1.3.2": STREEBOG_256, "1.2.643.7.1.1.3.3": STREEBOG_512}
_MEMO_SIZE = 4096


class GostSignatureValidator(SignatureValidator):
    """Verifies certificate and CRL signatures with gostcrypto; remembers successes (CA signatures repeat)."""

    def __init__(self) -> None:
        self._verified: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()

    def validate_signature(
        self,
        signature: bytes,
        signed_data: bytes,
        public_key_info: keys.PublicKeyInfo,
        signature_algorithm: algos.SignedDigestAlgorithm,
        context: Any = None,
    ) -> None:
        digest_oid = _GOST_2012_SIGNATURES.get(signature_algorithm["algorithm"].dotted)
        if digest_oid is None:
            raise cv_errors.AlgorithmNotSupported(f"not GOST 2012: {signature_algorithm['algorithm'].dotted}")
        memo_key = hashlib.sha256(public_key_info.dump() + signature + signed_data).digest()
        with self._lock:
            if memo_key in self._verified:
                self._verified.move_to_end(memo_key)
                return
        try:
            alg, point = gost_public_key(public_key_info)
        except UnsupportedGostParameters as exc:
            raise cv_errors.AlgorithmNotSupported(str(exc)) from exc
        if alg.digest_oid != digest_oid or not verify_digest(alg, point, streebog(signed_data, digest_oid), signature):
            raise InvalidSignature("GOST signature does not verify")
        with self._lock:
            self._verified[memo_key] = None
            if len(self._verified) > _MEMO_SIZE:
                self._verified.popitem(last=False)


class GostOnlyPolicy(AlgorithmUsagePolicy):
    """Only GOST R 34.10-2012 / 34.11-2012 (ФСБ letter 149/7/6-363: no 2001 signatures since 2020)."""

    def digest_algorithm_allowed(self, algo: algos.DigestAlgorithm, moment: datetime | None) -> Any:
        allowed = algo["algorithm"].dotted in (STREEBOG_256, STREEBOG_512)
        return AlgorithmUsageConstraint(allowed=allowed, failure_reason=None if allowed else "not Streebog")

    def signature_algorithm_allowed(
        self, algo: algos.SignedDigestAlgorithm, moment: datetime | None, public_key: keys.PublicKeyInfo | None
    ) -> Any:
        allowed = algo["algorithm"].dotted in _GOST_2012_SIGNATURES
        return AlgorithmUsageConstraint(allowed=allowed, failure_reason=None if allowed else "not GOST 2012")


SIGNATURE_VALIDATOR = GostSignatureValidator()
_POLICY = GostOnlyPolicy()


async def validate_path(
    signer: x509.Certificate, carried: list[x509.Certificate], trust: ParsedTrust, moment: datetime
) -> list[x509.Certificate]:
    """The validated path from the trust anchor to the signer; CheckFailure names what failed."""
    context = ValidationContext(
        trust_roots=trust.roots(),
        other_certs=[*trust.intermediates(), *carried],
        crls=trust.crls(),
        moment=moment,
        revocation_mode="require",
        retroactive_revinfo=True,  # a CRL published after the signing time still speaks about that time
        allow_fetching=False,
        signature_validator=SIGNATURE_VALIDATOR,
        algorithm_usage_policy=_POLICY,
    )
    validator = CertificateValidator(signer, validation_context=context)
    try:
        path = await validator.async_validate_usage(set(SIGNER_KEY_USAGE))  # type: ignore[no-untyped-call]
    except Exception as exc:  # certvalidator's messages name certificate subjects (personal data): re-word them
        raise _failure(exc) from exc
    _require_end_entity(signer)
    return list(path)


def _failure(exc: Exception) -> CheckFailure:
    which = "the signer certificate" if getattr(exc, "is_ee_cert", False) else "a CA certificate"
    if isinstance(exc, cv_errors.PathBuildingError):
        return CheckFailure("trust_anchor", "NO_CERTIFICATE_CHAIN_FOUND", "no path to a configured trust anchor")
    if isinstance(exc, cv_errors.RevokedError):
        when = exc.revocation_dt.strftime("%Y-%m-%d %H:%M:%SZ")
        return CheckFailure("revocation", "REVOKED", f"{which} was revoked at {when} ({exc.reason.native})")
    if isinstance(exc, cv_errors.InsufficientRevinfoError):
        return CheckFailure("revocation", "TRY_LATER", f"no fresh CRL covers {which} at the validation moment")
    if isinstance(exc, cv_errors.ExpiredError):
        return CheckFailure("chain_validity", "EXPIRED", f"{which} expired at the validation moment")
    if isinstance(exc, cv_errors.NotYetValidError):
        return CheckFailure("chain_validity", "NOT_YET_VALID", f"{which} is not yet valid at the validation moment")
    if isinstance(exc, cv_errors.DisallowedAlgorithmError):
        return CheckFailure("algorithms", "CRYPTO_CONSTRAINTS_FAILURE", "a certificate uses a non-GOST-2012 algorithm")
    if isinstance(exc, cv_errors.InvalidCertificateError):
        return CheckFailure("key_usage", "CHAIN_CONSTRAINTS_FAILURE", "key usage or constraints do not allow signing")
    return CheckFailure("certificate_path", "CERTIFICATE_CHAIN_GENERAL_FAILURE", f"path invalid ({type(exc).__name__})")


def _require_end_entity(signer: x509.Certificate) -> None:
    constraints = signer.basic_constraints_value
    if constraints is not None and constraints["ca"].native:
        raise CheckFailure("key_usage", "CHAIN_CONSTRAINTS_FAILURE", "the signer certificate is a CA certificate")
