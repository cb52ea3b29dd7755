"""The pilot's progress as the federal bureau sees it: submitted conclusions counted by verdict, reason and region.

Counts only, no conclusion is named: so the figures cover every submitted conclusion, inside its 10-day window
or not (the window bounds reading a conclusion, not counting it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kria_shared.errors import DomainError

UNKNOWN_REGION = "unknown"  # a conclusion whose certificate's CertificateIssued has not arrived (yet)


@dataclass(frozen=True)
class Verdict:
    region: str | None
    effective: bool
    reason: str | None


def _bump(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def _share(effective: int, total: int) -> dict[str, Any] | None:
    return None if total == 0 else {"effective": effective, "of": total, "percent": round(100 * effective / total, 1)}


def progress(verdicts: Iterable[Verdict]) -> dict[str, Any]:
    total = effective = 0
    reasons: dict[str, int] = {}
    regions: dict[str, dict[str, Any]] = {}
    for v in verdicts:
        region = v.region or UNKNOWN_REGION
        row = regions.setdefault(region, {"region": region, "conclusions": 0, "effective": 0, "ineffective": 0,
                                          "ineffective_by_reason": {}})
        total += 1
        row["conclusions"] += 1
        if v.effective:
            effective += 1
            row["effective"] += 1
        else:
            row["ineffective"] += 1
            _bump(reasons, v.reason or "unknown")
            _bump(row["ineffective_by_reason"], v.reason or "unknown")
    by_region = [{**r, "effective_share": _share(r["effective"], r["conclusions"])}
                 for _, r in sorted(regions.items())]
    return {"conclusions": total, "by_verdict": {"effective": effective, "ineffective": total - effective},
            "effective_share": _share(effective, total), "ineffective_by_reason": dict(sorted(reasons.items())),
            "by_region": by_region}


def check_period(day_from: date | None, day_to: date | None) -> None:
    """A search period's start may not be after its end (422 naming ``from``)."""
    if day_from and day_to and day_from > day_to:
        raise DomainError("bad_period", "начало периода позже его конца", field="from")
