"""Settlement of a finished course (completed or terminated early), order 18-62 item 8.

actual = Σ_lines min(delivered, planned) × unit price + min(days_used, planned days) × per-day accompanying
paid = min(actual, value); released = value − paid. Deliveries beyond a line's planned count and activities
outside the plan are recorded but not paid: the estimate is the ceiling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kria_costing.domain.estimate import PlannedItem
from kria_costing.domain.standards import LineKey
from kria_shared.errors import DomainError


@dataclass(frozen=True)
class SettledLine:
    key: LineKey
    planned: int
    delivered: int
    paid_count: int  # min(delivered, planned)
    unit_price_kopecks: int
    total_kopecks: int  # paid_count × unit price


@dataclass(frozen=True)
class Settlement:
    lines: tuple[SettledLine, ...]
    activities_kopecks: int
    accompanying_days: int
    per_day_kopecks: int
    accompanying_kopecks: int
    actual_kopecks: int
    value_kopecks: int
    paid_kopecks: int
    released_kopecks: int


def settle(
    plan: Sequence[PlannedItem],
    delivered: Mapping[LineKey, int],
    *,
    per_day_kopecks: int,
    planned_days: int,
    days_used: int,
    value_kopecks: int,
) -> Settlement:
    lines = []
    for item in plan:
        count = delivered.get(item.key, 0)
        paid_count = min(count, item.planned)
        lines.append(SettledLine(item.key, item.planned, count, paid_count, item.unit_price_kopecks,
                                 paid_count * item.unit_price_kopecks))
    planned_keys = {item.key for item in plan}
    for key in sorted(set(delivered) - planned_keys):  # outside the plan: shown, priced at nothing
        lines.append(SettledLine(key, 0, delivered[key], 0, 0, 0))
    activities = sum(line.total_kopecks for line in lines)
    days = max(0, min(days_used, planned_days))
    accompanying = days * per_day_kopecks
    actual = activities + accompanying
    paid = min(actual, value_kopecks)
    return Settlement(
        lines=tuple(lines), activities_kopecks=activities, accompanying_days=days, per_day_kopecks=per_day_kopecks,
        accompanying_kopecks=accompanying, actual_kopecks=actual, value_kopecks=value_kopecks,
        paid_kopecks=paid, released_kopecks=value_kopecks - paid,
    )


def unknown_estimate(certificate_id: str, estimate_id: str) -> DomainError:
    """A course that started on an estimate this service never calculated cannot be settled (dead-lettered)."""
    return DomainError("unknown_estimate", f"course {certificate_id} cites no estimate of this service",
                       estimate_id=estimate_id)
