"""The settlement acts of a period (with their payment records, as JSON), one certificate's act and the period's payment
registry printed (PDF/A or XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.concurrency import run_in_threadpool

from kria_certificates.documents import payment_registry, settlement_act
from kria_certificates.documents.settlement_act import MEDIA_TYPES, SheetFormat
from kria_certificates.domain.dates import check_period
from kria_certificates.schemas import (
    PaymentRecordOut,
    SettledActOut,
    SettlementOut,
    SettlementsOut,
    SettlementTotalsOut,
)
from kria_certificates.store import repository as store
from kria_certificates.store.models import SettlementActRow
from kria_certificates.usecases import Deps
from kria_shared.contracts.costing import AccompanyingCost, SettlementLine
from kria_shared.errors import NotFound


def settlement_of(a: SettlementActRow) -> SettlementOut:
    return SettlementOut(
        act_id=a.act_id, certificate_id=a.certificate_id, settled_on=a.settled_on, region=a.region,
        organisation_id=a.organisation_id,
        act=SettledActOut(
            target_group=a.target_group, form=a.form, outcome=a.outcome, start_date=a.start_date,
            end_date=a.end_date, days_used=a.days_used, estimate_id=a.estimate_id,
            delivered=[SettlementLine.model_validate(line) for line in a.lines],
            activities_kopecks=a.activities_kopecks, accompanying=AccompanyingCost.model_validate(a.accompanying),
            actual_kopecks=a.actual_kopecks,
        ),
        payment=PaymentRecordOut(payee_organisation_id=a.organisation_id, value_kopecks=a.value_kopecks,
                                 to_pay_kopecks=a.paid_kopecks, released_kopecks=a.released_kopecks),
    )


async def settlements(deps: Deps, *, period_from: date | None, period_to: date | None, region: str | None,
                      organisation_id: str | None, limit: int, offset: int) -> SettlementsOut:
    """A page of the acts settled in [from, to] (either bound open), oldest first, of one organisation when
    given; the totals are of the whole period."""
    async with deps.db.session() as session:
        acts = await store.settlement_acts(session, settled_from=period_from, settled_to=period_to, region=region,
                                           organisation_id=organisation_id)
    totals = SettlementTotalsOut(
        acts=len(acts), value_kopecks=sum(a.value_kopecks for a in acts),
        actual_kopecks=sum(a.actual_kopecks for a in acts), to_pay_kopecks=sum(a.paid_kopecks for a in acts),
        released_kopecks=sum(a.released_kopecks for a in acts))
    return SettlementsOut(settled_from=period_from, settled_to=period_to, region=region, count=len(acts),
                          limit=limit, offset=offset, totals=totals,
                          items=[settlement_of(a) for a in acts[offset:offset + limit]])


@dataclass(frozen=True)
class Printed:
    body: bytes
    media_type: str
    file_name: str


async def act(deps: Deps, certificate_id: str, fmt: SheetFormat, *, organisation_id: str | None) -> Printed:
    """The act of a settled certificate; ``organisation_id`` (a provider) reaches only its own, else absent."""
    async with deps.db.session() as session:
        data = await settlement_act.load(session, deps.config, certificate_id)
    if data is None or (organisation_id is not None and data.organisation_id != organisation_id):
        raise NotFound("settlement_act", certificate_id)
    # off the event loop: a PDF takes tens of milliseconds of CPU, the consumer shares the loop
    body = await run_in_threadpool(settlement_act.render, data, fmt)
    return Printed(body, MEDIA_TYPES[fmt], settlement_act.file_name(data, fmt))


async def registry(deps: Deps, fmt: SheetFormat, *, period_from: date | None, period_to: date | None,
                   region: str | None) -> Printed:
    """The payment registry of the acts settled in [from, to] (either bound open)."""
    check_period(period_from, period_to)
    async with deps.db.session() as session:
        data = await payment_registry.load(session, deps.config, period_from=period_from, period_to=period_to,
                                           region=region)
    body = await run_in_threadpool(payment_registry.render, data, fmt)
    return Printed(body, MEDIA_TYPES[fmt], payment_registry.file_name(data, fmt))
