"""The lifecycle state machine: every state × every command, and random sequences of commands."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kria_certificates.domain.lifecycle import (
    ACTIVE,
    TERMINAL,
    Command,
    IllegalTransition,
    State,
    allowed_commands,
    next_state,
)

S, C = State, Command
# The expected table, written out by hand from DOMAIN.md §2 (not derived from the implementation).
EXPECTED: dict[State, dict[Command, State]] = {
    S.ISSUED: {C.RESERVE: S.RESERVATION_PENDING, C.EXPIRE: S.EXPIRED, C.ANNUL: S.ANNULLED},
    S.RESERVATION_PENDING: {C.CONFIRM_RESERVATION: S.RESERVED, C.REJECT_RESERVATION: S.ISSUED,
                            C.CANCEL_RESERVATION: S.ISSUED, C.EXPIRE: S.EXPIRED, C.ANNUL: S.ANNULLED},
    S.RESERVED: {C.START_COURSE: S.IN_SERVICE, C.CANCEL_RESERVATION: S.ISSUED, C.EXPIRE: S.EXPIRED,
                 C.ANNUL: S.ANNULLED, C.RECORD_TRAVEL: S.RESERVED},
    S.IN_SERVICE: {C.COMPLETE_COURSE: S.COMPLETED, C.TERMINATE_EARLY: S.TERMINATED_EARLY,
                   C.RECORD_TRAVEL: S.IN_SERVICE},
    S.COMPLETED: {C.SETTLE: S.SETTLED, C.RECORD_TRAVEL: S.COMPLETED},
    S.TERMINATED_EARLY: {C.SETTLE: S.SETTLED, C.RECORD_TRAVEL: S.TERMINATED_EARLY},
    S.SETTLED: {C.RECORD_TRAVEL: S.SETTLED},
    S.EXPIRED: {},
    S.ANNULLED: {},
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("command", list(Command))
def test_every_state_and_command(state: State, command: Command) -> None:
    expected = EXPECTED[state].get(command)
    if expected is None:
        with pytest.raises(IllegalTransition) as refused:
            next_state(state, command)
        assert refused.value.state is state
        assert set(refused.value.allowed) == set(EXPECTED[state])
    else:
        assert next_state(state, command) is expected


def test_terminal_states_allow_no_change_of_state() -> None:
    for state in TERMINAL:
        assert all(next_state(state, c) is state for c in allowed_commands(state))
    assert ACTIVE.isdisjoint(TERMINAL) and set(State) == ACTIVE | TERMINAL


@given(st.lists(st.sampled_from(list(Command)), max_size=40))
def test_any_sequence_of_commands_stays_on_the_map(commands: list[Command]) -> None:
    state, history = State.ISSUED, [State.ISSUED]
    for command in commands:
        try:
            state = next_state(state, command)
        except IllegalTransition as exc:
            assert command not in exc.allowed
            continue
        history.append(state)
    # once terminal, always terminal; settlement only after a course ended; a course only after a reservation
    for before, after in pairwise(history):
        if before in TERMINAL:
            assert after is before
        if after is State.SETTLED and before is not State.SETTLED:
            assert before in (State.COMPLETED, State.TERMINATED_EARLY)
        if after is State.IN_SERVICE and before is not State.IN_SERVICE:
            assert before is State.RESERVED


@given(st.lists(st.sampled_from(list(Command)), max_size=40))
def test_a_started_course_can_no_longer_expire_or_be_annulled(commands: list[Command]) -> None:
    state, started = State.ISSUED, False
    for command in commands:
        try:
            state = next_state(state, command)
        except IllegalTransition:
            continue
        started = started or state is State.IN_SERVICE
        if started:
            assert state not in (State.EXPIRED, State.ANNULLED)


def test_annulling_a_started_course_is_refused_with_the_way_it_ends_instead() -> None:
    with pytest.raises(IllegalTransition) as in_service:
        next_state(S.IN_SERVICE, C.ANNUL)
    assert "early termination" in str(in_service.value) and C.TERMINATE_EARLY in in_service.value.allowed
    for ended in (S.COMPLETED, S.TERMINATED_EARLY):
        with pytest.raises(IllegalTransition) as refused:
            next_state(ended, C.ANNUL)
        assert "has ended" in str(refused.value)
    with pytest.raises(IllegalTransition) as other:
        next_state(S.IN_SERVICE, C.RESERVE)
    assert str(other.value) == "cannot reserve a certificate in state in_service"  # no hint where none applies
