"""The ineffective reason (prefill or expert) and the conclusion's life: never signed without a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_signing.domain.conclusion import Action, ConclusionState, IllegalTransition, apply, initial_state
from kria_signing.domain.reason import IneffectiveReason, dominant_reason, reason_problem


@pytest.mark.parametrize(("missed", "expected"), [
    ({"child_health": 6, "family_refused_activities": 4}, IneffectiveReason.CHILD_HEALTH),   # 60 %
    ({"child_health": 5, "family_refused_activities": 5}, None),  # 50 %: no single reason dominates
    ({"family_refused_activities": 1}, IneffectiveReason.FAMILY_REFUSED_ACTIVITIES),
    ({"family_refused_course": 2, "other": 1}, IneffectiveReason.FAMILY_REFUSED_COURSE),
    ({"family_refusal": 1}, IneffectiveReason.FAMILY_REFUSAL),  # a protocol of before the two were told apart
    ({"organisation_failure": 3, "other": 1}, IneffectiveReason.ORGANISATION_FAILURE),
    ({"other": 9, "child_health": 1}, None),                                      # 'other' needs the expert's text
    ({}, None),
    ({"child_health": 0}, None),
])
def test_a_dominant_missed_reason_is_prefilled(missed: dict[str, int], expected: IneffectiveReason | None) -> None:
    assert dominant_reason(missed, 50) == expected


def test_other_needs_a_text() -> None:
    assert reason_problem(IneffectiveReason.OTHER, "  ") is not None
    assert reason_problem(IneffectiveReason.OTHER, "moved to another city") is None
    assert reason_problem(IneffectiveReason.CHILD_HEALTH, None) is None
    assert reason_problem(IneffectiveReason.FAMILY_REFUSED_COURSE, None) is None
    problem = reason_problem(IneffectiveReason.FAMILY_REFUSAL, None)  # the undivided refusal: not an expert's choice
    assert problem is not None and problem[:2] == ("family_refusal_scope_required", "reason")


def test_an_ineffective_draft_without_reason_cannot_be_signed() -> None:
    state = initial_state(effective=False, has_reason=False)
    assert state is ConclusionState.AWAITING_REASON
    with pytest.raises(IllegalTransition) as refused:
        apply(state, Action.SIGN, effective=False)
    assert refused.value.allowed == (Action.SET_REASON,)
    assert "reason" in refused.value.why
    state = apply(state, Action.SET_REASON, effective=False)
    assert apply(state, Action.SIGN, effective=False) is ConclusionState.SIGNED


def test_an_effective_draft_takes_no_reason_and_is_signed_once() -> None:
    state = initial_state(effective=True, has_reason=False)
    with pytest.raises(IllegalTransition):
        apply(state, Action.SET_REASON, effective=True)
    signed = apply(state, Action.UPLOAD_SIGNATURE, effective=True)
    with pytest.raises(IllegalTransition) as refused:
        apply(signed, Action.SIGN, effective=True)
    assert refused.value.state is ConclusionState.SIGNED and refused.value.allowed == (Action.SUBMIT,)
    assert apply(signed, Action.SUBMIT, effective=True) is ConclusionState.SUBMITTED


@given(effective=st.booleans(), prefilled=st.booleans(), actions=st.lists(st.sampled_from(list(Action)), max_size=12))
def test_no_sequence_submits_unsigned_or_signs_without_reason(effective: bool, prefilled: bool,
                                                              actions: list[Action]) -> None:
    state = initial_state(effective, prefilled)
    has_reason = prefilled
    signed = submitted = 0
    for action in actions:
        try:
            state = apply(state, action, effective)
        except IllegalTransition:
            continue
        if action is Action.SET_REASON:
            has_reason = True
        if action in (Action.SIGN, Action.UPLOAD_SIGNATURE):
            assert effective or has_reason
            signed += 1
        if action is Action.SUBMIT:
            assert signed == 1
            submitted += 1
    assert signed <= 1 and submitted <= 1
