"""The settlement act (акт оказанных услуг) of a settled certificate and the period's payment registry
(реестр платежей) for the СФР office, as printable documents (issue 16.4). Pure: data in, block model out.

The figures are costing's settlement, as recorded with the act; the documents show how each follows from the
lines so a person can check them by hand (order 18-62 item 8): a line's sum = paid count × unit price, where the
paid count = min(delivered, planned); actual cost = Σ lines + accompanying days × per day; to pay =
min(actual cost, certificate value); released = value − to pay. A figure that does not follow is printed as a
discrepancy, never corrected. Amounts are integer kopecks; printed as рубли and копейки.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kria_shared.documents import Block, Document, Field, Heading, Note, Paragraph, SignatureBlock, Table

DIRECTIONS = {"social_household": "социально-бытовая", "social_environmental": "социально-средовая",
              "social_pedagogical": "социально-педагогическая", "social_psychological": "социально-психологическая",
              "sociocultural": "социокультурная", "career_guidance": "профориентация",
              "adaptive_pe": "адаптивная физическая культура"}
ACTIVITY_TYPES = {"diagnostics_primary": "первичная диагностика", "diagnostics_control": "контрольная диагностика",
                  "informing": "информирование", "counselling": "консультирование",
                  "practical": "практическое занятие", "training": "тренинг",
                  "legal_counselling": "правовое консультирование", "leisure": "досуговое мероприятие",
                  "education": "обучение", "professional_selection": "профессиональный подбор"}
DELIVERIES = {"individual": "индивидуально", "group": "в группе"}
FORMS = {"semi_inpatient": "полустационарная", "inpatient": "стационарная"}
OUTCOMES = {"completed": "курс завершён", "terminated_early": "курс прекращён досрочно"}
ASSUMED_LAYOUT = ("Макет документа принят проектом КРиА (допущение): утверждённая форма для пилотного проекта "
                  "не опубликована. Суммы — по расчёту службы стоимости (приказ 18-62, п. 8).")


def rubles(kopecks: int) -> str:
    """12345678 -> '123 456 руб. 78 коп.' (every space a no-break one, so an amount never wraps in a cell)."""
    sign = "−" if kopecks < 0 else ""
    rub, kop = divmod(abs(kopecks), 100)
    return f"{sign}{rub:,}".replace(",", "\u00a0") + f"\u00a0руб.\u00a0{kop:02d}\u00a0коп."


def day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


@dataclass(frozen=True)
class ActLine:
    direction: str
    activity_type: str
    delivery: str
    planned: int | None  # None: an event from before the act recorded it
    delivered: int
    paid_count: int
    unit_price_kopecks: int
    total_kopecks: int

    def service(self) -> str:
        return (f"{DIRECTIONS.get(self.direction, self.direction)}: "
                f"{ACTIVITY_TYPES.get(self.activity_type, self.activity_type)}, "
                f"{DELIVERIES.get(self.delivery, self.delivery)}")


@dataclass(frozen=True)
class ActData:
    act_number: str
    act_date: date
    certificate_id: str
    protocol_number: str  # the MSE protocol the certificate was issued on (no personal data)
    region: str
    organisation_id: str
    organisation_name: str
    target_group: str
    form: str
    outcome: str
    start_date: date | None
    end_date: date | None
    days_used: int | None
    estimate_id: str
    lines: tuple[ActLine, ...]
    activities_kopecks: int
    accompanying_days: int
    per_day_kopecks: int
    accompanying_kopecks: int
    actual_kopecks: int
    value_kopecks: int
    paid_kopecks: int
    released_kopecks: int


def paid_count_of(delivered: int, planned: int | None, unit_price_kopecks: int, total_kopecks: int) -> int:
    """The count paid; for an event without it, min(delivered, planned) or else the line's sum ÷ its price."""
    if planned is not None:
        return min(delivered, planned)
    return total_kopecks // unit_price_kopecks if unit_price_kopecks else 0


