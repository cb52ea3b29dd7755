"""The period's payment registry for the СФР office (issue 16.4): every payment record settled in the period,
totals per organisation and overall; PDF/A or XLSX. The period is the Moscow date of the settlement."""

from __future__ import annotations

from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.documents.settlement_act import SheetFormat, organisation_names
from kria_certificates.documents.workbook import new_sheet, roubles, to_bytes
from kria_certificates.domain.settlement_forms import (
    Registry,
    RegistryEntry,
    day,
    organisation_label,
    registry_document,
    registry_number,
)
from kria_certificates.store import repository as store
from kria_shared.documents.pdf import to_pdf


async def load(session: AsyncSession, config: CertificatesConfig, *, period_from: date | None,
               period_to: date | None, region: str | None) -> Registry:
    acts = await store.settlement_acts(session, settled_from=period_from, settled_to=period_to, region=region,
                                       organisation_id=None)
    names = await organisation_names(session, config)
    return Registry(period_from, period_to, region, tuple(
        RegistryEntry(a.organisation_id, names.get(a.organisation_id, ""), a.certificate_id, a.act_id,
                      a.settled_on, a.paid_kopecks) for a in acts))


def number(r: Registry) -> str:
    return registry_number(r.period_from, r.period_to, r.region)


def to_xlsx(r: Registry) -> bytes:
    wb, s = new_sheet("Реестр платежей", (6, 44, 30, 34, 18))
    s.add(f"Реестр платежей организациям № {number(r)}", bold=True)
    s.add("", "Период (дата расчёта)", r.period_text())
    s.add("", "Субъект Российской Федерации (код)", r.region or "все субъекты пилотного проекта")
    s.add()
    s.add("№", "Организация", "Номер сертификата", "Акт (номер, дата)", "Сумма к оплате, руб.", bold=True)
    for i, e in enumerate(r.ordered(), 1):
        s.add(i, organisation_label(e.organisation_name, e.organisation_id), e.certificate_id,
              f"{e.act_number} от {day(e.act_date)}", roubles(e.amount_kopecks))
    s.add()
    s.add("", "Итоги по организациям", "Платежей", "", "Сумма, руб.", bold=True)
    for t in r.by_organisation():
        s.add("", organisation_label(t.organisation_name, t.organisation_id), t.payments, "",
              roubles(t.amount_kopecks))
    s.add("", "Всего", len(r.entries), "", roubles(r.total_kopecks()), bold=True)
    return to_bytes(wb)


def render(r: Registry, fmt: SheetFormat) -> bytes:
    return to_pdf(registry_document(r, number(r))) if fmt is SheetFormat.PDF else to_xlsx(r)


def file_name(r: Registry, fmt: SheetFormat) -> str:
    span = "-".join(d.isoformat() for d in (r.period_from, r.period_to) if d) or "all"
    return f"reestr-platezhey-{r.region or 'all'}-{span}.{fmt.value}"
