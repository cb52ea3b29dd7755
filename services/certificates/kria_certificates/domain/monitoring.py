"""The monitoring report of order 525н (half-year and year): figures by region, ЦРГ group and organisation.

Computed from the store's facts, never from counters, so a restart changes nothing. Each figure counts what
happened inside the period [start, end] (Moscow dates):
- issued: certificates decided in the period; used: courses started; expired / annulled: on their date;
- children served: distinct children whose course started; completed / ended early: courses that ended;
- effective share: effective conclusions among those signed in the period (signing's ConclusionSigned),
  ineffective ones counted by their reason;
- reserved: the value (face value of the chosen form) of the courses started; settled (paid to the
  organisation) and released (the remainder back to the budget): settlements recorded in the period.
Money is integer kopecks; the share is an exact fraction (effective, signed), shown rounded only when printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class PeriodKind(StrEnum):
    HALF_YEAR = "h1"  # January to June
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    year: int
    kind: PeriodKind

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.kind is PeriodKind.HALF_YEAR else date(self.year, 12, 31)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class CertificateFact:
    certificate_id: str
    child_id: str
    region: str
    target_group: str  # the ЦРГ group of the main code
    organisation_id: str | None
    decided_on: date
    start_date: date | None = None
    end_date: date | None = None
    ended_early: bool = False
    expired_on: date | None = None
    annulled_on: date | None = None
    value_kopecks: int = 0


@dataclass(frozen=True)
class ConclusionFact:
    certificate_id: str
    signed_on: date
    effective: bool
    reason: str | None


@dataclass(frozen=True)
class SettlementFact:
    certificate_id: str
    settled_on: date
    paid_kopecks: int
    released_kopecks: int


COUNTS = ("issued", "used", "expired", "annulled", "children_served", "completed", "ended_early",
          "conclusions_signed", "effective", "ineffective", "reserved_kopecks", "settled_kopecks",
          "released_kopecks")


@dataclass
class Figures:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    children: set[str] = field(default_factory=set)
    ineffective_by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        counts = dict(self.counts)
        counts["children_served"] = len(self.children)
        signed = counts["conclusions_signed"]
        share = None if signed == 0 else {"effective": counts["effective"], "signed": signed,
                                          "percent": round(100 * counts["effective"] / signed, 1)}
        return {**counts, "effective_share": share,
                "ineffective_by_reason": dict(sorted(self.ineffective_by_reason.items()))}


NO_ORGANISATION = "—"  # certificates never reserved (issued, expired, annulled unused)


def _sort_key(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (10**9, code)


@dataclass
class Report:
    period: Period
    total: Figures = field(default_factory=Figures)
    regions: dict[str, Figures] = field(default_factory=dict)
    groups: dict[str, Figures] = field(default_factory=dict)
    organisations: dict[str, Figures] = field(default_factory=dict)

    def buckets(self, fact: CertificateFact) -> list[Figures]:
        return [self.total, self.regions.setdefault(fact.region, Figures()),
                self.groups.setdefault(fact.target_group, Figures()),
                self.organisations.setdefault(fact.organisation_id or NO_ORGANISATION, Figures())]

    def prune(self) -> Report:
        """Drop the rows where nothing happened in the period (a certificate of another period only)."""
        for rows in (self.regions, self.groups, self.organisations):
            for key in [k for k, f in rows.items() if not any(f.counts.values()) and not f.children]:
                del rows[key]
        return self

    def as_dict(self, names: dict[str, str] | None = None) -> dict[str, Any]:
        names = names or {}
        return {
            "period": {"year": self.period.year, "kind": self.period.kind.value,
                       "from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "total": self.total.as_dict(),
            "by_region": [{"region": k, **self.regions[k].as_dict()} for k in sorted(self.regions, key=_sort_key)],
            "by_target_group": [{"target_group": k, **self.groups[k].as_dict()}
                                for k in sorted(self.groups, key=_sort_key)],
            "by_organisation": [{"organisation_id": k, "name": names.get(k, ""), **self.organisations[k].as_dict()}
                                for k in sorted(self.organisations)],
        }


def _add(buckets: list[Figures], name: str, amount: int = 1) -> None:
    for b in buckets:
        b.counts[name] += amount


def monitoring(period: Period, certificates: Iterable[CertificateFact], conclusions: Iterable[ConclusionFact],
               settlements: Iterable[SettlementFact]) -> Report:
    report = Report(period)
    facts = {c.certificate_id: c for c in certificates}
    for c in facts.values():
        buckets = report.buckets(c)
        if period.holds(c.decided_on):
            _add(buckets, "issued")
        if period.holds(c.start_date):
            _add(buckets, "used")
            _add(buckets, "reserved_kopecks", c.value_kopecks)
            for b in buckets:
                b.children.add(c.child_id)
        if period.holds(c.end_date):
            _add(buckets, "ended_early" if c.ended_early else "completed")
        if period.holds(c.expired_on):
            _add(buckets, "expired")
        if period.holds(c.annulled_on):
            _add(buckets, "annulled")
    for s in settlements:
        cert = facts.get(s.certificate_id)
        if cert is not None and period.holds(s.settled_on):
            buckets = report.buckets(cert)
            _add(buckets, "settled_kopecks", s.paid_kopecks)
            _add(buckets, "released_kopecks", s.released_kopecks)
    for v in conclusions:
        cert = facts.get(v.certificate_id)
        if cert is None or not period.holds(v.signed_on):
            continue
        buckets = report.buckets(cert)
        _add(buckets, "conclusions_signed")
        _add(buckets, "effective" if v.effective else "ineffective")
        if not v.effective:
            reason = v.reason or "unknown"
            for b in buckets:
                b.ineffective_by_reason[reason] = b.ineffective_by_reason.get(reason, 0) + 1
    return report.prune()
