"""Who may do what to a conclusion: the federal MSE bureau's time-boxed read access to a submitted conclusion
(DOMAIN.md §6) and the bureau's signers.

Counting follows the Civil Code rule for periods in days (ГК РФ art. 191): the period begins on the day
after the submission and ends at 24:00 of its last day, in the configured time zone (Moscow). The
returned instant is exclusive: a read at or after it is denied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kria_shared.errors import Conflict, Forbidden
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister


@dataclass(frozen=True)
class AccessPolicy:
    version: str
    days: int
    timezone: str
    starts_next_day: bool = True


def access_until(submitted_at: datetime, policy: AccessPolicy) -> datetime:
    if submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    zone = ZoneInfo(policy.timezone)
    local_day = submitted_at.astimezone(zone).date()
    last_day = local_day + timedelta(days=policy.days if policy.starts_next_day else policy.days - 1)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)


def may_read(now: datetime, until: datetime | None) -> bool:
    """Allowed strictly before the end of the window; never before a submission opened one."""
    return until is not None and now < until


def authorised_caller(register: SignerRegister, signer_snils: str | None, day: date) -> AuthorisedSigner:
    """The caller as a signer of the bureau on ``day`` (Moscow), or the refusal ``not_authorised_signer`` (403)."""
    signer = register.find(signer_snils)
    if signer is None or not signer.authorised_on(day):
        raise Forbidden("not_authorised_signer",
                        "the caller is not the head of the bureau nor a deputy authorised today")
    return signer


def require_signing_key(has_key: bool, state: str) -> None:
    """The head signs here only with a key configured here; otherwise the signature is made elsewhere and uploaded."""
    if not has_key:
        raise Conflict("no_signing_key", "no key of this signer is configured here: upload a detached "
                       "signature made on the signer's workstation", state=state, allowed=["upload_signature"])
