"""The verification result in ETSI EN 319 102-1 terms, and how a run of checks turns into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Indication = Literal["PASSED", "FAILED", "INDETERMINATE"]

# Sub-indication -> indication. ETSI names, plus two of ours for the qualified profile and the authority rule.
INDICATION_OF: dict[str, Indication] = {
    "FORMAT_FAILURE": "FAILED",
    "HASH_FAILURE": "FAILED",
    "SIG_CRYPTO_FAILURE": "FAILED",
    "REVOKED": "FAILED",
    "EXPIRED": "FAILED",
    "NOT_YET_VALID": "FAILED",
    "NOT_QUALIFIED": "FAILED",  # ours: the certificate is not a (production-acceptable) qualified one
    "SIGNER_NOT_AUTHORISED": "FAILED",  # ours: not the bureau's head or a recorded deputy, or another bureau
    "SIGNED_DATA_NOT_FOUND": "INDETERMINATE",
    "NO_SIGNING_CERTIFICATE_FOUND": "INDETERMINATE",
    "NO_CERTIFICATE_CHAIN_FOUND": "INDETERMINATE",
    "CHAIN_CONSTRAINTS_FAILURE": "INDETERMINATE",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "INDETERMINATE",
    "CRYPTO_CONSTRAINTS_FAILURE": "INDETERMINATE",
    "TRY_LATER": "INDETERMINATE",
}


@dataclass(frozen=True)
class SignerIdentity:
    common_name: str
    snils: str | None
    inn: str | None  # the organisation's ИНН ЮЛ when present, else the holder's personal ИНН
    ogrn: str | None
    title: str | None
    certificate_sha256: str  # hex SHA-256 of the certificate DER: an identifier, not a security function
    serial: int
    not_before: datetime
    not_after: datetime
    qualified_fields_ok: bool
    organisation_id: str | None = None  # organizationIdentifier: the platform's id of the signer's organisation


@dataclass(frozen=True)
class VerificationReport:
    indication: Indication
    sub_indication: str | None
    failing_check: str | None
    checks: dict[str, bool]
    signer: SignerIdentity | None
    signing_time: datetime | None
    message: str | None = None  # human-readable reason of the failure (no personal data)

    def passed(self) -> bool:
        return self.indication == "PASSED"


class CheckFailure(Exception):
    """A check failed: `check` is our short name, `sub_indication` the ETSI name."""

    def __init__(self, check: str, sub_indication: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.sub_indication = sub_indication
        self.message = message


@dataclass
class CheckRun:
    """Records checks in the order they ran; the first failure ends the run."""

    checks: dict[str, bool] = field(default_factory=dict)
    signer: SignerIdentity | None = None
    signing_time: datetime | None = None

    def ok(self, *names: str) -> None:
        for name in names:
            self.checks[name] = True

    def failed(self, failure: CheckFailure) -> VerificationReport:
        self.checks[failure.check] = False
        return VerificationReport(
            indication=INDICATION_OF.get(failure.sub_indication, "INDETERMINATE"),
            sub_indication=failure.sub_indication,
            failing_check=failure.check,
            checks=dict(self.checks),
            signer=self.signer,
            signing_time=self.signing_time,
            message=failure.message,
        )

    def passed(self) -> VerificationReport:
        return VerificationReport("PASSED", None, None, dict(self.checks), self.signer, self.signing_time)
