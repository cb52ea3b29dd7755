"""The ``Certificate`` aggregate: every lifecycle command checks its rule here and returns what changed.

A method never touches the store: it returns a ``Change`` (the certificate after the command, the event to
emit, what the history records) or raises the refusal the caller answers with. The store saves the new
certificate only if nobody changed it since it was read (compare-and-set on ``version``).

An identical repeat of a command whose effect is already the current state is a ``replay``: answered from
the state it produced, never applied twice (a retried HTTP request, or the loser of two sent at once).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from kria_certificates.domain import course
from kria_certificates.domain.course import CourseDateError, CourseRules
from kria_certificates.domain.dates import age_in_full_years
from kria_certificates.domain.face_values import Form
from kria_certificates.domain.lifecycle import Command, IllegalTransition, State, next_state
from kria_certificates.domain.register import AgeBand, Register, band_of, refusal
from kria_certificates.domain.target_groups import group_of
from kria_certificates.domain.travel import Line, LineRequest, TravelRules, check_request
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import MissReason, Payload, PlanCount, PlanLine, ServiceForm
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.errors import Conflict, DomainError


def illegal(exc: IllegalTransition) -> Conflict:
    return Conflict("illegal_transition", str(exc), state=exc.state.value, command=exc.command.value,
                    allowed=[c.value for c in exc.allowed])


def bad_dates(exc: CourseDateError) -> DomainError:
    return DomainError(exc.code, str(exc), field=exc.field)


class StateChanged(Conflict):
    """The loser of two commands on one certificate at once: it was read before the winner changed it."""


def state_changed(cid: str) -> StateChanged:
    return StateChanged("state_changed", "сертификат в это же время изменён другой командой: прочитайте его "
                        "заново и повторите команду, если она ещё нужна", certificate_id=cid)


def unknown_certificate(cid: str) -> DomainError:
    """Another service's event names a certificate this store never issued (dead-lettered with this code)."""
    return DomainError("unknown_certificate", f"no certificate {cid} in this store")


@dataclass(frozen=True)
class Reservation:
    organisation_id: str
    form: Form
    companion: bool
    plan: list[PlanCount] | None = None  # the individual plan, checked and priced by costing


@dataclass(frozen=True)
class ReservationRules:
    """What a reservation is checked against: the register kept by the СФР office (with how many children the
    organisation already holds), the age bands, the course length."""

    register: Register
    age_bands: list[AgeBand]
    course: CourseRules
    occupied: int = 0


@dataclass(frozen=True)
class Change:
    """One transition: the certificate after it and the event it emits (``None``: a replay, nothing to do)."""

    certificate: Certificate
    command: Command
    from_state: State
    event: Payload | None
    detail: str | None = None

    @property
    def replay(self) -> bool:
        return self.event is None


@dataclass(frozen=True)
class Parked:
    """A settlement that came before the course ended: kept as it is, and applied when the course ends."""

    settlement: CostSettled


