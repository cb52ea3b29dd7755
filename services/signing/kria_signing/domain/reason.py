"""Why a course was ineffective: mandatory before signing an ineffective conclusion (DOMAIN.md §6)."""

from __future__ import annotations

from enum import StrEnum

from kria_shared.errors import DomainError


class IneffectiveReason(StrEnum):
    CHILD_HEALTH = "child_health"  # the child's health made provision inconsistent
    FAMILY_REFUSED_ACTIVITIES = "family_refused_activities"  # the family refused individual activities
    FAMILY_REFUSED_COURSE = "family_refused_course"  # the family refused the whole course
    ORGANISATION_FAILURE = "organisation_failure"  # the organisation failed to provide
    OTHER = "other"  # free text required
    # Before the two refusals were told apart: read in old protocols (prefilled), never chosen by an expert.
    FAMILY_REFUSAL = "family_refusal"


def dominant_reason(missed_by_reason: dict[str, int], dominant_percent: int) -> IneffectiveReason | None:
    """The missed-activity reason holding strictly more than ``dominant_percent`` of all misses, if any.

    ``other`` is never prefilled: it needs the expert's own words.
    """
    known = {IneffectiveReason(k): n for k, n in missed_by_reason.items()
             if k in IneffectiveReason._value2member_map_ and n > 0}
    total = sum(n for n in missed_by_reason.values() if n > 0)
    if total == 0:
        return None
    for reason, count in known.items():
        if reason is not IneffectiveReason.OTHER and count * 100 > dominant_percent * total:
            return reason
    return None


def reason_problem(reason: IneffectiveReason, text: str | None) -> tuple[str, str, str] | None:
    """What is wrong with an expert's reason, as (code, field, message), or None when it is acceptable."""
    if reason is IneffectiveReason.OTHER and not (text and text.strip()):
        return "reason_text_required", "text", "the reason 'other' needs a text"
    if reason is IneffectiveReason.FAMILY_REFUSAL:
        return ("family_refusal_scope_required", "reason",
                "укажите, от чего отказалась семья: family_refused_activities (от отдельных мероприятий) "
                "или family_refused_course (от всего курса)")
    return None


def check_reason(reason: IneffectiveReason, text: str | None) -> None:
    """Refuse an expert's reason that cannot be taken (422 naming the field)."""
    problem = reason_problem(reason, text)
    if problem:
        code, field, message = problem
        raise DomainError(code, message, field=field)
