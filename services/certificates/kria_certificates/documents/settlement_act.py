"""The settlement act of a settled certificate (issue 16.4): gathered from the store, rendered as PDF/A or XLSX.

The act's figures are the ones recorded when the settlement was applied (``settlement.act_of``); the
organisation's name comes from the register. The act carries no personal data: the child is the certificate.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.documents.workbook import new_sheet, roubles, to_bytes
from kria_certificates.domain.settlement_forms import (
    FORMS,
    OUTCOMES,
    ActData,
    ActLine,
    act_document,
    day,
    discrepancies,
    paid_count_of,
)
from kria_certificates.store import repository as store
from kria_certificates.store.models import SettlementActRow
from kria_certificates.usecases.register_office import current
from kria_shared.documents.pdf import to_pdf


class SheetFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


MEDIA_TYPES = {SheetFormat.PDF: "application/pdf",
               SheetFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def organisation_names(session: AsyncSession, config: CertificatesConfig) -> dict[str, str]:
    register = await current(session, config)
    names = {r.organisation_id: r.name for r in register.configured.rows}
    names.update({e.row.organisation_id: e.row.name for e in register.entries})
    return names


def line_of(raw: dict[str, Any]) -> ActLine:
    planned = raw.get("planned")
    delivered, unit, total = int(raw["delivered"]), int(raw["unit_price_kopecks"]), int(raw["total_kopecks"])
    paid = raw.get("paid_count")
    return ActLine(str(raw["direction"]), str(raw["activity_type"]), str(raw["delivery"]),
                   None if planned is None else int(planned), delivered,
                   int(paid) if paid is not None else paid_count_of(delivered, planned, unit, total), unit, total)


def act_data(row: SettlementActRow, protocol_number: str, names: dict[str, str]) -> ActData:
    acc = row.accompanying or {}
    return ActData(
        act_number=row.act_id, act_date=row.settled_on, certificate_id=row.certificate_id,
        protocol_number=protocol_number, region=row.region, organisation_id=row.organisation_id,
        organisation_name=names.get(row.organisation_id, ""), target_group=row.target_group, form=row.form,
        outcome=row.outcome, start_date=row.start_date, end_date=row.end_date, days_used=row.days_used,
        estimate_id=row.estimate_id, lines=tuple(line_of(raw) for raw in row.lines),
        activities_kopecks=row.activities_kopecks, accompanying_days=int(acc.get("days", 0)),
        per_day_kopecks=int(acc.get("per_day_kopecks", 0)), accompanying_kopecks=int(acc.get("total_kopecks", 0)),
        actual_kopecks=row.actual_kopecks, value_kopecks=row.value_kopecks, paid_kopecks=row.paid_kopecks,
        released_kopecks=row.released_kopecks,
    )


async def load(session: AsyncSession, config: CertificatesConfig, certificate_id: str) -> ActData | None:
    row = (await session.exec(select(SettlementActRow).where(SettlementActRow.certificate_id == certificate_id))
           ).first()
    if row is None:
        return None
    cert = await store.certificate(session, certificate_id)
    return act_data(row, cert.protocol_number if cert else "", await organisation_names(session, config))


def to_xlsx(a: ActData) -> bytes:
    wb, s = new_sheet("Акт", (6, 48, 11, 11, 13, 16, 18))
    s.add(f"Акт оказанных услуг № {a.act_number} от {day(a.act_date)}", bold=True)
    for label, value in (
        ("Исполнитель (организация)", f"{a.organisation_name} ({a.organisation_id})".strip()),
        ("Номер электронного сертификата", a.certificate_id), ("Протокол МСЭ", a.protocol_number),
        ("Регион (код)", a.region), ("Целевая реабилитационная группа", a.target_group),
        ("Форма обслуживания", FORMS.get(a.form, a.form)),
        ("Сроки курса", f"с {day(a.start_date)} по {day(a.end_date)}"), ("Дней курса", a.days_used),
        ("Итог курса", OUTCOMES.get(a.outcome, a.outcome)), ("Смета", a.estimate_id),
    ):
        s.add("", label, value)
    s.add()
    s.add("№", "Услуга (направление: мероприятие, форма)", "По плану", "Оказано", "К оплате, ед.",
          "Цена за ед., руб.", "Сумма, руб.", bold=True)
    for i, line in enumerate(a.lines, 1):
        s.add(i, line.service(), line.planned, line.delivered, line.paid_count, roubles(line.unit_price_kopecks),
              roubles(line.total_kopecks))
    s.add()
    for label, kopecks in (
        ("Стоимость мероприятий (сумма строк)", a.activities_kopecks),
        (f"Сопровождение: {a.accompanying_days} дн. × {roubles(a.per_day_kopecks)} руб.", a.accompanying_kopecks),
        ("Фактическая стоимость курса", a.actual_kopecks), ("Номинал сертификата", a.value_kopecks),
        ("К оплате организации (меньшее из фактической стоимости и номинала)", a.paid_kopecks),
        ("Высвобождается на сертификат (номинал − к оплате)", a.released_kopecks),
    ):
        s.add("", label, None, None, None, None, roubles(kopecks), bold=label.startswith("К оплате"))
    for problem in discrepancies(a):
        s.add("", f"Расхождение: {problem}")
    return to_bytes(wb)


def render(a: ActData, fmt: SheetFormat) -> bytes:
    return to_pdf(act_document(a)) if fmt is SheetFormat.PDF else to_xlsx(a)


def file_name(a: ActData, fmt: SheetFormat) -> str:
    return f"akt-{a.act_number}.{fmt.value}"
