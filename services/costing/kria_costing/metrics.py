"""Domain metrics of the costing service (labels are low-cardinality codes only, never ids)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import Counter, Histogram
from sqlalchemy import event

from kria_shared.metrics import registry
from kria_shared.uow import UnitOfWork

ESTIMATES = Counter(
    "kria_costing_estimates_total", "estimates answered, by outcome and rejection reason",
    ["outcome", "reason"], registry=registry,
)
SETTLED_KOPECKS = Counter(
    "kria_costing_settled_kopecks_total", "kopecks paid for settled courses", ["outcome"], registry=registry
)
RELEASED_KOPECKS = Counter(
    "kria_costing_released_kopecks_total", "kopecks released back from certificates at settlement", ["outcome"],
    registry=registry,
)
ESTIMATE_LATENCY = Histogram(
    "kria_costing_estimate_latency_seconds", "from the reservation request event to its estimate",
    registry=registry, buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)


def after_commit(uow: UnitOfWork, record: Callable[[], None]) -> None:
    """Count only what was committed: a rolled-back batch (replayed record by record) counts nothing twice."""
    event.listen(uow.session.sync_session, "after_commit", lambda _session: record(), once=True)
