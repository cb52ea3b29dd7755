"""The organisation's signature of its protocol: a protocol is drafted only when its head signed exactly the
document the event describes, with a certificate of that organisation chaining to the trust anchor.

The cryptography is done outside (kria_gost); this module decides what is refused and under which code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from kria_shared.errors import DomainError


class ProtocolRefusal(StrEnum):
    UNSIGNED = "protocol_unsigned"  # no signature or no document in the event
    DOCUMENT_MISMATCH = "protocol_document_mismatch"  # the signed document is not the one the event describes
    SIGNATURE_INVALID = "protocol_signature_invalid"  # not a CMS, or not over these bytes, or a wrong value
    SIGNER_UNTRUSTED = "protocol_signer_untrusted"  # no chain to the anchor, revoked, expired, not qualified
    OTHER_ORGANISATION = "protocol_signer_other_organisation"  # a certificate of another organisation


class ProtocolRefused(DomainError):
    def __init__(self, refusal: ProtocolRefusal, detail: str | None = None) -> None:
        super().__init__(str(refusal), detail or str(refusal), detail=detail)
        self.refusal = refusal
        self.detail = detail


@dataclass(frozen=True)
class SignedProtocol:
    """What the event says about the protocol, and what it carries to prove it."""

    certificate_id: str
    protocol_id: str
    organisation_id: str
    protocol_sha256: str
    document: str | None  # the RFC 8785 text that was hashed and signed
    signature_b64: str | None  # base64 of the DER CMS


@dataclass(frozen=True)
class Verdict:
    """The verifier's outcome, reduced to what the rule needs."""

    indication: str  # PASSED | FAILED | INDETERMINATE
    failing_check: str | None
    sub_indication: str | None


# kria_gost's checks that concern the CMS itself and the bytes it signs (the rest concern the certificate)
_SIGNATURE_CHECKS = frozenset({"content", "format", "parse", "signer_certificate", "algorithms",
                               "signing_certificate_v2", "message_digest", "signature"})
_IDENTITY_FIELDS = ("protocol_id", "certificate_id", "organisation_id")


def content_to_verify(p: SignedProtocol) -> tuple[bytes, bytes]:
    """(the document's bytes, the CMS DER) to hand to the verifier, or the refusal that makes verifying moot."""
    if not p.signature_b64 or not p.document:
        raise ProtocolRefused(ProtocolRefusal.UNSIGNED, "the event carries no organisation signature or document")
    content = p.document.encode()
    if hashlib.sha256(content).hexdigest() != p.protocol_sha256:
        raise ProtocolRefused(ProtocolRefusal.DOCUMENT_MISMATCH, "document sha256 differs from protocol_sha256")
    try:
        described = json.loads(content)
    except ValueError:
        raise ProtocolRefused(ProtocolRefusal.DOCUMENT_MISMATCH, "the document is not JSON") from None
    if not isinstance(described, dict):
        raise ProtocolRefused(ProtocolRefusal.DOCUMENT_MISMATCH, "the document is not a JSON object")
    for name in _IDENTITY_FIELDS:
        if described.get(name) != getattr(p, name):
            raise ProtocolRefused(ProtocolRefusal.DOCUMENT_MISMATCH, f"document {name} differs from the event's")
    try:
        cms = base64.b64decode(p.signature_b64, validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolRefused(ProtocolRefusal.SIGNATURE_INVALID, "signature: not base64") from None
    return content, cms


def judge(verdict: Verdict) -> None:
    """Nothing when the signature passed; else the refusal its failing check stands for."""
    if verdict.indication == "PASSED":
        return
    detail = f"{verdict.failing_check}: {verdict.sub_indication}"
    if verdict.failing_check == "organisation":
        raise ProtocolRefused(ProtocolRefusal.OTHER_ORGANISATION, detail)
    if verdict.failing_check in _SIGNATURE_CHECKS:
        raise ProtocolRefused(ProtocolRefusal.SIGNATURE_INVALID, detail)
    raise ProtocolRefused(ProtocolRefusal.SIGNER_UNTRUSTED, detail)
