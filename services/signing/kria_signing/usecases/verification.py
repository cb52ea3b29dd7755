"""Every signature, made here or uploaded, goes through this check before it is accepted or reported."""

from __future__ import annotations

import logging
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

from kria_shared.clock import Clock
from kria_signing.adapters.crypto_port import CryptoPort, off_the_loop
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.signature_acceptance import CheckedSignature

log = logging.getLogger("kria.signing.verify")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def report_json(report: Any) -> dict[str, Any]:
    data = asdict(report) if is_dataclass(report) and not isinstance(report, type) else dict(report)
    return {k: _jsonable(v) for k, v in data.items()}


class SignatureChecker:
    def __init__(self, crypto: CryptoPort, setup: SigningSetup, clock: Clock) -> None:
        self.crypto = crypto
        self.setup = setup
        self.clock = clock

    async def check(self, content: bytes, cms_der: bytes, *, at: datetime | None = None) -> CheckedSignature:
        """Cryptography, chain, revocation, qualified fields and this bureau's authority, in one report.

        ``at`` is the validation moment; acceptance passes "now", so a signer cannot escape a revocation by
        back-dating the self-declared signingTime. Without it the signingTime is used (a plain verification).
        The signer's authority is that of the Moscow calendar day of the signingTime (SIGNATURE.md §1.5 item 10:
        "on the document date"), so a signature stays valid after the deputy's authority ended.
        """
        register = self.setup.register
        try:
            report = await off_the_loop(lambda: self.crypto.verify_detached(
                content, cms_der, self.setup.trust, authorised_at=register.authorised_at,
                bureau_ogrn=register.bureau_ogrn,
                at=at))
        except Exception as exc:  # a verifier crash on hostile input is a refusal, never a 500
            log.warning("verifier raised; treated as FORMAT_FAILURE", exc_info=exc)
            body = {"indication": "FAILED", "sub_indication": "FORMAT_FAILURE", "failing_check": "parse",
                    "checks": {"parse": False}, "signer": None, "signing_time": None}
            return CheckedSignature(False, "FORMAT_FAILURE", None, None, body)
        signer = getattr(report, "signer", None)
        body = report_json(report)
        signing_time = body.get("signing_time")  # self-declared by the signer: acceptance refuses one in the future
        return CheckedSignature(bool(report.passed()), report.sub_indication, getattr(signer, "snils", None),
                                datetime.fromisoformat(str(signing_time)) if signing_time else None, body)
