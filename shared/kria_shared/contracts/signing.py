"""Events of the signing service (topic kria.signing.v1, key = certificate id)."""

from __future__ import annotations

from datetime import datetime

from kria_shared.contracts.common import Payload


class ConclusionDrafted(Payload):
    conclusion_id: str
    certificate_id: str
    protocol_id: str
    methodology_version: str
    points: dict[str, int]
    total_points: int
    effective: bool
    reason: str | None = None


class ConclusionSigned(Payload):
    conclusion_id: str
    certificate_id: str
    effective: bool
    signed_at: datetime
    signer_role: str
    document_streebog256: str
    reason: str | None = None  # why an ineffective course was ineffective (the reason signed); None if effective


class ConclusionSubmitted(Payload):
    conclusion_id: str
    certificate_id: str
    effective: bool
    submitted_at: datetime
    receipt: str
    federal_access_until: datetime


class ProtocolRefused(Payload):
    """A submitted protocol was not drafted: unsigned, badly signed, signed by another organisation, or its
    document does not match the event. The organisation signs it again (a new ProtocolSubmitted) to go on."""

    certificate_id: str
    protocol_id: str
    organisation_id: str
    reason: str  # protocol_unsigned | protocol_document_mismatch | protocol_signature_invalid | ...
    detail: str | None = None  # the verification's failing check and sub-indication, when there was one
    refused_at: datetime


EVENTS: dict[str, type[Payload]] = {
    "ConclusionDrafted": ConclusionDrafted,
    "ConclusionSigned": ConclusionSigned,
    "ConclusionSubmitted": ConclusionSubmitted,
    "ProtocolRefused": ProtocolRefused,
}
