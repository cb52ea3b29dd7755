"""The family's reads and choice, the office's record of the representative, the organisation's chosen children.

The store is read here with its own small queries (the family tables are new): a representative sees only the
certificates linked to their SNILS; everything else answers 404 as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.domain import family
from kria_certificates.domain import snils as snils_rules
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.register import Register
from kria_certificates.schemas import (
    FamilyCertificateDetailOut,
    FamilyCertificateOut,
    FamilyChildrenOut,
    FamilyChoiceOut,
    FamilyChosenOut,
    FamilyConclusionOut,
    FamilyCourseOut,
    FamilyPersonOut,
    FamilyReservationOut,
    FittingOrganisationOut,
    RepresentativeOut,
)
from kria_certificates.store.models import (
    CertificateRow,
    ChildRow,
    ConclusionSeenRow,
    FamilyChoiceRow,
    FamilyLinkRow,
)
from kria_certificates.usecases import Deps
from kria_certificates.usecases.register_office import current
from kria_shared.clock import today_moscow
from kria_shared.errors import NotFound

OCCUPYING = (State.RESERVATION_PENDING, State.RESERVED, State.IN_SERVICE)


@dataclass(frozen=True)
class Family:
    subject: str
    snils: str  # normalised eleven digits


def family_of(subject: str, raw_snils: str | None) -> Family:
    """The representative's SNILS from the identity provider's token; a token without one sees no child."""
    if not raw_snils:
        raise NotFound("family", subject)
    try:
        return Family(subject, snils_rules.normalise(raw_snils))
    except snils_rules.InvalidSnils as exc:
        raise NotFound("family", subject) from exc


async def _linked(session: AsyncSession, who: Family, cid: str | None = None) -> list[str]:
    query = select(FamilyLinkRow.certificate_id).where(FamilyLinkRow.representative_snils == who.snils)
    if cid is not None:
        query = query.where(FamilyLinkRow.certificate_id == cid)
    return list((await session.exec(query)).all())


async def _place(session: AsyncSession, deps: Deps, row: CertificateRow) -> tuple[family.ChildPlace,
                                                                                            ChildRow | None]:
    child = await session.get(ChildRow, row.child_id)
    born = child.birth_date if child else row.decided_on
    return family.place_of(row.region, row.municipality, row.main_group, born, row.decided_on,
                           deps.config.age_bands), child


def _organisation_name(register: Register, organisation_id: str | None) -> str | None:
    if organisation_id is None:
        return None
    rows = [r for r in register.configured.rows if r.organisation_id == organisation_id]
    rows += [e.row for e in register.entries if e.row.organisation_id == organisation_id]
    return rows[0].name if rows else None


def _person(child: ChildRow | None) -> FamilyPersonOut | None:
    return None if child is None else FamilyPersonOut(last_name=child.last_name, first_name=child.first_name,
                                                      patronymic=child.patronymic, birth_date=child.birth_date)


async def _view(session: AsyncSession, deps: Deps, row: CertificateRow, register: Register) -> FamilyCertificateOut:
    place, child = await _place(session, deps, row)
    choice = await session.get(FamilyChoiceRow, row.id)
    seen = (await session.exec(select(ConclusionSeenRow).where(ConclusionSeenRow.certificate_id == row.id)
                               .order_by(col(ConclusionSeenRow.signed_at)))).all()
    return FamilyCertificateOut(
        certificate_id=row.id, state=row.state, region=row.region, municipality=row.municipality,
        target_group=row.main_group, age_band=place.age_band, decided_on=row.decided_on,
        valid_until=row.valid_until, face_values_kopecks=row.face_values, child=_person(child),
        choice=None if choice is None else FamilyChoiceOut(
            organisation_id=choice.organisation_id, name=_organisation_name(register, choice.organisation_id),
            form=choice.form, consented_at=choice.consented_at),
        organisation=None if row.organisation_id is None else FamilyReservationOut(
            organisation_id=row.organisation_id, name=_organisation_name(register, row.organisation_id),
            form=row.form, value_kopecks=row.value_kopecks),
        course=FamilyCourseOut(start_date=row.start_date, planned_end_date=row.planned_end_date,
                               end_date=row.end_date, days_used=row.days_used,
                               termination_reason=row.termination_reason),
        conclusion=None if not seen else FamilyConclusionOut(effective=seen[-1].effective, reason=seen[-1].reason,
                                                             signed_at=seen[-1].signed_at),
        can_choose=State(row.state) in family.CHOOSING_STATES,
    )


def _fitting(register: Register, place: family.ChildPlace, today: date) -> list[FittingOrganisationOut]:
    return [FittingOrganisationOut(organisation_id=r.organisation_id, name=r.name,
                                   forms=sorted(register.terms(r.organisation_id, today)[0]
                                                or ("semi_inpatient", "inpatient")))
            for r in family.fitting(register, place, today)]


async def children(deps: Deps, who: Family) -> FamilyChildrenOut:
    async with deps.db.session() as session:
        register = await current(session, deps.config)
        ids = await _linked(session, who)
        rows = [r for cid in sorted(ids) if (r := await session.get(CertificateRow, cid)) is not None]
        return FamilyChildrenOut(items=[await _view(session, deps, r, register) for r in rows])


async def child(deps: Deps, who: Family, cid: str) -> FamilyCertificateDetailOut:
    today = today_moscow(deps.clock)
    async with deps.db.session() as session:
        row = await _owned(session, who, cid)
        register = await current(session, deps.config)
        view = await _view(session, deps, row, register)
        place, _ = await _place(session, deps, row)
    return FamilyCertificateDetailOut(**dict(view), organisations=_fitting(register, place, today))


async def _owned(session: AsyncSession, who: Family, cid: str) -> CertificateRow:
    """Another family's child is answered exactly as a missing one."""
    row = await session.get(CertificateRow, cid) if await _linked(session, who, cid) else None
    if row is None:
        raise NotFound("certificate", cid)
    return row


