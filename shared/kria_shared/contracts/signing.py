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


EVENTS: dict[str, type[Payload]] = {
    "ConclusionDrafted": ConclusionDrafted,
    "ConclusionSigned": ConclusionSigned,
    "ConclusionSubmitted": ConclusionSubmitted,
}