def discrepancies(a: ActData) -> tuple[str, ...]:
    """Every figure of the act that does not follow from the others (empty for a consistent act)."""
    out = []
    for i, line in enumerate(a.lines, 1):
        if line.paid_count * line.unit_price_kopecks != line.total_kopecks:
            out.append(f"строка {i}: {line.paid_count} × {rubles(line.unit_price_kopecks)} ≠ "
                       f"{rubles(line.total_kopecks)}")
    if (lines := sum(line.total_kopecks for line in a.lines)) != a.activities_kopecks:
        out.append(f"сумма строк {rubles(lines)} ≠ стоимости мероприятий {rubles(a.activities_kopecks)}")
    if a.accompanying_days * a.per_day_kopecks != a.accompanying_kopecks:
        out.append(f"сопровождение: {a.accompanying_days} × {rubles(a.per_day_kopecks)} ≠ "
                   f"{rubles(a.accompanying_kopecks)}")
    if a.activities_kopecks + a.accompanying_kopecks != a.actual_kopecks:
        out.append(f"мероприятия + сопровождение ≠ фактической стоимости {rubles(a.actual_kopecks)}")
    if a.paid_kopecks != min(a.actual_kopecks, a.value_kopecks):
        out.append(f"к оплате {rubles(a.paid_kopecks)} ≠ меньшей из фактической стоимости и номинала")
    if a.released_kopecks != a.value_kopecks - a.paid_kopecks:
        out.append(f"высвобождено {rubles(a.released_kopecks)} ≠ номинал − к оплате")
    return tuple(out)


def act_document(a: ActData) -> Document:
    lines = tuple((str(i), line.service(), "—" if line.planned is None else str(line.planned), str(line.delivered),
                   str(line.paid_count), rubles(line.unit_price_kopecks), rubles(line.total_kopecks))
                  for i, line in enumerate(a.lines, 1))
    blocks: list[Block] = [
        Field("Дата акта", day(a.act_date)),
        Field("Исполнитель (организация)", f"{a.organisation_name or a.organisation_id} "
                                           f"(идентификатор {a.organisation_id})"),
        Field("Плательщик", f"Отделение Фонда пенсионного и социального страхования Российской Федерации "
                            f"по субъекту Российской Федерации с кодом {a.region}"),
        Heading("Сертификат и курс"),
        Field("Номер электронного сертификата", a.certificate_id),
        Field("Протокол МСЭ, по которому выдан сертификат", a.protocol_number),
        Field("Целевая реабилитационная группа", a.target_group),
        Field("Форма обслуживания", FORMS.get(a.form, a.form)),
        Field("Сроки курса", f"с {day(a.start_date)} по {day(a.end_date)}"
                             + (f", дней: {a.days_used}" if a.days_used is not None else "")),
        Field("Итог курса", OUTCOMES.get(a.outcome, a.outcome)),
        Field("Смета", a.estimate_id),
        Heading("Оказанные услуги"),
        Table(("№", "Услуга (направление: мероприятие, форма)", "По плану", "Оказано", "К оплате, ед.",
               "Цена за ед.", "Сумма"), lines or (("—", "мероприятий не оказано", "", "", "", "", ""),)),
        Note("К оплате принимается не больше запланированного числа мероприятий: «К оплате, ед.» = меньшее из "
             "«Оказано» и «По плану»; «Сумма» = «К оплате, ед.» × «Цена за ед.»; мероприятия вне плана "
             "показаны с ценой 0."),
        Heading("Расчёт"),
        Table(("Показатель", "Расчёт", "Сумма"), (
            ("Стоимость мероприятий", "сумма строк таблицы", rubles(a.activities_kopecks)),
            ("Сопровождение", f"{a.accompanying_days} дн. × {rubles(a.per_day_kopecks)}",
             rubles(a.accompanying_kopecks)),
            ("Фактическая стоимость курса", "мероприятия + сопровождение", rubles(a.actual_kopecks)),
            ("Номинал сертификата", "по выбранной форме обслуживания", rubles(a.value_kopecks)),
            ("К оплате организации", "меньшее из фактической стоимости и номинала", rubles(a.paid_kopecks)),
            ("Высвобождается на сертификат", "номинал − к оплате", rubles(a.released_kopecks)),
        )),
        Paragraph(f"Итого к оплате организации: {rubles(a.paid_kopecks)}"),
    ]
    problems = discrepancies(a)
    if problems:
        blocks.append(Heading("Расхождения в расчёте"))
        blocks.extend(Paragraph(p) for p in problems)
    blocks += [
        Note("Персональные данные ребёнка в акт не включены: ребёнок определяется номером сертификата."),
        Note(ASSUMED_LAYOUT),
        SignatureBlock("Руководитель организации (исполнитель)"),
        SignatureBlock("Представитель отделения СФР (плательщик)"),
    ]
    return Document(title="Акт оказанных услуг по комплексной реабилитации и абилитации",
                    number=f"№ {a.act_number}", blocks=tuple(blocks),
                    header=("Пилотный проект: комплексная реабилитация и абилитация детей-инвалидов "
                            "по электронному сертификату",),
                    keywords=("КРиА", "акт", a.act_number, a.certificate_id))


