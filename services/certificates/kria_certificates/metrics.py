"""Domain metrics of the certificates service (labels: codes only, never ids or personal data).

Counters are incremented after the transaction commits (``after_commit``), so a rolled-back batch
never counts.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import Counter, Gauge
from sqlalchemy import event

from kria_shared.metrics import registry
from kria_shared.uow import UnitOfWork

EXPIRING_UNUSED = Gauge("kria_certificates_expiring_unused",
                        "issued certificates never reserved whose validity ends within 30 days", ["region"],
                        registry=registry)
CERTIFICATES = Gauge("kria_certificates_current_certificates", "certificates by state and region",
                     ["state", "region"], registry=registry)
TRANSITIONS = Counter("kria_certificates_transitions_total", "lifecycle transitions by event and region",
                      ["event", "region"], registry=registry)
FACE_VALUE_ISSUED = Counter("kria_certificates_face_value_issued_kopecks_total",
                            "face value of issued certificates, per form (pick one form in a query)",
                            ["region", "form"], registry=registry)
VALUE_PAID = Counter("kria_certificates_value_paid_kopecks_total", "value paid at settlement", ["region"],
                     registry=registry)
VALUE_RELEASED = Counter("kria_certificates_value_released_kopecks_total", "value released at settlement",
                         ["region"], registry=registry)
DECISIONS = Counter("kria_certificates_decisions_total", "MSE decisions by channel, outcome and reason code",
                    ["channel", "outcome", "code"], registry=registry)
HELD = Gauge("kria_certificates_held_decisions",
             "MSE decisions held: no pilot region list configured for their year (alert: configure it)",
             ["year"], registry=registry)
IMPORT_ROWS = Counter("kria_certificates_import_rows_total", "rows of MSE export files by outcome",
                      ["outcome"], registry=registry)


def after_commit(uow: UnitOfWork, action: Callable[[], None]) -> None:
    """Run ``action`` once the unit of work's transaction has committed (never on rollback)."""
    event.listen(uow.session.sync_session, "after_commit", lambda _session: action(), once=True)


def set_expiring_unused(rows: list[tuple[str, int]], regions: set[str]) -> None:
    """Every region with certificates gets a value (0 included), so dashboards and alerts see the series."""
    EXPIRING_UNUSED.clear()
    counts = dict(rows)
    for region in regions | set(counts):
        EXPIRING_UNUSED.labels(region).set(counts.get(region, 0))


def set_state_counts(rows: list[tuple[str, str, int]]) -> None:
    CERTIFICATES.clear()
    for state, region, n in rows:
        CERTIFICATES.labels(state, region).set(n)


def count_face_value(region: str, kopecks_by_form: dict[str, int]) -> None:
    for form, kopecks in kopecks_by_form.items():
        FACE_VALUE_ISSUED.labels(region, form).inc(kopecks)


def count_settlement(region: str, paid_kopecks: int, released_kopecks: int) -> None:
    VALUE_PAID.labels(region).inc(paid_kopecks)
    VALUE_RELEASED.labels(region).inc(released_kopecks)


def set_held(by_year: dict[int, int]) -> None:
    """The years with held decisions; a year whose decisions were all taken up shows 0 until the restart."""
    for year in {int(s.labels["year"]) for m in HELD.collect() for s in m.samples} - set(by_year):
        HELD.labels(str(year)).set(0)
    for year, n in by_year.items():
        HELD.labels(str(year)).set(n)
