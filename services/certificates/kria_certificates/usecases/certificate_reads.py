"""Reads of certificates: one (with history), a filtered list, the travel ledger, the summary report.

A provider reaches only the certificates reserved to its organisation; another organisation's is answered as
absent, and the attempt is in the personal-data access log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.domain import snils as snils_rules
from kria_certificates.domain.access import provider_scope
from kria_certificates.domain.lifecycle import State, allowed_commands
from kria_certificates.domain.reports import ReportItem, summarise
from kria_certificates.domain.target_groups import group_of
from kria_certificates.schemas import CertificateOut, CertificateSummaryOut, ChildOut, HistoryOut, TravelOut
from kria_certificates.store import repository as store
from kria_certificates.store.models import CertificateRow, ChildRow
from kria_certificates.usecases import Deps
from kria_shared.auth import Principal, Role
from kria_shared.auth.routes import log_personal_data_access
from kria_shared.errors import NotFound


def summary_of(row: CertificateRow) -> dict[str, Any]:
    return {
        "certificate_id": row.id, "child_id": row.child_id, "state": row.state, "region": row.region,
        "municipality": row.municipality,
        "target_groups": {"main": row.main_group, "additional": row.additional_groups},
        "decided_on": row.decided_on, "valid_until": row.valid_until, "face_values_kopecks": row.face_values,
        "organisation_id": row.organisation_id, "form": row.form, "value_kopecks": row.value_kopecks,
    }


def child_of(child: ChildRow) -> ChildOut:
    return ChildOut(child_id=child.child_id, last_name=child.last_name, first_name=child.first_name,
                    patronymic=child.patronymic, birth_date=child.birth_date, sex=child.sex,
                    snils_masked=snils_rules.masked(child.snils))


async def _visible(session: AsyncSession, cid: str, principal: Principal) -> CertificateRow:
    row = await store.certificate(session, cid)
    scope = provider_scope(principal)
    if row is None:
        raise NotFound("certificate", cid)
    if scope is not None and row.organisation_id != scope:
        # another organisation's child: answered as absent, but the attempt is in the access log
        log_personal_data_access(principal, "certificate", cid, allowed=False)
        raise NotFound("certificate", cid)
    return row


async def certificate(deps: Deps, cid: str, principal: Principal) -> CertificateOut:
    async with deps.db.session() as session:
        row = await _visible(session, cid, principal)
        history = await store.history(session, cid)
        travel = await store.travel_totals(session, [cid])
        child = None
        if principal.has(Role.SFR_OPERATOR, Role.PROVIDER):  # the platform operator sees no personal data
            found = await store.child(session, row.child_id)
            child = child_of(found) if found else None
            log_personal_data_access(principal, "certificate", cid, allowed=True)
    return CertificateOut(
        **summary_of(row), child=child, protocol_number=row.protocol_number,
        disability_established_on=row.disability_established_on, value_table_version=row.value_table_version,
        face_values_assumed=row.face_values_assumed, rules_version=row.rules_version,
        allowed_actions=[c.value for c in allowed_commands(State(row.state))], companion=row.companion,
        age_at_reservation=row.reserved_age, estimate_id=row.estimate_id, estimate_kopecks=row.estimate_kopecks,
        start_date=row.start_date, planned_end_date=row.planned_end_date, end_date=row.end_date,
        days_used=row.days_used, termination_reason=row.termination_reason,
        termination_text=row.termination_text, actual_kopecks=row.actual_kopecks, paid_kopecks=row.paid_kopecks,
        released_kopecks=row.released_kopecks, annul_reason=row.annul_reason, travel_kopecks=travel.get(cid, 0),
        history=[HistoryOut.model_validate(h, from_attributes=True) for h in history],
    )


async def listing(deps: Deps, principal: Principal, *, state: State | None, region: str | None,
                  organisation_id: str | None, decided_from: date | None, decided_to: date | None,
                  limit: int, offset: int) -> list[CertificateSummaryOut]:
    """A page of certificates by filter; a provider's list is of its own organisation whatever it asks."""
    scope = provider_scope(principal)
    async with deps.db.session() as session:
        rows = await store.listing(session, state=state.value if state else None, region=region,
                                   organisation_id=scope or organisation_id, decided_from=decided_from,
                                   decided_to=decided_to, limit=limit, offset=offset)
    return [CertificateSummaryOut(**summary_of(r)) for r in rows]


async def travel(deps: Deps, cid: str, principal: Principal) -> list[TravelOut]:
    async with deps.db.session() as session:
        await _visible(session, cid, principal)
        lines = await store.travel_lines(session, cid)
    return [TravelOut.model_validate(line, from_attributes=True) for line in lines]


async def summary(deps: Deps, *, region: str | None, decided_from: date | None,
                  decided_to: date | None) -> dict[str, Any]:
    async with deps.db.session() as session:
        rows = await store.listing(session, region=region, decided_from=decided_from, decided_to=decided_to)
        travel_totals = await store.travel_totals(session)
    items = [ReportItem(
        state=r.state, region=r.region, target_group=group_of(r.main_group), organisation_id=r.organisation_id,
        face_value_max_kopecks=max(r.face_values.values(), default=0), value_kopecks=r.value_kopecks or 0,
        paid_kopecks=r.paid_kopecks or 0, released_kopecks=r.released_kopecks or 0,
        travel_kopecks=travel_totals.get(r.id, 0),
    ) for r in rows]
    return {"region": region, "from": decided_from, "to": decided_to, "period_field": "decided_on",
            "value_table_versions": sorted({r.value_table_version for r in rows}), **summarise(items)}