@dataclass(frozen=True)
class RegistryEntry:
    organisation_id: str
    organisation_name: str
    certificate_id: str
    act_number: str
    act_date: date
    amount_kopecks: int  # to pay


@dataclass(frozen=True)
class OrganisationTotal:
    organisation_id: str
    organisation_name: str
    payments: int
    amount_kopecks: int


@dataclass(frozen=True)
class Registry:
    period_from: date | None
    period_to: date | None
    region: str | None
    entries: tuple[RegistryEntry, ...]

    def by_organisation(self) -> tuple[OrganisationTotal, ...]:
        totals: dict[str, OrganisationTotal] = {}
        for e in self.entries:
            t = totals.get(e.organisation_id, OrganisationTotal(e.organisation_id, e.organisation_name, 0, 0))
            totals[e.organisation_id] = OrganisationTotal(t.organisation_id, t.organisation_name, t.payments + 1,
                                                          t.amount_kopecks + e.amount_kopecks)
        return tuple(sorted(totals.values(), key=lambda t: t.organisation_id))

    def total_kopecks(self) -> int:
        return sum(e.amount_kopecks for e in self.entries)

    def ordered(self) -> tuple[RegistryEntry, ...]:
        """Grouped by organisation (as the totals), then by act date and number."""
        return tuple(sorted(self.entries, key=lambda e: (e.organisation_id, e.act_date, e.act_number)))

    def period_text(self) -> str:
        return f"с {day(self.period_from)} по {day(self.period_to)}" if self.period_from or self.period_to \
            else "все периоды"


def organisation_label(name: str, organisation_id: str) -> str:
    return f"{name} ({organisation_id})" if name else organisation_id


def registry_document(r: Registry, number: str) -> Document:
    rows: list[tuple[str, ...]] = []
    n = 0
    for org in r.by_organisation():
        for e in (e for e in r.ordered() if e.organisation_id == org.organisation_id):
            n += 1
            rows.append((str(n), organisation_label(e.organisation_name, e.organisation_id), e.certificate_id,
                         f"{e.act_number} от {day(e.act_date)}", rubles(e.amount_kopecks)))
        rows.append(("", f"Итого по организации {org.organisation_id}", f"платежей: {org.payments}", "",
                     rubles(org.amount_kopecks)))
    blocks: list[Block] = [
        Field("Период (дата расчёта)", r.period_text()),
        Field("Субъект Российской Федерации (код)", r.region or "все субъекты пилотного проекта"),
        Field("Платежей", str(len(r.entries))),
        Field("Сумма к перечислению", rubles(r.total_kopecks())),
        Heading("Платежи"),
        Table(("№", "Организация", "Номер сертификата", "Акт", "Сумма к оплате"),
              tuple(rows) or (("—", "платежей за период нет", "", "", ""),)),
        Heading("Итоги по организациям"),
        Table(("Организация", "Платежей", "Сумма"),
              (*((organisation_label(t.organisation_name, t.organisation_id), str(t.payments),
                  rubles(t.amount_kopecks)) for t in r.by_organisation()),
               ("Всего", str(len(r.entries)), rubles(r.total_kopecks())))),
        Note("Сумма к оплате по каждому акту — меньшее из фактической стоимости курса и номинала сертификата; "
             "остаток номинала высвобождается на сертификат и в реестр не входит."),
        Note(ASSUMED_LAYOUT),
        SignatureBlock("Ответственный специалист отделения СФР"),
    ]
    return Document(title="Реестр платежей организациям по электронным сертификатам", number=f"№ {number}",
                    blocks=tuple(blocks),
                    header=("Пилотный проект: комплексная реабилитация и абилитация детей-инвалидов "
                            "по электронному сертификату",),
                    keywords=("КРиА", "реестр платежей", number))


def registry_number(period_from: date | None, period_to: date | None, region: str | None) -> str:
    """A registry's number says what it covers, so the same request always gives the same number."""
    span = f"{period_from.isoformat() if period_from else 'начало'}—{period_to.isoformat() if period_to else 'конец'}"
    return f"РП-{region or 'все'}-{span}"
