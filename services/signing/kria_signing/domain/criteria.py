"""The four criteria of the main bureau's final score (DOMAIN.md §6), each 0, 1 or 2 points.

Each result keeps the inputs it looked at and a sentence saying why it got its points: the expert and
the head read exactly this in the draft conclusion before signing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kria_signing.domain.methodology import Methodology
from kria_signing.domain.protocol import ProtocolFigures

InputValue = int | str | bool | tuple[str, ...]


@dataclass(frozen=True)
class CriterionResult:
    number: int
    code: str
    points: int
    inputs: dict[str, InputValue]
    why: str


def comprehensiveness(p: ProtocolFigures, m: Methodology) -> CriterionResult:
    required = [d for d in p.directions if d.required]
    missing = tuple(d.direction for d in required if d.delivered < m.scope.touched_min_delivered)
    below = tuple(d.direction for d in required
                  if d.delivered >= m.scope.touched_min_delivered and d.delivered < d.min)
    above = tuple(d.direction for d in required if d.delivered > d.max)
    out_of_range = below if m.scope.above_max_is_within else tuple(sorted({*below, *above}))
    inputs: dict[str, InputValue] = {
        "required_directions": tuple(d.direction for d in required),
        "missing": missing, "below_range": below, "above_range": above,
        "above_max_is_within": m.scope.above_max_is_within,
    }
    if not required:
        return CriterionResult(1, "comprehensiveness", 0, inputs, "the protocol lists no required direction")
    if missing:
        return CriterionResult(1, "comprehensiveness", 0, inputs,
                               f"required direction(s) not delivered: {', '.join(missing)}")
    if out_of_range:
        return CriterionResult(1, "comprehensiveness", 1, inputs,
                               f"all required directions touched, outside their range: {', '.join(out_of_range)}")
    return CriterionResult(1, "comprehensiveness", 2, inputs,
                           f"all {len(required)} required directions delivered within their range")


def _meets(delivered: int, planned: int, min_delivered: int, min_percent: int) -> bool:
    if delivered < min_delivered:
        return False
    if min_percent == 0:
        return True
    return planned > 0 and delivered * 100 >= min_percent * planned


def activity_count(p: ProtocolFigures, m: Methodology) -> CriterionResult:
    """Counts what the plan and the standard allow: an activity beyond its line's planned count adds nothing."""
    counted = p.counted_total
    inputs: dict[str, InputValue] = {
        "delivered_total": p.delivered_total, "counted_total": counted, "planned_total": p.planned_total,
        "percent_of_plan_floor": counted * 100 // p.planned_total if p.planned_total > 0 else 0,
    }
    beyond = f" ({p.delivered_total - counted} beyond the plan not counted)" if counted < p.delivered_total else ""
    for level in m.count_levels:
        if _meets(counted, p.planned_total, level.min_delivered, level.min_percent_of_plan):
            why = (f"{counted} of {p.planned_total} planned activities{beyond}: at least "
                   f"{level.min_delivered} and {level.min_percent_of_plan} % of the plan")
            return CriterionResult(2, "activity_count", level.points, inputs, why)
    lowest = m.count_levels[-1] if m.count_levels else None
    why = f"{counted} of {p.planned_total} planned activities{beyond}"
    if lowest is not None:
        why += f": below {lowest.min_percent_of_plan} % of the plan or {lowest.min_delivered} activities"
    return CriterionResult(2, "activity_count", 0, inputs, why)


def impaired_at_baseline(p: ProtocolFigures) -> tuple[tuple[str, ...], str]:
    """The domains impaired at baseline and where that came from.

    The MSE's own degrees of limitation when the certificate carried any impaired category; otherwise the
    organisation's baseline rating (on a lower-is-better scale a rating above 0; a higher-is-better scale
    has no known "no problem" value, so every rated domain counts).
    """
    if p.mse_limitations and any(v > 0 for v in p.mse_limitations.values()):
        return tuple(d for d, v in p.mse_limitations.items() if v > 0), "mse"
    if p.lower_is_better:
        return tuple(r.domain for r in p.ratings if r.baseline > 0), "organisation_baseline"
    return tuple(r.domain for r in p.ratings), "organisation_baseline"


def rehabilitation_effect(p: ProtocolFigures, m: Methodology) -> CriterionResult:
    """Dynamics over the domains impaired at baseline; a worsened domain (any domain) offsets an improved one.

    A domain without a control rating was not assessed: there is no dynamics to see in it. No improvement,
    or as many worsened domains as improved ones, is "none or worse": 0 points.
    """
    def improved(baseline: int, control: int) -> bool:
        return control < baseline if p.lower_is_better else control > baseline

    impaired, source = impaired_at_baseline(p)
    rated = [(r.domain, r.baseline, r.control) for r in p.ratings if r.control is not None]
    scored = [(d, b, c) for d, b, c in rated if d in impaired]
    better = tuple(d for d, b, c in scored if improved(b, c))
    worse = tuple(d for d, b, c in rated if improved(c, b))
    assessed, net = len(scored), len(better) - len(worse)
    inputs: dict[str, InputValue] = {
        "impaired_domains": impaired, "impaired_from": source, "assessed_domains": assessed,
        "improved": better, "worsened": worse, "lower_is_better": p.lower_is_better,
        "majority_percent": m.effect.majority_percent,
    }
    if assessed == 0:
        if not rated:
            why = "no control rating was taken: the effect was not assessed" if p.ratings else "no domain was assessed"
        else:
            why = "no domain impaired at baseline was assessed"
        return CriterionResult(3, "rehabilitation_effect", 0, inputs, why)
    if not better:
        return CriterionResult(3, "rehabilitation_effect", 0, inputs,
                               f"no improvement in any of {assessed} impaired domains")
    if net <= 0:
        return CriterionResult(3, "rehabilitation_effect", 0, inputs,
                               f"improvement in {len(better)} of {assessed} impaired domains, "
                               f"worse in {len(worse)}: no net improvement")
    if net * 100 > m.effect.majority_percent * assessed:
        return CriterionResult(3, "rehabilitation_effect", 2, inputs,
                               f"net improvement in {net} of {assessed} impaired domains: a majority")
    return CriterionResult(3, "rehabilitation_effect", 1, inputs,
                           f"net improvement in {net} of {assessed} impaired domains: not a majority")


def parental_competence(p: ProtocolFigures, m: Methodology) -> CriterionResult:
    significant = m.parental.significant_percent_of_max
    if p.parental_after is None:
        return CriterionResult(4, "parental_competence", 0, {
            "before": p.parental_before, "max": p.parental_max, "significant_percent_of_max": significant,
        }, "no after-course questionnaire was taken: no improvement shown")
    gain = p.parental_after - p.parental_before
    inputs: dict[str, InputValue] = {
        "before": p.parental_before, "after": p.parental_after, "max": p.parental_max, "gain": gain,
        "significant_percent_of_max": significant,
    }
    if gain <= 0:
        return CriterionResult(4, "parental_competence", 0, inputs,
                               f"no improvement ({p.parental_before} -> {p.parental_after})")
    if p.parental_max > 0 and gain * 100 >= significant * p.parental_max:
        return CriterionResult(4, "parental_competence", 2, inputs,
                               f"gain of {gain} points is at least {significant} % of the maximum {p.parental_max}")
    return CriterionResult(4, "parental_competence", 1, inputs,
                           f"gain of {gain} points is below {significant} % of the maximum {p.parental_max}")
