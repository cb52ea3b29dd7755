"""Topic names: one stream per producing service, versioned; DLQs per consumer group."""

from __future__ import annotations


class Topics:
    CERTIFICATES = "kria.certificates.v1"
    COSTING = "kria.costing.v1"
    ASSESSMENT = "kria.assessment.v1"
    SIGNING = "kria.signing.v1"

    @staticmethod
    def dlq(group_id: str, topic: str) -> str:
        return f"{group_id}.{topic}.dlq"


ALL_TOPICS = (Topics.CERTIFICATES, Topics.COSTING, Topics.ASSESSMENT, Topics.SIGNING)

# Consumer groups: one per service (ARCHITECTURE.md "Delivery").
GROUPS = {
    "certificates": "kria-certificates",
    "costing": "kria-costing",
    "assessment": "kria-assessment",
    "signing": "kria-signing",
}
