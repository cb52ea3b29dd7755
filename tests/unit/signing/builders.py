"""Protocols and figures for the signing tests: a complete course by default, bent per test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, cast

from kria_shared.clock import Clock
from kria_shared.contracts.assessment import DirectionSummary, DomainRating, ProtocolSubmitted
from kria_shared.deps import ServiceDeps
from kria_shared.uow import UnitOfWorkFactory
from kria_signing.config.loader import load_signing_config
from kria_signing.domain.authority import AuthorisedSigner, SignerRole
from kria_signing.domain.conclusion_document import Child, Course, MseAct, Particulars
from kria_signing.domain.protocol import DirectionFigures, DomainRatingFigures, ProtocolFigures
from kria_signing.usecases import SigningDeps

# ЦРГ 2 standard (DOMAIN.md §4): planned (min..max) per direction; career guidance only for 14-17.
STANDARD = {
    "social_household": (20, 14, 26), "social_environmental": (20, 14, 26), "social_pedagogical": (22, 14, 30),
    "social_psychological": (14, 11, 17), "sociocultural": (19, 14, 24), "career_guidance": (9, 7, 11),
    "adaptive_pe": (16, 12, 20),
}


def directions(delivered: dict[str, int] | None = None, age: int = 15) -> tuple[DirectionFigures, ...]:
    delivered = delivered or {}
    return tuple(
        DirectionFigures(name, name != "career_guidance" or age >= 14, planned, lo, hi, delivered.get(name, planned))
        for name, (planned, lo, hi) in STANDARD.items()
    )


def figures(**overrides: Any) -> ProtocolFigures:
    dirs = overrides.pop("directions", directions())
    base: dict[str, Any] = {
        "directions": dirs,
        "planned_total": sum(d.planned for d in dirs),
        "delivered_total": sum(d.delivered for d in dirs),
        "ratings": tuple(DomainRatingFigures(f"d{i}", 3, 2) for i in range(7)),
        "lower_is_better": True, "parental_before": 20, "parental_after": 30, "parental_max": 40,
        "missed_by_reason": {},
    }
    base.update(overrides)
    return ProtocolFigures(**base)


def protocol(protocol_id: str = "p-1", certificate_id: str = "c-1", **overrides: Any) -> ProtocolSubmitted:
    f = figures(**overrides.pop("figures", {}))
    data: dict[str, Any] = {
        "certificate_id": certificate_id, "protocol_id": protocol_id, "organisation_id": "org-1",
        "target_group": "2", "age_years": 15, "outcome": "completed",
        "directions": [DirectionSummary(direction=d.direction, required=d.required, planned=d.planned, min=d.min,
                                        max=d.max, delivered=d.delivered, missed=0) for d in f.directions],
        "planned_total": f.planned_total, "delivered_total": f.delivered_total,
        "missed_by_reason": f.missed_by_reason, "scale_version": "icf-7.v1", "lower_is_better": f.lower_is_better,
        "ratings": [DomainRating(domain=r.domain, baseline=r.baseline, control=r.control) for r in f.ratings],
        "questionnaire_version": "parents.v1", "parental_before": f.parental_before,
        "parental_after": f.parental_after, "parental_max": f.parental_max, "journal_entries": f.delivered_total,
        "protocol_sha256": "ab" * 32,
    }
    data.update(overrides)
    return ProtocolSubmitted(**data)


def ineffective_figures(missed_by_reason: dict[str, int] | None = None) -> dict[str, Any]:
    """0 + 0 + 1 + 0 points: a course cut short."""
    dirs = directions({"social_household": 0, "social_environmental": 2, "adaptive_pe": 1})
    return {
        "directions": dirs, "planned_total": 120, "delivered_total": sum(d.delivered for d in dirs) // 3,
        "ratings": (DomainRatingFigures("d0", 3, 2), DomainRatingFigures("d1", 3, 3), DomainRatingFigures("d2", 3, 3)),
        "parental_before": 20, "parental_after": 20, "missed_by_reason": missed_by_reason or {},
    }


class SignatureVerifiedUpstream:
    """The protocol gate of the tests about drafting and its metrics: every protocol passes. The organisation's
    signature itself is verified for real in test_protocol_signature_gate.py and the integration tests."""

    async def check(self, payload: ProtocolSubmitted) -> None:
        return None


VERIFIED = SignatureVerifiedUpstream()


def signing_deps(clock: Clock, bureau_ogrn: str = "1027700000008",
                 uows: UnitOfWorkFactory | None = None) -> SigningDeps:
    """The service's one dependencies object over the shipped configuration, this bureau's OGRN, ``clock``;
    ``uows`` only for the use cases that open a unit of work (a handler is handed its own)."""
    config = load_signing_config()
    config = replace(config, register=replace(config.register, bureau_ogrn=bureau_ogrn))
    return ServiceDeps(db=cast(Any, uows.db if uows else None), uows=cast(Any, uows), clock=clock, config=config)


def particulars(**overrides: Any) -> Particulars:
    """What the certificates service answers for a child (the example export's first row)."""
    base: dict[str, Any] = {
        "child": Child(snils="123-400-000 70", full_name="Смирнов Иван Петрович", birth_date=date(2012, 5, 3)),
        "mse_act": MseAct(number="300.8.66/2026", date=date(2026, 10, 19)), "ipra_number": "200.8.66/2026",
        "organisation_name": "Реабилитационный центр «Лювена»",
        "course": Course(start_date=date(2026, 11, 2), end_date=date(2027, 1, 29)),
    }
    base.update(overrides)
    return Particulars(**base)


HEAD = AuthorisedSigner(name="Петрова Ольга Николаевна", snils="11223344595", role=SignerRole.HEAD)


class Certificates:
    """What the certificates service answers for any certificate (its HTTP boundary: tests/service/signing)."""

    async def particulars(self, certificate_id: str, authorization: str) -> Particulars:
        return particulars()