async def choose(deps: Deps, who: Family, cid: str, organisation_id: str, form: str,
                 consent: bool) -> FamilyCertificateDetailOut:
    today = today_moscow(deps.clock)
    async with deps.uows() as uow:
        row = await _owned(uow.session, who, cid)
        register = await current(uow.session, deps.config)
        place, _ = await _place(uow.session, deps, row)
        occupied = int((await uow.session.exec(
            select(func.count()).select_from(CertificateRow).where(
                CertificateRow.organisation_id == organisation_id,
                col(CertificateRow.state).in_([s.value for s in OCCUPYING])))).one())
        family.check_choice(register, place, State(row.state), organisation_id, form, consent, today, occupied)
        existing = await uow.session.get(FamilyChoiceRow, cid)
        if existing is None:
            uow.session.add(FamilyChoiceRow(certificate_id=cid, organisation_id=organisation_id, form=form,
                                            consented_at=deps.clock.now(), chosen_by=who.subject))
        elif (existing.organisation_id, existing.form) != (organisation_id, form):
            existing.organisation_id, existing.form = organisation_id, form
            existing.consented_at, existing.chosen_by = deps.clock.now(), who.subject
            uow.session.add(existing)
    return await child(deps, who, cid)


async def link(deps: Deps, cid: str, raw_snils: str, actor: str) -> RepresentativeOut:
    digits = family.representative_snils(raw_snils)
    async with deps.uows() as uow:
        row = await uow.session.get(CertificateRow, cid)
        if row is None:
            raise NotFound("certificate", cid)
        kid = await uow.session.get(ChildRow, row.child_id)
        family.check_not_the_child(digits, kid.snils if kid is not None else None)
        existing = await uow.session.get(FamilyLinkRow, cid)
        if existing is None:
            existing = FamilyLinkRow(certificate_id=cid, representative_snils=digits, recorded_at=deps.clock.now(),
                                     recorded_by=actor)
        else:
            existing.representative_snils, existing.recorded_at, existing.recorded_by = digits, deps.clock.now(), actor
        uow.session.add(existing)
    return RepresentativeOut(certificate_id=cid, representative_snils_masked=snils_rules.masked(digits))


async def chosen_by_families(deps: Deps, organisation_id: str) -> list[FamilyChosenOut]:
    """The children whose family chose this organisation and whose certificate still waits for a reservation."""
    async with deps.db.session() as session:
        query = (select(FamilyChoiceRow, CertificateRow)
                 .where(FamilyChoiceRow.organisation_id == organisation_id,
                        col(CertificateRow.id) == col(FamilyChoiceRow.certificate_id),
                        CertificateRow.state == State.ISSUED.value)
                 .order_by(col(FamilyChoiceRow.consented_at)))
        out = []
        for choice, row in (await session.exec(query)).all():
            place, kid = await _place(session, deps, row)
            out.append(FamilyChosenOut(
                certificate_id=row.id, form=choice.form, consented_at=choice.consented_at,
                target_group=row.main_group, municipality=row.municipality, age_band=place.age_band,
                valid_until=row.valid_until, face_values_kopecks=row.face_values, child=_person(kid)))
        return out
