"""Before drafting: the organisation's signature of the protocol, verified with kria_gost against the trust anchor.

The rule (what is refused, under which code) is in domain/organisation_signature.py; this adapter runs the
GOST verification off the event loop and hands its verdict to the rule.
"""

from __future__ import annotations

import logging
from typing import Protocol

from kria_shared.clock import Clock
from kria_shared.contracts.assessment import ProtocolSubmitted
from kria_signing.adapters.crypto_port import CryptoPort, off_the_loop
from kria_signing.adapters.pki_setup import SigningSetup
from kria_signing.domain.organisation_signature import SignedProtocol, Verdict, content_to_verify, judge

log = logging.getLogger("kria.signing.protocol_gate")


class ProtocolGate(Protocol):
    async def check(self, payload: ProtocolSubmitted) -> None:
        """Return when the protocol may be drafted; raise ProtocolRefused otherwise."""


def signed_protocol(p: ProtocolSubmitted) -> SignedProtocol:
    return SignedProtocol(certificate_id=p.certificate_id, protocol_id=p.protocol_id,
                          organisation_id=p.organisation_id, protocol_sha256=p.protocol_sha256,
                          document=p.protocol_document, signature_b64=p.organisation_signature)


class OrganisationSignatureGate:
    def __init__(self, crypto: CryptoPort, setup: SigningSetup, clock: Clock) -> None:
        self.crypto = crypto
        self.setup = setup
        self.clock = clock

    async def check(self, payload: ProtocolSubmitted) -> None:
        content, cms = content_to_verify(signed_protocol(payload))
        # validated "now", like an uploaded signature: a revoked key cannot hide behind a back-dated signingTime
        now = self.clock.now()
        try:
            report = await off_the_loop(lambda: self.crypto.verify_detached(
                content, cms, self.setup.trust, organisation_id=payload.organisation_id, at=now))
        except Exception as exc:  # the verifier never raises on hostile input; if it does, it is a refusal
            log.warning("verifier raised on a protocol signature; treated as FORMAT_FAILURE", exc_info=exc)
            judge(Verdict("FAILED", "parse", "FORMAT_FAILURE"))
            return
        judge(Verdict(report.indication, report.failing_check, report.sub_indication))
