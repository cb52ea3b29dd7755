"""The life of a conclusion: drafted from a protocol, completed with a reason if ineffective, signed, submitted.

    awaiting_reason --set_reason--> ready_to_sign --sign|upload_signature--> signed --submit--> submitted
    (an effective draft, or one whose reason was prefilled, starts in ready_to_sign)
    signed --(the ЕЦП failed every allowed attempt)--> submission_failed --resubmit--> signed
    (resubmit: an operator re-queues it once the platform's side is fixed; the signed bytes stay as they are)
"""

from __future__ import annotations

from enum import StrEnum

from kria_shared.errors import Conflict


class ConclusionState(StrEnum):
    AWAITING_REASON = "awaiting_reason"
    READY_TO_SIGN = "ready_to_sign"
    SIGNED = "signed"
    SUBMITTED = "submitted"
    SUBMISSION_FAILED = "submission_failed"


class Action(StrEnum):
    SET_REASON = "set_reason"
    SIGN = "sign"
    UPLOAD_SIGNATURE = "upload_signature"
    SUBMIT = "submit"
    RESUBMIT = "resubmit"


class IllegalTransition(Exception):
    def __init__(self, state: ConclusionState, action: Action, allowed: tuple[Action, ...], why: str) -> None:
        super().__init__(why)
        self.state = state
        self.action = action
        self.allowed = allowed
        self.why = why


def submission_exhausted(attempts_made: int, max_attempts: int) -> bool:
    """A signed conclusion stops being offered to the ЕЦП after ``max_attempts`` failed submissions."""
    return attempts_made >= max_attempts


def initial_state(effective: bool, has_reason: bool) -> ConclusionState:
    return ConclusionState.READY_TO_SIGN if effective or has_reason else ConclusionState.AWAITING_REASON


def allowed_actions(state: ConclusionState, effective: bool) -> tuple[Action, ...]:
    if state is ConclusionState.AWAITING_REASON:
        return (Action.SET_REASON,)
    if state is ConclusionState.READY_TO_SIGN:
        signing = (Action.SIGN, Action.UPLOAD_SIGNATURE)
        return signing if effective else (Action.SET_REASON, *signing)
    if state is ConclusionState.SIGNED:
        return (Action.SUBMIT,)
    if state is ConclusionState.SUBMISSION_FAILED:
        return (Action.RESUBMIT,)
    return ()


_NEXT = {
    Action.SET_REASON: ConclusionState.READY_TO_SIGN,
    Action.SIGN: ConclusionState.SIGNED,
    Action.UPLOAD_SIGNATURE: ConclusionState.SIGNED,
    Action.SUBMIT: ConclusionState.SUBMITTED,
    Action.RESUBMIT: ConclusionState.SIGNED,
}


def apply(state: ConclusionState, action: Action, effective: bool) -> ConclusionState:
    """The state after ``action``, or IllegalTransition naming the current state and what is allowed."""
    allowed = allowed_actions(state, effective)
    if action not in allowed:
        if action is Action.SET_REASON and effective and state is ConclusionState.READY_TO_SIGN:
            why = "an effective conclusion takes no reason"
        elif action in (Action.SIGN, Action.UPLOAD_SIGNATURE) and state is ConclusionState.AWAITING_REASON:
            why = "an ineffective conclusion cannot be signed without a reason"
        else:
            why = f"'{action}' is not possible in state '{state}'"
        raise IllegalTransition(state, action, allowed, why)
    return _NEXT[action]


def transition(state: ConclusionState, action: Action, effective: bool) -> ConclusionState:
    """``apply`` as the refusal a caller receives: ``illegal_transition`` (409) with the state and what is allowed."""
    try:
        return apply(state, action, effective)
    except IllegalTransition as exc:
        raise Conflict("illegal_transition", exc.why, state=str(exc.state),
                       allowed=[str(a) for a in exc.allowed]) from exc


def changed_meanwhile(moved: bool, state: str, message: str) -> None:
    """A state-guarded update that matched no row: another act won the race (``state_changed``, 409)."""
    if not moved:
        raise Conflict("state_changed", message, state=state)


def require_document(document: bytes | None, state: str) -> bytes:
    """The canonical bytes of a conclusion, which exist once it is complete (an ineffective one needs its reason)
    and a signer opened it: the document names its signer, so it is composed at that person's reading."""
    if document is not None:
        return document
    if state == ConclusionState.AWAITING_REASON:
        raise Conflict("document_not_ready", "an ineffective conclusion needs its reason first", state=state,
                       allowed=[str(Action.SET_REASON)])
    raise Conflict("document_not_ready", "документ заключения составляется, когда его открывает для подписи "
                   "руководитель бюро или уполномоченный заместитель", state=state)


def require_composed_for(composed_for: str | None, signer_snils: str | None, state: str) -> None:
    """A signer signs only the document composed in their name (it names them as the signer)."""
    if composed_for is None or composed_for != signer_snils:
        raise Conflict("document_not_composed_for_signer", "документ заключения составлен не для вас: откройте "
                       "документ для подписи (GET .../document) и подпишите то, что он покажет", state=state)


def require_signed(signature: bytes | None, state: str, message: str = "the conclusion is not signed yet") -> bytes:
    if signature is None:
        raise Conflict("not_signed", message, state=state)
    return signature
