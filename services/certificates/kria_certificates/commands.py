"""Commands of the people acting on a certificate (provider, СФР operator): one transaction each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from kria_certificates import store
from kria_certificates.config_loader import CertificatesConfig
from kria_certificates.domain import course
from kria_certificates.domain.course import CourseDateError
from kria_certificates.domain.dates import age_in_full_years
from kria_certificates.domain.face_values import Form
from kria_certificates.domain.lifecycle import Command
from kria_certificates.domain.register import band_of
from kria_certificates.domain.target_groups import group_of
from kria_certificates.errors import bad_dates
from kria_certificates.models import CertificateRow, TravelRow
from kria_certificates.settlement import apply_parked_settlement
from kria_certificates.transitions import Actor, check, clear_reservation, move
from kria_shared.clock import Clock
from kria_shared.contracts import certificates as ev
from kria_shared.contracts.common import MissReason, PlanLine, ServiceForm
from kria_shared.errors import DomainError, NotFound
from kria_shared.uow import UnitOfWork


@dataclass(frozen=True)
class Reservation:
    organisation_id: str
    form: Form
    companion: bool


class CertificateCommands:
    def __init__(self, config: CertificatesConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock

    async def load(self, uow: UnitOfWork, cid: str, org: str | None = None) -> CertificateRow:
        """The certificate, locked; a provider (``org`` given) only reaches one reserved to it."""
        row = await store.certificate(uow.session, cid, for_update=True)
        if row is None or (org is not None and row.organisation_id != org):
            raise NotFound("certificate", cid)
        return row

    async def reserve(self, uow: UnitOfWork, cid: str, req: Reservation, actor: Actor) -> CertificateRow:
        row = await store.certificate(uow.session, cid, for_update=True)
        if row is None:
            raise NotFound("certificate", cid)
        check(row, Command.RESERVE)
        if req.organisation_id not in self.config.register.organisation_ids():
            raise DomainError("unknown_organisation", "not in the provider register", field="organisation_id")
        child = await store.child(uow.session, row.child_id)
        assert child is not None, "a certificate always has its child"
        # the age on the decision date governs for the whole validity: a child decided at 17 who turns 18
        # before the reservation keeps band 14-17, and costing prices the course for the same age
        age = age_in_full_years(child.birth_date, row.decided_on)
        band = band_of(age, self.config.age_bands)
        group = group_of(row.main_group)
        if not self.config.register.covers(req.organisation_id, region=row.region, group=group,
                                           municipality=row.municipality, age_band=band):
            raise DomainError("organisation_not_registered",
                              "the organisation is not in the register for this child's ЦРГ, municipality and age",
                              field="organisation_id", target_group=group, municipality=row.municipality,
                              age_band=band, region=row.region)
        row.organisation_id, row.form, row.companion = req.organisation_id, req.form.value, req.companion
        row.value_kopecks, row.reserved_age = row.face_values[req.form.value], age
        requested = move(uow, row, Command.RESERVE, ev.ReservationRequested(
            certificate_id=row.id, organisation_id=req.organisation_id, region=row.region,
            target_group=row.main_group, age_years=age, form=ServiceForm(req.form.value), companion=req.companion,
            days=self.config.course.course_days, value_kopecks=row.value_kopecks,
        ), actor=actor, now=self.clock.now())
        row.reservation_event_id = str(requested.event_id)
        return row

    async def cancel_reservation(self, uow: UnitOfWork, cid: str, actor: Actor, org: str | None) -> CertificateRow:
        row = await self.load(uow, cid, org)
        organisation = row.organisation_id or ""
        move(uow, row, Command.CANCEL_RESERVATION,
             ev.ReservationCancelled(certificate_id=row.id, organisation_id=organisation),
             actor=actor, now=self.clock.now())
        clear_reservation(row)
        return row

    async def start(self, uow: UnitOfWork, cid: str, start: date, actor: Actor, org: str | None) -> CertificateRow:
        row = await self.load(uow, cid, org)
        check(row, Command.START_COURSE)
        try:
            course.check_start(start, issued_on=row.decided_on, valid_until=row.valid_until, rules=self.config.course)
        except CourseDateError as exc:
            raise bad_dates(exc) from None
        row.start_date, row.planned_end_date = start, course.planned_end(start, self.config.course)
        move(uow, row, Command.START_COURSE, ev.CourseStarted(
            certificate_id=row.id, organisation_id=row.organisation_id or "", target_group=row.main_group,
            age_years=row.reserved_age or 0, form=ServiceForm(row.form), companion=bool(row.companion),
            start_date=start, planned_end_date=row.planned_end_date, value_kopecks=row.value_kopecks or 0,
            estimate_id=row.estimate_id or "", plan=[PlanLine.model_validate(p) for p in row.plan],
            mse_limitations=dict(row.mse_limitations) or None,
        ), actor=actor, now=self.clock.now())
        return row

    async def finish(
        self, uow: UnitOfWork, cid: str, end: date, actor: Actor, org: str | None,
        *, reason: MissReason | None = None, reason_text: str | None = None,
    ) -> CertificateRow:
        """Complete (``reason`` None) or terminate early; a settlement that arrived early is applied now."""
        row = await self.load(uow, cid, org)
        early = reason is not None
        check(row, Command.TERMINATE_EARLY if early else Command.COMPLETE_COURSE)
        assert row.start_date is not None, "a course in service has a start date"
        try:
            course.check_end(row.start_date, end, early=early, rules=self.config.course)
        except CourseDateError as exc:
            raise bad_dates(exc) from None
        if reason is not None and (problem := course.reason_problem(reason, reason_text)):
            raise DomainError(problem.code, problem.message, field=problem.field)
        row.end_date, row.days_used = end, course.days_used(row.start_date, end)
        org_id = row.organisation_id or ""
        if reason is None:
            event: ev.Payload = ev.CourseCompleted(certificate_id=row.id, organisation_id=org_id, end_date=end,
                                                    days_used=row.days_used)
        else:
            row.termination_reason, row.termination_text = reason.value, reason_text
            event = ev.CourseTerminatedEarly(certificate_id=row.id, organisation_id=org_id, end_date=end,
                                             days_used=row.days_used, reason=reason, reason_text=reason_text)
        move(uow, row, Command.TERMINATE_EARLY if early else Command.COMPLETE_COURSE, event, actor=actor,
             now=self.clock.now(), detail=reason.value if reason else None)
        await apply_parked_settlement(uow, row, self.clock.now())
        return row

    async def annul(self, uow: UnitOfWork, cid: str, reason: str, actor: Actor) -> CertificateRow:
        row = await self.load(uow, cid)
        event = ev.CertificateAnnulled.model_validate({"certificate_id": row.id, "reason": reason})
        move(uow, row, Command.ANNUL, event, actor=actor, now=self.clock.now(), detail=reason)
        row.annul_reason = reason
        return row

    async def record_travel(
        self, uow: UnitOfWork, cid: str, line: TravelRow, actor: Actor
    ) -> TravelRow:
        row = await self.load(uow, cid)
        line.line_id, line.certificate_id = f"trv-{uuid.uuid4().hex[:16]}", row.id
        line.recorded_at, line.actor = self.clock.now(), actor.label
        event = ev.TravelRecorded.model_validate({"certificate_id": row.id, "line_id": line.line_id, "kind": line.kind,
                                                  "amount_kopecks": line.amount_kopecks, "on": line.on})
        move(uow, row, Command.RECORD_TRAVEL, event, actor=actor, now=line.recorded_at,
             detail=f"{line.kind}:{line.traveller}")
        uow.session.add(line)
        return line

