"""Domain metrics of the signing service; labels are low-cardinality codes only (never ids or SNILS)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from kria_shared.metrics import registry
from kria_signing.domain.organisation_signature import ProtocolRefusal
from kria_signing.domain.reason import IneffectiveReason

# The reason label of a drafted conclusion: "none" when effective, the prefilled reason code when one missed-activity
# reason dominates, else "awaiting_expert" (the expert gives it before signing). Bounded: no free text, no ids.
NO_REASON = "none"
AWAITING_EXPERT = "awaiting_expert"
CONCLUSIONS = Counter("kria_signing_conclusions_total", "conclusions drafted, by verdict and reason at drafting",
                      ["verdict", "reason"], registry=registry)
# Signed conclusions by verdict and the reason they were signed with (the expert's, if given or changed after
# drafting): "ineffective by reason" should read this one; the drafting counter above never sees a later reason.
SIGNED_CONCLUSIONS = Counter("kria_signing_signed_conclusions_total",
                             "conclusions signed, by verdict and final reason", ["verdict", "reason"],
                             registry=registry)
CRITERION_POINTS = Counter("kria_signing_criterion_points_total", "criteria scored, by criterion and points",
                           ["criterion", "points"], registry=registry)
PROTOCOLS_REFUSED = Counter("kria_signing_protocols_refused_total",
                            "protocols not drafted: unsigned, badly signed, another organisation's signer, by reason",
                            ["reason"], registry=registry)
DUPLICATE_PROTOCOLS = Counter("kria_signing_duplicate_protocols_total",
                              "protocol events for a protocol that already has a conclusion", registry=registry)
SIGNATURES_MADE = Counter("kria_signing_signatures_made_total", "signatures accepted, by source",
                          ["source"], registry=registry)
SIGNATURES_REJECTED = Counter("kria_signing_signatures_rejected_total",
                              "signatures refused before acceptance, by source and reason", ["source", "reason"],
                              registry=registry)
SUBMISSIONS = Counter("kria_signing_submissions_total", "submissions to the ЕЦП, by sink and outcome",
                      ["sink", "outcome"], registry=registry)
SUBMISSION_FAILED = Gauge("kria_signing_submission_failed_conclusions",
                          "signed conclusions the ЕЦП did not take within the allowed attempts (final state "
                          "submission_failed; 0: none)", registry=registry)
SUBMISSION_LATENCY = Histogram("kria_signing_submission_latency_seconds", "from signature to ЕЦП receipt",
                               ["sink"], buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600),
                               registry=registry)
FEDERAL_READS = Counter("kria_signing_federal_reads_total", "federal bureau reads, by outcome", ["outcome"],
                        registry=registry)
VERIFICATIONS = Counter("kria_signing_verifications_total", "verification requests, by indication",
                        ["indication"], registry=registry)
AWAITING_SIGNATURE_AGE = Gauge("kria_signing_awaiting_signature_oldest_age_seconds",
                               "age of the oldest conclusion waiting for a reason or a signature (0: none)",
                               registry=registry)


def conclusion_reason_label(effective: bool, reason: str | None) -> str:
    if effective:
        return NO_REASON
    return str(IneffectiveReason(reason)) if reason else AWAITING_EXPERT


def _initialise() -> None:
    """Every verdict/reason series exists from start-up at 0, so "ineffective by reason" has data before the
    first ineffective conclusion and increase() sees the first one."""
    CONCLUSIONS.labels("effective", NO_REASON)
    for reason in (*IneffectiveReason, AWAITING_EXPERT):
        CONCLUSIONS.labels("ineffective", str(reason))
    SIGNED_CONCLUSIONS.labels("effective", NO_REASON)
    for reason in IneffectiveReason:  # an ineffective conclusion is never signed without its reason
        SIGNED_CONCLUSIONS.labels("ineffective", str(reason))
    for refusal in ProtocolRefusal:
        PROTOCOLS_REFUSED.labels(str(refusal))


_initialise()
