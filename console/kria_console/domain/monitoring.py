"""The monitoring report's period as the office asks for it, and the figures its table shows (order 525н)."""

from __future__ import annotations

from dataclasses import dataclass

from kria_console.domain.refusals import Refusal

PERIODS = {"h1": "первое полугодие (январь — июнь)", "year": "год"}
# (field of the service's report, its name in the table, is money in kopecks)
ROWS: tuple[tuple[str, str, bool], ...] = (
    ("issued", "Выдано сертификатов", False),
    ("used", "Начато курсов", False),
    ("expired", "Истёк срок", False),
    ("annulled", "Аннулировано", False),
    ("children_served", "Детей получили услуги", False),
    ("completed", "Курсов завершено полностью", False),
    ("ended_early", "Курсов прекращено досрочно", False),
    ("conclusions_signed", "Подписано заключений", False),
    ("effective", "Реабилитация эффективна", False),
    ("ineffective", "Реабилитация неэффективна", False),
    ("reserved_kopecks", "Стоимость начатых курсов", True),
    ("settled_kopecks", "Оплачено по расчётам", True),
    ("released_kopecks", "Высвобождено", True),
)


@dataclass(frozen=True)
class Asked:
    typed: dict[str, str]  # what the person typed, put back in the form
    params: dict[str, str] | None  # the service's query, None when refused
    refused: Refusal | None


def monitoring_query(year: str, period: str, region: str) -> Asked:
    typed = {"year": year.strip()[:4], "period": period.strip() or "year", "region": region.strip()[:2]}
    if not typed["year"]:
        return Asked(typed, None, None)  # the form not sent yet: nothing to refuse
    if not typed["year"].isdigit() or not 2020 <= int(typed["year"]) <= 2100:
        return Asked(typed, None, Refusal("Поле «год»: нужен год из четырёх цифр, например 2026.", "year"))
    if typed["period"] not in PERIODS:
        return Asked(typed, None, Refusal("Поле «период»: выберите полугодие или год.", "period"))
    if typed["region"] and (len(typed["region"]) != 2 or not typed["region"].isdigit()):
        return Asked(typed, None, Refusal("Поле «регион»: нужен двузначный код региона, например 58.", "region"))
    params = {"year": typed["year"], "period": typed["period"]} | ({"region": typed["region"]} if typed["region"]
                                                                   else {})
    return Asked(typed, params, None)