@dataclass(frozen=True)
class Certificate:
    id: str
    child_id: str
    region: str
    municipality: str
    main_group: str
    decided_on: date
    valid_until: date
    face_values: Mapping[str, int]
    state: State
    state_since: datetime
    version: int = 1
    organisation_id: str | None = None
    form: str | None = None
    companion: bool | None = None
    value_kopecks: int | None = None
    reserved_age: int | None = None
    reservation_event_id: str | None = None
    estimate_id: str | None = None
    estimate_kopecks: int | None = None
    plan: Sequence[Mapping[str, Any]] = field(default_factory=tuple)
    start_date: date | None = None
    planned_end_date: date | None = None
    end_date: date | None = None
    days_used: int | None = None
    termination_reason: str | None = None
    termination_text: str | None = None
    actual_kopecks: int | None = None
    paid_kopecks: int | None = None
    released_kopecks: int | None = None
    annul_reason: str | None = None
    expired_on: date | None = None
    # the MSE's own degrees of limitation per life-activity category (the child's impaired domains at baseline)
    mse_limitations: Mapping[str, int] = field(default_factory=dict)

    # --- helpers ---------------------------------------------------------------------------------------------

    def _target(self, command: Command) -> State:
        try:
            return next_state(self.state, command)
        except IllegalTransition as exc:
            raise illegal(exc) from None

    def _move(self, command: Command, event: Payload, now: datetime, detail: str | None = None,
              **changes: Any) -> Change:
        target = self._target(command)
        since = now if target != self.state else self.state_since  # a travel line keeps the state's start
        after = replace(self, state=target, state_since=since, **changes)
        return Change(after, command, self.state, event, detail)

    def _replay(self, command: Command) -> Change:
        return Change(self, command, self.state, None)

    def _cleared(self) -> dict[str, Any]:
        """Back to ``issued``: the certificate is free for another reservation."""
        return {"organisation_id": None, "form": None, "companion": None, "value_kopecks": None,
                "reserved_age": None, "estimate_id": None, "estimate_kopecks": None, "reservation_event_id": None,
                "plan": ()}

    # --- the provider's and the operator's commands --------------------------------------------------------

    def reserve(self, req: Reservation, *, birth_date: date, today: date, rules: ReservationRules,
                now: datetime) -> Change:
        if (self.state is State.RESERVATION_PENDING and self.organisation_id == req.organisation_id
                and self.form == req.form.value and self.companion == req.companion):
            return self._replay(Command.RESERVE)
        self._target(Command.RESERVE)
        # the age on the decision date governs for the whole validity: a child decided at 17 who turns 18
        # before the reservation keeps band 14-17, and costing prices the course for the same age
        age = age_in_full_years(birth_date, self.decided_on)
        band = band_of(age, rules.age_bands)
        group = group_of(self.main_group)
        refused = refusal(rules.register, req.organisation_id, region=self.region, target_group=group,
                          municipality=self.municipality, age_band=band, form=req.form.value, on=today,
                          occupied=rules.occupied)
        if refused is not None:
            raise DomainError(refused.code, refused.message, field="organisation_id", target_group=group,
                              municipality=self.municipality, age_band=band, region=self.region,
                              on=today.isoformat())
        value = self.face_values[req.form.value]
        event = ev.ReservationRequested(
            certificate_id=self.id, organisation_id=req.organisation_id, region=self.region,
            target_group=self.main_group, age_years=age, form=ServiceForm(req.form.value), companion=req.companion,
            days=rules.course.course_days, value_kopecks=value, plan=req.plan,
        )
        return self._move(Command.RESERVE, event, now, organisation_id=req.organisation_id, form=req.form.value,
                          companion=req.companion, value_kopecks=value, reserved_age=age)

    def awaiting(self, reservation_event_id: str) -> Certificate:
        """The reservation's event id, known once emitted: costing's estimate must answer that very event."""
        return replace(self, reservation_event_id=reservation_event_id)

    def cancel_reservation(self, now: datetime) -> Change:
        event = ev.ReservationCancelled(certificate_id=self.id, organisation_id=self.organisation_id or "")
        return self._move(Command.CANCEL_RESERVATION, event, now, **self._cleared())

    def start(self, start: date, *, rules: CourseRules, now: datetime) -> Change:
        if self.state is State.IN_SERVICE and self.start_date == start:
            return self._replay(Command.START_COURSE)
        self._target(Command.START_COURSE)
        try:
            course.check_start(start, issued_on=self.decided_on, valid_until=self.valid_until, rules=rules)
        except CourseDateError as exc:
            raise bad_dates(exc) from None
        planned = course.planned_end(start, rules)
        event = ev.CourseStarted(
            certificate_id=self.id, organisation_id=self.organisation_id or "", target_group=self.main_group,
            age_years=self.reserved_age or 0, form=ServiceForm(self.form or ""), companion=bool(self.companion),
            start_date=start, planned_end_date=planned, value_kopecks=self.value_kopecks or 0,
            estimate_id=self.estimate_id or "", plan=[PlanLine.model_validate(p) for p in self.plan],
            mse_limitations=dict(self.mse_limitations) or None,
        )
        return self._move(Command.START_COURSE, event, now, start_date=start, planned_end_date=planned)

    def finish(self, end: date, *, rules: CourseRules, now: datetime, reason: MissReason | None = None,
               reason_text: str | None = None) -> Change:
        """Complete (``reason`` None) or terminate early."""
        early = reason is not None
        command = Command.TERMINATE_EARLY if early else Command.COMPLETE_COURSE
        ended = State.TERMINATED_EARLY if early else State.COMPLETED
        if (self.state is ended and self.end_date == end
                and self.termination_reason == (reason.value if reason else None)
                and self.termination_text == reason_text):
            return self._replay(command)
        self._target(command)
        assert self.start_date is not None, "a course in service has a start date"
        try:
            course.check_end(self.start_date, end, early=early, rules=rules)
        except CourseDateError as exc:
            raise bad_dates(exc) from None
        if reason is not None and (problem := course.reason_problem(reason, reason_text)):
            raise DomainError(problem.code, problem.message, field=problem.field)
        used = course.days_used(self.start_date, end)
        org = self.organisation_id or ""
        if reason is None:
            return self._move(command, ev.CourseCompleted(certificate_id=self.id, organisation_id=org, end_date=end,
                                                          days_used=used), now, end_date=end, days_used=used)
        event = ev.CourseTerminatedEarly(certificate_id=self.id, organisation_id=org, end_date=end, days_used=used,
                                         reason=reason, reason_text=reason_text)
        return self._move(command, event, now, reason.value, end_date=end, days_used=used,
                          termination_reason=reason.value, termination_text=reason_text)

    def annul(self, reason: str, now: datetime) -> Change:
        if self.state is State.ANNULLED and self.annul_reason == reason:
            return self._replay(Command.ANNUL)
        event = ev.CertificateAnnulled.model_validate({"certificate_id": self.id, "reason": reason})
        return self._move(Command.ANNUL, event, now, reason, annul_reason=reason)

    def expire(self, today: date, now: datetime) -> Change:
        event = ev.CertificateExpired(certificate_id=self.id, expired_on=today)
        return self._move(Command.EXPIRE, event, now, expired_on=today)

    def record_travel(self, req: LineRequest, line_id: str, *, rules: TravelRules, now: datetime) -> Change:
        """A ledger line: the state does not change, but it must be one that allows travel."""
        self._target(Command.RECORD_TRAVEL)
        check_request(req, decided_on=self.decided_on, valid_until=self.valid_until, rules=rules)
        event = ev.TravelRecorded.model_validate({"certificate_id": self.id, "line_id": line_id, "kind": req.kind,
                                                  "amount_kopecks": req.amount_kopecks, "on": req.on})
        return self._move(Command.RECORD_TRAVEL, event, now, f"{req.kind}:{req.traveller}")

    def reverse_travel(self, original: Line, line_id: str, now: datetime) -> Change:
        """A correcting entry is a ledger line too: allowed in the states that allow travel."""
        event = ev.TravelReversed(certificate_id=self.id, line_id=line_id, reverses_line_id=original.line_id,
                                  amount_kopecks=original.amount_kopecks)
        return self._move(Command.RECORD_TRAVEL, event, now, f"reversal:{original.line_id}")

    # --- reactions to costing -------------------------------------------------------------------------------

    def awaits_estimate(self, organisation_id: str, causation_id: str | None, form: str | None = None) -> bool:
        """The estimate answers this very reservation: costing's envelope is caused by its ReservationRequested.

        Organisation and form alone would let a late answer to an earlier, cancelled reservation decide a
        newer one. A row reserved before the event id was kept (``None``) falls back to them.
        """
        return (self.state is State.RESERVATION_PENDING and self.organisation_id == organisation_id
                and (form is None or self.form == form)
                and (self.reservation_event_id is None or causation_id == self.reservation_event_id))

    def reject_reservation(self, reason: str, now: datetime) -> Change:
        event = ev.ReservationRejected(certificate_id=self.id, organisation_id=self.organisation_id or "",
                                       reason=reason)
        return self._move(Command.REJECT_RESERVATION, event, now, reason, **self._cleared())

    def confirm_or_reject(self, e: EstimateCalculated, now: datetime) -> Change:
        """An estimate over the value is refused here too: the value is a hard ceiling (costing should have)."""
        value = self.value_kopecks or 0
        if e.total_kopecks > value:
            return self.reject_reservation("exceeds_certificate_value", now)
        event = ev.ReservationConfirmed(certificate_id=self.id, organisation_id=e.organisation_id,
                                        estimate_id=e.estimate_id, estimate_kopecks=e.total_kopecks,
                                        value_kopecks=value)
        return self._move(Command.CONFIRM_RESERVATION, event, now, e.estimate_id, estimate_id=e.estimate_id,
                          estimate_kopecks=e.total_kopecks, plan=tuple(p.model_dump(mode="json") for p in e.plan))

    def answer_estimate(self, e: EstimateCalculated, causation_id: str | None, now: datetime) -> Change | None:
        """Costing's estimate of this reservation confirms or rejects it; None: it answers no pending one."""
        if not self.awaits_estimate(e.organisation_id, causation_id, e.form.value):
            return None
        return self.confirm_or_reject(e, now)

    def answer_rejection(self, e: EstimateRejected, causation_id: str | None, now: datetime) -> Change | None:
        """Costing refused to price this reservation: it is rejected; None: it answers no pending one."""
        if not self.awaits_estimate(e.organisation_id, causation_id):
            return None
        return self.reject_reservation(e.reason, now)

    def receive_settlement(self, e: CostSettled, now: datetime) -> Change | Parked | None:
        """Settle an ended course; park a settlement that came before the end; None: nothing to settle."""
        if self.settles():
            return self.settle(e, now)
        if self.parks():
            return Parked(e)
        return None

    def parks(self) -> bool:
        """A settlement that comes before the course has ended waits for the end (it is applied then)."""
        return self.state in (State.RESERVED, State.IN_SERVICE)

    def settles(self) -> bool:
        return self.state in (State.COMPLETED, State.TERMINATED_EARLY)

    def settle(self, e: CostSettled, now: datetime) -> Change:
        event = ev.CertificateSettled(certificate_id=self.id, paid_kopecks=e.paid_kopecks,
                                      released_kopecks=e.released_kopecks)
        return self._move(Command.SETTLE, event, now, e.estimate_id, actual_kopecks=e.actual_kopecks,
                          paid_kopecks=e.paid_kopecks, released_kopecks=e.released_kopecks)
