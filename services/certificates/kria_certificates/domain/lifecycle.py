"""The certificate's lifecycle (DOMAIN.md §2) as an explicit state machine.

Every command either moves the certificate to the state in ``TRANSITIONS`` or is illegal in the current
state; ``record_travel`` is a self-transition (a ledger line, the state does not change).
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    ISSUED = "issued"
    RESERVATION_PENDING = "reservation_pending"  # waiting for the cost estimate
    RESERVED = "reserved"
    IN_SERVICE = "in_service"
    COMPLETED = "completed"
    TERMINATED_EARLY = "terminated_early"
    SETTLED = "settled"
    EXPIRED = "expired"
    ANNULLED = "annulled"


class Command(StrEnum):
    RESERVE = "reserve"
    CANCEL_RESERVATION = "cancel_reservation"
    CONFIRM_RESERVATION = "confirm_reservation"  # the estimate is within the value (costing)
    REJECT_RESERVATION = "reject_reservation"  # the estimate was rejected (costing)
    START_COURSE = "start_course"
    COMPLETE_COURSE = "complete_course"
    TERMINATE_EARLY = "terminate_early"
    SETTLE = "settle"  # the actual cost was settled (costing)
    EXPIRE = "expire"
    ANNUL = "annul"
    RECORD_TRAVEL = "record_travel"


S, C = State, Command
_NOT_STARTED = (S.ISSUED, S.RESERVATION_PENDING, S.RESERVED)
_TRAVEL = (S.RESERVED, S.IN_SERVICE, S.COMPLETED, S.TERMINATED_EARLY, S.SETTLED)

TRANSITIONS: dict[tuple[State, Command], State] = {
    (S.ISSUED, C.RESERVE): S.RESERVATION_PENDING,
    (S.RESERVATION_PENDING, C.CONFIRM_RESERVATION): S.RESERVED,
    (S.RESERVATION_PENDING, C.REJECT_RESERVATION): S.ISSUED,
    (S.RESERVATION_PENDING, C.CANCEL_RESERVATION): S.ISSUED,
    (S.RESERVED, C.CANCEL_RESERVATION): S.ISSUED,
    (S.RESERVED, C.START_COURSE): S.IN_SERVICE,
    (S.IN_SERVICE, C.COMPLETE_COURSE): S.COMPLETED,
    (S.IN_SERVICE, C.TERMINATE_EARLY): S.TERMINATED_EARLY,
    (S.COMPLETED, C.SETTLE): S.SETTLED,
    (S.TERMINATED_EARLY, C.SETTLE): S.SETTLED,
    **{(s, C.EXPIRE): S.EXPIRED for s in _NOT_STARTED},  # never used within the validity period
    **{(s, C.ANNUL): S.ANNULLED for s in _NOT_STARTED},  # a started course ends by completion or termination
    **{(s, C.RECORD_TRAVEL): s for s in _TRAVEL},
}

TERMINAL = frozenset({S.SETTLED, S.EXPIRED, S.ANNULLED})
ACTIVE = frozenset(State) - TERMINAL  # "at most one active certificate per child"

# Annulment is only before the course starts: from then on costing holds the course (its estimate and the
# value reserved for it) and releases the money only by settling the course once it has ended.
_ENDS_BY_TERMINATION = (
    "annulment is only possible before the course starts; a course in service ends by early termination: "
    "the organisation holding it sends course/terminate with a reason (child_health, family_refusal, "
    "organisation_failure, or other with a text, e.g. the child's death), then the delivered part is paid "
    "and the rest of the value released"
)
_ALREADY_ENDED = ("annulment is only possible before the course starts; this course has ended: it is settled "
                  "with its actual cost and the rest of the value released")
HINTS: dict[tuple[State, Command], str] = {
    (S.IN_SERVICE, C.ANNUL): _ENDS_BY_TERMINATION,
    (S.COMPLETED, C.ANNUL): _ALREADY_ENDED,
    (S.TERMINATED_EARLY, C.ANNUL): _ALREADY_ENDED,
}


class IllegalTransition(Exception):
    def __init__(self, state: State, command: Command) -> None:
        hint = HINTS.get((state, command))
        super().__init__(f"cannot {command.value} a certificate in state {state.value}" + (f": {hint}" if hint else ""))
        self.state = state
        self.command = command
        self.allowed = allowed_commands(state)


def allowed_commands(state: State) -> list[Command]:
    return [c for c in Command if (state, c) in TRANSITIONS]


def next_state(state: State, command: Command) -> State:
    try:
        return TRANSITIONS[(state, command)]
    except KeyError:
        raise IllegalTransition(state, command) from None


def states_allowing(command: Command) -> list[State]:
    return [s for s in State if (s, command) in TRANSITIONS]
