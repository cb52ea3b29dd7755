"""Eligibility of a valid decision (DOMAIN.md §2), checked in a fixed order; the first failing rule refuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kria_certificates.domain.dates import age_in_full_years, period_end
from kria_certificates.domain.decision import Decision
from kria_certificates.domain.outcomes import RefusalCode
from kria_certificates.domain.pilot import PilotRegions


@dataclass(frozen=True)
class EligibilityRules:
    """[config] numbers, from kria_certificates/config/rules.yaml."""

    version: str
    min_age: int
    max_age: int
    validity_months: int


def certificate_valid_until(decision: Decision, rules: EligibilityRules) -> date:
    """The last day of the right: ``validity_months`` from the date the disability was established."""
    return period_end(decision.disability_established_on, rules.validity_months)


def refusal(
    decision: Decision, rules: EligibilityRules, pilot: PilotRegions, *, has_active_certificate: bool,
    face_value_known: bool, has_earlier_certificate: bool = False,
) -> RefusalCode | None:
    """None when the child is eligible; otherwise the reason code.

    ``has_earlier_certificate``: the child's history holds a certificate in any state (settled, expired,
    annulled...): the category is then not assigned for the first time, whatever the decision's flag says.
    An active one keeps its own code, so the operator sees which certificate stands in the way.

    ``face_value_known``: the value table has a row or a default for the region and the decision's year.
    Its absence is a gap in the configuration, not the child's: checked last, so a child refused anyway gets
    the reason about the child, and an eligible one is not told that the region is outside the pilot.
    """
    if not pilot.is_pilot(decision.region, decision.decided_on.year):
        return RefusalCode.NOT_PILOT_REGION
    age = age_in_full_years(decision.birth_date, decision.decided_on)
    if not rules.min_age <= age <= rules.max_age:
        return RefusalCode.AGE_OUT_OF_RANGE
    if decision.decided_on > certificate_valid_until(decision, rules):
        return RefusalCode.RIGHT_EXPIRED
    if not decision.first_time:
        return RefusalCode.NOT_FIRST_TIME
    if not decision.medical_indications:
        return RefusalCode.NO_MEDICAL_INDICATIONS
    if decision.contraindications:
        return RefusalCode.CONTRAINDICATIONS
    if has_active_certificate:
        return RefusalCode.ACTIVE_CERTIFICATE_EXISTS
    if has_earlier_certificate:
        return RefusalCode.EARLIER_CERTIFICATE_EXISTS
    if not face_value_known:
        return RefusalCode.NO_FACE_VALUE
    return None
