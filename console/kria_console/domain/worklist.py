"""The expert's worklist: draft conclusions filtered by organisation, verdict, waiting for a reason, draft age."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kria_console.domain.formats import age_days

DRAFT_STATES = ("awaiting_reason", "ready_to_sign")


@dataclass(frozen=True)
class Filters:
    organisation: str = ""
    verdict: str = ""  # "", "effective", "ineffective"
    waiting_only: bool = False  # only those waiting for the expert's reason
    older_than_days: int | None = None  # drafts waiting at least this many days

    @staticmethod
    def parse(query: Mapping[str, str]) -> Filters:
        verdict = query.get("verdict", "")
        raw_age = query.get("older_than_days", "").strip()
        age = int(raw_age) if raw_age.isdigit() and len(raw_age) <= 4 else None
        return Filters(organisation=query.get("organisation", "").strip()[:100],
                       verdict=verdict if verdict in ("effective", "ineffective") else "",
                       waiting_only=query.get("waiting") == "1", older_than_days=age)


def select(items: list[dict[str, Any]], filters: Filters, now: datetime) -> list[dict[str, Any]]:
    """Drafts only (not yet signed), oldest first: the one waiting longest is the first to do."""
    out = []
    for c in items:
        if c.get("state") not in DRAFT_STATES:
            continue
        if filters.waiting_only and c.get("state") != "awaiting_reason":
            continue
        if filters.verdict and c.get("verdict") != filters.verdict:
            continue
        if filters.organisation and filters.organisation.lower() not in str(c.get("organisation_id", "")).lower():
            continue
        waited = age_days(str(c["drafted_at"]), now) if c.get("drafted_at") else 0
        if filters.older_than_days is not None and waited < filters.older_than_days:
            continue
        out.append({**c, "age_days": waited})
    return sorted(out, key=lambda c: str(c.get("drafted_at") or ""))
