"""Domain metrics of the assessment service; labels are low-cardinality codes only (no ids, no people)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

ACTIVITIES_RECORDED = Counter(
    "kria_assessment_activities_recorded_total", "journal entries accepted", ["direction", "status"]
)
ACTIVITIES_MISSED = Counter(
    "kria_assessment_activities_missed_total", "missed activities recorded, by reason", ["reason"]
)
JOURNAL_BATCHES = Counter(
    "kria_assessment_journal_batches_total", "journal calls by outcome (accepted, duplicate, refused)", ["outcome"]
)
PROTOCOLS_SUBMITTED = Counter(
    "kria_assessment_protocols_submitted_total", "protocols frozen, by course outcome", ["outcome"]
)
PROTOCOLS_SIGNED = Counter(
    "kria_assessment_protocols_signed_total", "protocols signed by the organisation's head and published"
)
JOURNAL_LAG = Histogram(
    "kria_assessment_journal_lag_days",
    "days from an activity's date to its recording in the journal",
    buckets=(0, 1, 2, 3, 5, 7, 14, 21, 30),
)
