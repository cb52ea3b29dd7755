"""The Certificate aggregate: each command's rule at its boundary, its event, and the replay of a repeat."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from kria_certificates.domain.certificate import Certificate, Change, Parked, Reservation, ReservationRules
from kria_certificates.domain.face_values import Form
from kria_certificates.domain.lifecycle import Command, State
from kria_certificates.domain.register import Coverage, ProviderRegister, Register, RegisterRow, organisation_id
from kria_certificates.domain.travel import Line, LineRequest
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import (
    ActivityType,
    Delivery,
    Direction,
    MissReason,
    PlanLine,
    ServiceForm,
)
from kria_shared.contracts.costing import AccompanyingCost, CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.errors import Conflict, DomainError

from .support import CONFIG

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
TODAY = date(2026, 11, 2)
ORG = organisation_id("Демо-центр реабилитации 58 №1")
VALUE = 11_539_500
RULES = ReservationRules(Register(CONFIG.register), CONFIG.age_bands, CONFIG.course)
BORN = date(2012, 5, 3)  # 14 on the reservation day: band 14-17
PLAN = PlanLine(direction=Direction.ADAPTIVE_PE, activity_type=ActivityType.PRACTICAL, delivery=Delivery.GROUP,
                planned=16, min=12, max=20, unit_price_kopecks=150_000)


def issued(**changes: object) -> Certificate:
    base = Certificate(id="cert-1", child_id="child-1", region="58", municipality="Пенза", main_group="6.6",
                       decided_on=date(2026, 10, 15), valid_until=date(2027, 10, 11),
                       face_values={"inpatient": VALUE, "semi_inpatient": 8_000_000}, state=State.ISSUED,
                       state_since=NOW - timedelta(days=10))
    return replace(base, **changes)  # type: ignore[arg-type]


def reserved() -> Certificate:
    return replace(issued().reserve(Reservation(ORG, Form.INPATIENT, True), birth_date=BORN, today=TODAY,
                                    rules=RULES, now=NOW).certificate, state=State.RESERVED, estimate_id="est-1",
                   plan=(PLAN.model_dump(mode="json"),))


def in_service() -> Certificate:
    return reserved().start(date(2026, 11, 9), rules=CONFIG.course, now=NOW).certificate


def estimate(total: int) -> EstimateCalculated:
    return EstimateCalculated(certificate_id="cert-1", estimate_id="est-1", organisation_id=ORG,
                              price_list_version="pl-1", standard_version="std", form=ServiceForm.INPATIENT,
                              plan=[PLAN], course_kopecks=total, accompanying=AccompanyingCost(
                                  days=21, per_day_kopecks=0, total_kopecks=0),
                              total_kopecks=total, value_kopecks=VALUE)


def settled_by_costing() -> CostSettled:
    return CostSettled(certificate_id="cert-1", estimate_id="est-1", outcome="completed", lines=[],
                       activities_kopecks=9_000_000, accompanying=AccompanyingCost(
                           days=21, per_day_kopecks=0, total_kopecks=0),
                       actual_kopecks=9_000_000, value_kopecks=VALUE, paid_kopecks=9_000_000,
                       released_kopecks=VALUE - 9_000_000)


def test_a_reservation_takes_the_forms_value_and_the_age_on_the_day_and_asks_costing() -> None:
    change = issued().reserve(Reservation(ORG, Form.INPATIENT, True), birth_date=BORN, today=TODAY, rules=RULES,
                              now=NOW)
    after = change.certificate
    assert (after.state, after.organisation_id, after.value_kopecks, after.reserved_age) == (
        State.RESERVATION_PENDING, ORG, VALUE, 14)
    assert isinstance(change.event, ev.ReservationRequested)
    assert (change.event.days, change.event.value_kopecks, change.from_state) == (21, VALUE, State.ISSUED)
    assert after.state_since == NOW


def test_an_organisation_outside_the_register_is_refused_on_organisation_id() -> None:
    with pytest.raises(DomainError) as refused:
        issued().reserve(Reservation("org-0000000000", Form.INPATIENT, False), birth_date=BORN, today=TODAY,
                         rules=RULES, now=NOW)
    assert (refused.value.code, refused.value.details["field"]) == ("unknown_organisation", "organisation_id")


# One organisation registered for group 6, children 14-17, in Пенза only.
NARROW = ReservationRules(Register(ProviderRegister([RegisterRow(ORG, "Центр", "58", "6", "Пенза", Coverage.NAMED,
                                                                 "14-17", False)], "test")),
                          CONFIG.age_bands, CONFIG.course)


@pytest.mark.parametrize(("change", "born", "what", "value"), [
    ({}, BORN, None, None),
    ({"main_group": "5.1"}, BORN, "target_group", "5"),
    ({"municipality": "Кузнецк"}, BORN, "municipality", "Кузнецк"),
    ({}, date(2012, 11, 3), "age_band", "до 14"),  # 14 tomorrow: still 13 on the reservation day
])
def test_the_organisation_must_be_registered_for_the_childs_group_municipality_and_age_band(
    change: dict[str, str], born: date, what: str | None, value: str | None
) -> None:
    req = Reservation(ORG, Form.INPATIENT, False)
    if what is None:
        assert issued().reserve(req, birth_date=born, today=TODAY, rules=NARROW, now=NOW).event is not None
        return
    with pytest.raises(DomainError) as refused:
        issued(**change).reserve(req, birth_date=born, today=TODAY, rules=NARROW, now=NOW)
    assert (refused.value.code, refused.value.details["field"]) == ("organisation_not_registered", "organisation_id")
    assert refused.value.details[what] == value


def test_the_age_band_is_the_childs_age_on_the_reservation_day() -> None:
    eighteen_tomorrow = date(2008, 11, 3)
    change = issued().reserve(Reservation(ORG, Form.INPATIENT, False), birth_date=eighteen_tomorrow,
                              today=TODAY, rules=RULES, now=NOW)
    assert change.certificate.reserved_age == 17


def test_a_second_reservation_in_any_other_state_is_an_illegal_transition() -> None:
    with pytest.raises(Conflict) as refused:
        reserved().reserve(Reservation(ORG, Form.INPATIENT, True), birth_date=BORN, today=TODAY, rules=RULES,
                           now=NOW)
    assert (refused.value.code, refused.value.details["state"]) == ("illegal_transition", "reserved")


def test_an_identical_reservation_while_pending_is_a_replay_a_different_one_is_refused() -> None:
    req = Reservation(ORG, Form.INPATIENT, True)
    pending = issued().reserve(req, birth_date=BORN, today=TODAY, rules=RULES, now=NOW).certificate
    again = pending.reserve(req, birth_date=BORN, today=TODAY, rules=RULES, now=NOW)
    assert again.replay and again.certificate is pending
    with pytest.raises(Conflict):
        pending.reserve(Reservation(ORG, Form.SEMI_INPATIENT, True), birth_date=BORN, today=TODAY, rules=RULES,
                        now=NOW)


def test_an_estimate_up_to_the_value_confirms_one_kopeck_over_rejects() -> None:
    pending = replace(reserved(), state=State.RESERVATION_PENDING, estimate_id=None, plan=())
    confirmed = pending.confirm_or_reject(estimate(VALUE), NOW)
    assert (confirmed.certificate.state, confirmed.certificate.estimate_kopecks) == (State.RESERVED, VALUE)
    assert confirmed.certificate.plan[0]["unit_price_kopecks"] == 150_000
    over = pending.confirm_or_reject(estimate(VALUE + 1), NOW)
    assert (over.command, over.certificate.state, over.certificate.organisation_id) == (
        Command.REJECT_RESERVATION, State.ISSUED, None)
    assert isinstance(over.event, ev.ReservationRejected) and over.event.reason == "exceeds_certificate_value"


def test_an_estimate_answers_only_the_reservation_it_names() -> None:
    pending = replace(reserved(), state=State.RESERVATION_PENDING, reservation_event_id="ev-2")
    assert pending.awaits_estimate(ORG, "ev-2", "inpatient")
    assert not pending.awaits_estimate(ORG, "ev-1", "inpatient")
    assert not pending.awaits_estimate(ORG, "ev-2", "semi_inpatient")
    assert not reserved().awaits_estimate(ORG, None)


def test_a_course_starts_on_or_after_the_issue_and_before_expiry() -> None:
    started = reserved().start(date(2027, 10, 11), rules=CONFIG.course, now=NOW)
    assert started.certificate.planned_end_date == date(2027, 10, 31)
    with pytest.raises(DomainError) as late:
        reserved().start(date(2027, 10, 12), rules=CONFIG.course, now=NOW)
    with pytest.raises(DomainError) as early:
        reserved().start(date(2026, 10, 14), rules=CONFIG.course, now=NOW)
    assert (late.value.code, early.value.code, late.value.details["field"]) == (
        "after_expiry", "before_issue", "start_date")


def test_the_same_start_again_is_a_replay_another_date_is_refused() -> None:
    running = in_service()
    assert running.start(date(2026, 11, 9), rules=CONFIG.course, now=NOW).replay
    with pytest.raises(Conflict):
        running.start(date(2026, 11, 10), rules=CONFIG.course, now=NOW)


def test_completion_on_the_planned_end_early_termination_before_it() -> None:
    done = in_service().finish(date(2026, 11, 29), rules=CONFIG.course, now=NOW)
    assert (done.certificate.state, done.certificate.days_used) == (State.COMPLETED, 21)
    with pytest.raises(DomainError):
        in_service().finish(date(2026, 11, 28), rules=CONFIG.course, now=NOW)
    early = in_service().finish(date(2026, 11, 12), rules=CONFIG.course, now=NOW, reason=MissReason.CHILD_HEALTH)
    assert (early.certificate.state, early.certificate.termination_reason, early.detail) == (
        State.TERMINATED_EARLY, "child_health", "child_health")


def test_termination_for_another_reason_needs_a_text_and_a_repeat_is_a_replay() -> None:
    with pytest.raises(DomainError) as refused:
        in_service().finish(date(2026, 11, 12), rules=CONFIG.course, now=NOW, reason=MissReason.OTHER,
                            reason_text="  ")
    assert refused.value.details["field"] == "reason_text"
    ended = in_service().finish(date(2026, 11, 12), rules=CONFIG.course, now=NOW, reason=MissReason.OTHER,
                                reason_text="переезд").certificate
    assert ended.finish(date(2026, 11, 12), rules=CONFIG.course, now=NOW, reason=MissReason.OTHER,
                        reason_text="переезд").replay
    with pytest.raises(Conflict):
        ended.finish(date(2026, 11, 13), rules=CONFIG.course, now=NOW, reason=MissReason.OTHER,
                     reason_text="переезд")


def test_annulment_only_before_the_start_and_a_repeat_with_the_same_reason_is_a_replay() -> None:
    annulled = issued().annul("duplicate", NOW).certificate
    assert annulled.state is State.ANNULLED and annulled.annul_reason == "duplicate"
    assert annulled.annul("duplicate", NOW).replay
    with pytest.raises(Conflict) as other_reason:
        annulled.annul("death", NOW)
    assert other_reason.value.details["allowed"] == []
    with pytest.raises(Conflict) as started:
        in_service().annul("death", NOW)
    assert "course/terminate" in str(started.value)


def test_cancelling_frees_the_certificate_for_another_reservation() -> None:
    freed = reserved().cancel_reservation(NOW).certificate
    assert (freed.state, freed.organisation_id, freed.value_kopecks, freed.plan) == (State.ISSUED, None, None, ())


def test_a_settlement_parks_before_the_end_settles_after_it() -> None:
    assert reserved().parks() and in_service().parks() and not in_service().settles()
    done = in_service().finish(date(2026, 11, 29), rules=CONFIG.course, now=NOW).certificate
    assert done.settles() and not done.parks()
    settled = done.settle(settled_by_costing(), NOW).certificate
    assert (settled.state, settled.paid_kopecks, settled.released_kopecks) == (
        State.SETTLED, 9_000_000, VALUE - 9_000_000)
    assert not settled.parks() and not settled.settles()


def test_expiry_from_the_not_started_states_only() -> None:
    assert issued().expire(TODAY, NOW).certificate.expired_on == TODAY
    with pytest.raises(Conflict):
        in_service().expire(TODAY, NOW)


def test_a_travel_line_keeps_the_state_and_its_start_time() -> None:
    line = LineRequest("ticket", "child", 100, date(2026, 11, 9), None)
    before = in_service()
    change = before.record_travel(line, "trv-1", rules=CONFIG.travel, now=NOW + timedelta(hours=1))
    assert (change.certificate.state, change.certificate.state_since) == (State.IN_SERVICE, before.state_since)
    assert isinstance(change.event, ev.TravelRecorded) and change.detail == "ticket:child"
    with pytest.raises(Conflict):
        issued().record_travel(line, "trv-1", rules=CONFIG.travel, now=NOW)


def test_a_line_over_the_configured_maximum_is_refused_before_anything_is_recorded() -> None:
    line = LineRequest("ticket", "child", CONFIG.travel.max_line_kopecks + 1, date(2026, 11, 9), None)
    with pytest.raises(DomainError) as refused:
        in_service().record_travel(line, "trv-1", rules=CONFIG.travel, now=NOW)
    assert refused.value.details["field"] == "amount_kopecks"


def test_a_correcting_entry_is_a_ledger_line_naming_the_original() -> None:
    change = in_service().reverse_travel(Line("trv-1", 350_000), "trv-2", NOW)
    assert isinstance(change.event, ev.TravelReversed)
    assert (change.event.reverses_line_id, change.event.amount_kopecks, change.command) == (
        "trv-1", 350_000, Command.RECORD_TRAVEL)
    with pytest.raises(Conflict):
        issued().reverse_travel(Line("trv-1", 350_000), "trv-2", NOW)


def test_an_estimate_of_another_reservation_changes_nothing() -> None:
    pending = replace(reserved(), state=State.RESERVATION_PENDING, estimate_id=None, reservation_event_id="ev-2")
    assert pending.answer_estimate(estimate(VALUE), "ev-1", NOW) is None
    answered = pending.answer_estimate(estimate(VALUE), "ev-2", NOW)
    assert answered is not None and answered.certificate.state is State.RESERVED


def test_costing_refusing_to_price_rejects_only_the_pending_reservation() -> None:
    pending = replace(reserved(), state=State.RESERVATION_PENDING, reservation_event_id="ev-2")
    refusal = EstimateRejected(certificate_id="cert-1", organisation_id=ORG, reason="no_approved_price_list",
                               value_kopecks=VALUE)
    rejected = pending.answer_rejection(refusal, "ev-2", NOW)
    assert rejected is not None and rejected.certificate.state is State.ISSUED
    assert rejected.event == ev.ReservationRejected(certificate_id="cert-1", organisation_id=ORG,
                                                    reason="no_approved_price_list")
    assert reserved().answer_rejection(refusal, "ev-2", NOW) is None  # already confirmed: a late answer


def test_a_settlement_before_the_end_is_parked_after_it_settles_once_ended_otherwise_ignored() -> None:
    assert in_service().receive_settlement(settled_by_costing(), NOW) == Parked(settled_by_costing())
    done = in_service().finish(date(2026, 11, 29), rules=CONFIG.course, now=NOW).certificate
    change = done.receive_settlement(settled_by_costing(), NOW)
    assert isinstance(change, Change) and change.certificate.state is State.SETTLED
    assert change.certificate.receive_settlement(settled_by_costing(), NOW) is None
    assert issued().receive_settlement(settled_by_costing(), NOW) is None
