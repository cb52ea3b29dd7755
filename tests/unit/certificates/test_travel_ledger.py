"""The travel ledger's rules: bounds of a line, idempotency keys, correcting entries, totals that never overflow."""

from __future__ import annotations

from datetime import date

import pytest

from kria_certificates.domain.idempotency import CommandKey
from kria_certificates.domain.travel import (
    KOPECKS_CEILING,
    Line,
    LineRequest,
    TravelRules,
    check_request,
    replayed,
    reversal_amount,
    total,
)
from kria_shared.errors import Conflict, DomainError

from .support import CONFIG

RULES = TravelRules("t", max_line_kopecks=50_000_000, days_after_validity=60)
DECIDED, VALID_UNTIL = date(2026, 10, 15), date(2027, 10, 11)


def request(amount: int = 350_000, on: date = date(2026, 11, 8), note: str | None = None) -> LineRequest:
    return LineRequest("ticket", "child", amount, on, note)


def check(req: LineRequest) -> None:
    check_request(req, decided_on=DECIDED, valid_until=VALID_UNTIL, rules=RULES)


@pytest.mark.parametrize("amount", [1, 50_000_000])
def test_a_line_from_one_kopeck_to_the_maximum_is_taken(amount: int) -> None:
    check(request(amount))


@pytest.mark.parametrize("amount", [0, -1, 50_000_001, 2**63 - 1])
def test_a_line_outside_the_bounds_is_refused_naming_the_amount(amount: int) -> None:
    with pytest.raises(DomainError) as refused:
        check(request(amount))
    assert (refused.value.code, refused.value.details["field"]) == ("travel_amount_out_of_range", "amount_kopecks")


@pytest.mark.parametrize(("on", "ok"), [
    (date(2026, 10, 14), False), (DECIDED, True), (date(2027, 12, 10), True), (date(2027, 12, 11), False),
    (date(9999, 12, 31), False)])
def test_the_date_runs_from_the_decision_to_sixty_days_after_the_validity(on: date, ok: bool) -> None:
    if ok:
        check(request(on=on))
        return
    with pytest.raises(DomainError) as refused:
        check(request(on=on))
    assert (refused.value.code, refused.value.details["field"]) == ("travel_date_out_of_range", "on")


def test_the_configured_maximum_is_bounded_by_the_ceiling() -> None:
    assert 0 < CONFIG.travel.max_line_kopecks <= KOPECKS_CEILING
    with pytest.raises(ValueError, match="max_line_kopecks"):
        TravelRules("t", KOPECKS_CEILING + 1, 0)


def test_the_same_key_and_body_is_the_first_line_another_body_is_a_conflict() -> None:
    first = Line("trv-1", 350_000, request_digest=request().digest())
    assert replayed(None, request()) is None
    assert replayed(first, request()) is first
    with pytest.raises(Conflict) as reused:
        replayed(first, request(amount=350_001))
    assert (reused.value.code, reused.value.details["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    assert request(note="a").digest() != request(note="b").digest()


def test_a_reversal_takes_the_amount_back_once() -> None:
    original = Line("trv-1", 350_000)
    assert reversal_amount(original, None, "ошибка в сумме") == -350_000
    reversal = Line("trv-2", -350_000, reverses_line_id="trv-1", reason="ошибка в сумме")
    assert reversal_amount(original, reversal, "ошибка в сумме") is None  # the same reversal again: a replay
    with pytest.raises(Conflict) as twice:
        reversal_amount(original, reversal, "другая причина")
    assert twice.value.code == "already_reversed"
    with pytest.raises(DomainError) as of_reversal:
        reversal_amount(reversal, None, "ошибка")
    assert of_reversal.value.code == "reversal_of_a_reversal"


def test_totals_are_exact_beyond_the_int64_range() -> None:
    assert total([2**63 - 1, 2**63 - 1, -(2**63 - 1)]) == 2**63 - 1


def test_a_command_key_is_a_replay_for_the_same_request_only() -> None:
    key = CommandKey.of("k-1", "annul|cert-1", '{"reason":"duplicate"}')
    key.check_repeat(CommandKey.of("k-1", "annul|cert-1", '{"reason":"duplicate"}').digest)
    for other in [CommandKey.of("k-1", "annul|cert-1", '{"reason":"death"}'),
                  CommandKey.of("k-1", "annul|cert-2", '{"reason":"duplicate"}')]:
        with pytest.raises(Conflict) as reused:
            key.check_repeat(other.digest)
        assert (reused.value.code, reused.value.details["field"]) == ("idempotency_key_reused", "Idempotency-Key")
