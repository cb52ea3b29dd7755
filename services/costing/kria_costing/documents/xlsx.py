"""The прейскурант as an XLSX workbook (openpyxl), in Russian.

Sheets: the inputs ("Исходные данные"); the derivation ("Расчёт"), where every computed cell is a formula over
the inputs (or writes its inputs into the formula), so a person can recompute any figure; one sheet per ЦРГ and
form with the prices and the full-course totals as the system computed them.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kria_costing.documents import names

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INPUTS = "Исходные данные"
DERIVATION = "Расчёт"
BOLD = Font(bold=True)


def num(text: Any) -> float | int:
    """A decimal text of the documents as a number for a cell (integers stay integers)."""
    value = Decimal(str(text))
    return int(value) if value == value.to_integral_value() else float(value)


def ref(sheet: str, cell: str) -> str:
    return f"'{sheet}'!{cell}"


def sheet_name(group: str, form: str) -> str:
    return f"ЦРГ {group} {names.FORMS_SHORT[form]}"


class Sheet:
    """Appends rows to a worksheet and remembers where things are."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0

    def add(self, *values: Any, bold: bool = False) -> int:
        self.row += 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=col, value=value)
            if bold:
                cell.font = BOLD
        return self.row

    def title(self, text: str) -> None:
        self.add()
        self.add(text, bold=True)


def workbook_bytes(doc: dict[str, Any]) -> bytes:
    wb = Workbook()
    inputs = Sheet(wb.active)
    inputs.ws.title = INPUTS
    cells = _inputs(inputs, doc)
    derivation = Sheet(wb.create_sheet(DERIVATION))
    price_cells = _derivation(derivation, doc, cells)
    for (group, form), rows in _by_group_and_form(doc).items():
        _group_sheet(Sheet(wb.create_sheet(sheet_name(group, form))), doc, group, form, rows, price_cells)
    for ws in wb.worksheets:
        for col in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(col)].width = 16 if col > 1 else 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header(s: Sheet, doc: dict[str, Any], what: str) -> None:
    inputs = doc["inputs"]
    s.add(f"Прейскурант цен на услуги по комплексной реабилитации и абилитации детей-инвалидов — {what}", bold=True)
    s.add(inputs.get("organisation_name") or doc["organisation_id"])
    s.add("Версия", doc["version"], "Статус", "утверждён" if doc["status"] == "approved" else "проект")
    if doc["order_number"]:
        s.add("Утверждён приказом", f"№ {doc['order_number']} от {doc['order_date']}",
              "Вступает в силу", doc["effective_from"])
    s.add("Порядок расчёта", "приказ Минтруда Пензенской области от 04.02.2026 № 18-62")


def _inputs(s: Sheet, doc: dict[str, Any]) -> dict[str, Any]:
    """The normalisation as posted; returns where the cells that formulas refer to are."""
    i = doc["inputs"]
    _header(s, doc, "исходные данные")
    cells: dict[str, Any] = {"specialist": {}, "premises": {}, "ration": None}
    s.title("Общие показатели")
    cells["accruals"] = f"B{s.add('Страховые взносы (доля)', num(i['accruals_rate']))}"
    cells["territorial"] = f"B{s.add('Территориальный коэффициент', num(i['territorial_coefficient']))}"
    s.add("Рабочих дней в году", i["working_days_per_year"])
    s.title("Специалисты, непосредственно оказывающие услуги (п. 3)")
    s.add("Код", "Должность", "Оклад в месяц, руб.", "Годовой фонд рабочего времени, ч",
          "Стоимость часа, руб.", bold=True)
    for code, sp in i["specialists"].items():
        r = s.row + 1
        s.add(code, sp["title"], num(sp["monthly_salary_rub"]), num(sp["annual_work_hours"]),
              f"=C{r}*12*(1+{cells['accruals']})/D{r}")
        cells["specialist"][code] = f"E{r}"
    s.title("Административно-управленческий и вспомогательный персонал")
    s.add("Должность", "Вид", "Оклад в месяц, руб.", "Ставок", "Затраты в год, руб.", bold=True)
    first = s.row + 1
    for kind, key in (("administrative", "administrative_staff"), ("support", "support_staff")):
        for st in i.get(key, []):
            r = s.row + 1
            s.add(st["title"], names.STAFF_KINDS[kind], num(st["monthly_salary_rub"]), num(st["positions"]),
                  f"=C{r}*12*(1+{cells['accruals']})*D{r}")
    cells["staff_annual"] = f"SUM(E{first}:E{max(first, s.row)})" if s.row >= first else "0"
    s.title("Затраты на содержание помещений в год, руб. (коммунальные услуги, содержание имущества, связь)")
    for form, items in i["premises_annual_rub"].items():
        first = s.row + 1
        for item, rub in items.items():
            s.add(names.FORMS[form], item, num(rub))
        cells["premises"][form] = f"SUM(C{first}:C{s.row})" if s.row >= first else "0"
    s.title("Нормы времени, мин")
    for kind, by in i["time_norms_minutes"].items():
        for delivery, minutes in by.items():
            s.add(names.ACTIVITIES[kind], names.DELIVERIES[delivery], minutes)
    for kind, by in i.get("time_norms_minutes_4_6", {}).items():
        for delivery, minutes in by.items():
            s.add(names.ACTIVITIES[kind], f"{names.DELIVERIES[delivery]}, 4–6 лет", minutes)
    s.title("Наполняемость групп, детей")
    for kind, size in i.get("group_sizes", {}).items():
        s.add(names.ACTIVITIES[kind], size)
    s.title("Материальные запасы по рыночным ценам (п. 5)")
    s.add("Наименование", "Цена, руб.", "Количество на услугу", "Основание цены", "Источник цены", "ЦРГ", bold=True)
    for m in i.get("materials", []):
        s.add(m["item"], num(m["unit_price_rub"]), num(m["quantity_per_service"]),
              names.PRICE_BASIS[m.get("price_basis", "identical")], m.get("price_source") or "",
              ", ".join(m.get("groups") or []) or "все")
    s.title("Планируемое количество детей")
    s.add("ЦРГ", "Форма", "Возраст", "Детей", bold=True)
    for p in i.get("planned_children", []):
        s.add(p["group"], names.FORMS[p["form"]], p["age_band"], p["children"])
    _accompanying_inputs(s, i["accompanying"], cells)
    return cells


def _accompanying_inputs(s: Sheet, a: dict[str, Any], cells: dict[str, Any]) -> None:
    meals, bed = a["meals"], a["accommodation"]
    s.title("Питание: суточный рацион по возрастным группам и рыночные цены (пп. 5, 7.2, 7.3)")
    s.add("Продукт", "Ед.", "Цена за ед., руб.", "4–6 лет", "7–17 лет", "Сопровождающий", "Основание цены",
          "Источник цены", bold=True)
    first = s.row + 1
    for item in meals["ration"]:
        q = item["per_day"]
        s.add(item["product"], item["unit"], num(item["price_rub"]), num(q.get("4-6", 0)), num(q.get("7-17", 0)),
              num(q.get("companion", 0)), names.PRICE_BASIS[item["price_basis"]], item["price_source"])
    cells["ration"] = (first, s.row)
    cells["semi_share"] = f"B{s.add('Доля рациона в полустационарной форме', num(meals['semi_inpatient_share']))}"
    cells["ration_days"] = f"B{s.add('Плановое число суточных рационов в год', meals['planned_ration_days'])}"
    s.add("Работники пищеблока", "Оклад в месяц, руб.", "Ставок", "Затраты в год, руб.", bold=True)
    first = s.row + 1
    for st in meals.get("kitchen_staff", []):
        r = s.row + 1
        s.add(st["title"], num(st["monthly_salary_rub"]), num(st["positions"]),
              f"=B{r}*12*(1+{cells['accruals']})*C{r}")
    cells["kitchen_annual"] = f"SUM(D{first}:D{s.row})" if s.row >= first else "0"
    s.title("Проживание: стоимость койко-дня (пп. 7.4, 7.5)")
    cells["upkeep"] = f"B{s.add('Содержание спальных помещений в год, руб.', num(bed['premises_upkeep_rub']))}"
    cells["utilities"] = f"B{s.add('Коммунальные услуги спальных помещений в год, руб.', num(bed['utilities_rub']))}"
    cells["linen"] = f"B{s.add('Мягкий инвентарь и стирка в год, руб.', num(bed['linen_rub']))}"
    cells["bed_days"] = f"B{s.add('Плановое число койко-дней в год', bed['planned_bed_days'])}"
    s.add("Персонал проживания", "Оклад в месяц, руб.", "Ставок", "Затраты в год, руб.", bold=True)
    first = s.row + 1
    for st in bed.get("staff", []):
        r = s.row + 1
        s.add(st["title"], num(st["monthly_salary_rub"]), num(st["positions"]),
              f"=B{r}*12*(1+{cells['accruals']})*C{r}")
    cells["bed_staff_annual"] = f"SUM(D{first}:D{s.row})" if s.row >= first else "0"


def _derivation(s: Sheet, doc: dict[str, Any], cells: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """Formulas from the inputs to every price; returns where each price's formula is."""
    d = doc["derivation"]
    o = d["overhead"]
    _header(s, doc, "расчёт")
    s.add("Округление", "до копейки, половина вверх, в цене за единицу; промежуточные величины точные")
    s.title("Накладные затраты (п. 3)")
    def put(label: str, value: Any) -> str:
        return f"B{s.add(label, value)}"

    admin = put("Административный и вспомогательный персонал в год, руб.", "=" + ref_sum(cells["staff_annual"]))
    direct_total = put("Прямые затраты на оплату труда специалистов в год, руб.", num(o["direct_annual_labour_rub"]))
    s.add("", "часы специалистов × стоимость часа по плановому числу детей (см. лист ЦРГ)")
    admin_rate = put("Доля административного и вспомогательного персонала", f"={admin}/{direct_total}")
    rate_cells = {}
    for form in ("semi_inpatient", "inpatient"):
        name = names.FORMS[form]
        direct = put(f"Прямые затраты на оплату труда, {name}, руб.", num(o["direct_by_form_rub"][form]))
        premises = put(f"Содержание помещений в год, {name}, руб.", "=" + ref_sum(cells["premises"][form]))
        premises_rate = put(f"Доля содержания помещений, {name}", f"=IF({direct}=0,0,{premises}/{direct})")
        rate_cells[form] = put(f"Накладные, всего, {name}", f"={admin_rate}+{premises_rate}")
    s.title("Цена единицы услуги")
    s.add("ЦРГ", "Форма", "Направление", "Вид мероприятия", "Форма предоставления", "Возраст", "Мин", "Детей в группе",
          "Оплата труда, руб.", "Материалы, руб.", "Накладные (доля)", "Терр. коэф.", "Затраты точно, руб.",
          "Цена, руб. (формула)", "Цена, руб. (система)", bold=True)
    where: dict[tuple[str, str, str], str] = {}
    for p in d["prices"]:
        r = s.row + 1
        labour = "+".join(f"{ref(INPUTS, cells['specialist'][sp['code']])}*G{r}/60/H{r}" for sp in p["specialists"])
        materials = "+".join(f"{num(m['unit_price_rub'])}*{num(m['quantity'])}" for m in p["materials"]) or "0"
        s.add(p["group"], names.FORMS[p["form"]], names.DIRECTIONS[p["direction"]],
              names.ACTIVITIES[p["activity_type"]], names.DELIVERIES[p["delivery"]],
              names.ages_of_price(p.get("ages")), p["minutes"], p["group_size"],
              f"={labour}", f"={materials}", f"={rate_cells[p['form']]}", f"={ref(INPUTS, cells['territorial'])}",
              f"=(I{r}+J{r})*(1+K{r})*L{r}", f"=ROUND(M{r},2)", num(p["unit_price_rub"]))
        where[(p["group"], p["form"], _line_id(p))] = f"N{r}"
    _accompanying_derivation(s, cells)
    return where


def ref_sum(expr: str) -> str:
    return expr if expr == "0" else expr.replace("SUM(", f"SUM('{INPUTS}'!", 1)


def _accompanying_derivation(s: Sheet, cells: dict[str, Any]) -> None:
    first, last = cells["ration"]
    s.title("Сопутствующие услуги в день, руб.")
    kitchen_formula = "=" + ref_sum(cells["kitchen_annual"])
    kitchen = f"B{s.add('Пищеблок в год, руб.', kitchen_formula)}"
    days = ref(INPUTS, cells["ration_days"])
    per_day = f"B{s.add('Пищеблок на суточный рацион, руб.', f'={kitchen}/{days}')}"
    prices = ref(INPUTS, f"C{first}:C{last}")
    share = ref(INPUTS, cells["semi_share"])
    for eater, col in (("4-6", "D"), ("7-17", "E"), ("companion", "F")):
        quantities = ref(INPUTS, f"{col}{first}:{col}{last}")
        food = f"B{s.add('Продукты суточного рациона: ' + names.EATERS[eater], f'=SUMPRODUCT({prices},{quantities})')}"
        s.add(f"Питание в день, стационарная форма: {names.EATERS[eater]}", f"=ROUND({food}+{per_day},2)")
        if eater != "companion":
            s.add(f"Питание в день, полустационарная форма: {names.EATERS[eater]}",
                  f"=ROUND(({food}+{per_day})*{share},2)")
    parts = "+".join(ref(INPUTS, cells[k]) for k in ("upkeep", "utilities", "linen"))
    staff_formula = "=" + ref_sum(cells["bed_staff_annual"])
    staff = f"B{s.add('Персонал проживания в год, руб.', staff_formula)}"
    s.add("Стоимость койко-дня (ребёнок, сопровождающий), руб.",
          f"=ROUND(({parts}+{staff})/{ref(INPUTS, cells['bed_days'])},2)")


def _line_id(p: dict[str, Any]) -> str:
    return f"{p['direction']}/{p['activity_type']}/{p['delivery']}|{p.get('ages') or ''}"


def _by_group_and_form(doc: dict[str, Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in doc["derivation"]["prices"]:
        out.setdefault((p["group"], p["form"]), []).append(p)
    return out


def _group_sheet(s: Sheet, doc: dict[str, Any], group: str, form: str, rows: list[dict[str, Any]],
                 price_cells: dict[tuple[str, str, str], str]) -> None:
    d = doc["derivation"]
    _header(s, doc, f"ЦРГ {group}, {names.FORMS[form]}")
    standard = next((st for st in d.get("standards", []) if st["group"] == group), None)
    if standard is not None:
        origin = ("ПРОИЗВОДНЫЙ стандарт (опубликованный не найден): " if standard["derived"]
                  else f"Стандарт ({standard['year']}): ")
        s.add("Стандарт", origin + standard["source"])
    counts = {(c["direction"], c["activity_type"], c["delivery"]): c for c in _standard_counts(d, group)}
    s.add("Направление", "Вид мероприятия", "Форма предоставления", "Возраст", "Мин", "Цена за единицу, руб.",
          "Проверка (лист «Расчёт»)", "Кол-во до 14 (среднее)", "Диапазон до 14", "Кол-во 14–17 (среднее)",
          "Диапазон 14–17", bold=True)
    for p in rows:
        c = counts.get((p["direction"], p["activity_type"], p["delivery"]), {})
        s.add(names.DIRECTIONS[p["direction"]], names.ACTIVITIES[p["activity_type"]], names.DELIVERIES[p["delivery"]],
              names.ages_of_price(p.get("ages")), p["minutes"], num(p["unit_price_rub"]),
              f"={ref(DERIVATION, price_cells[(group, form, _line_id(p))])}",
              c.get("under_14", ""), c.get("under_14_range", ""), c.get("from_14", ""), c.get("from_14_range", ""))
    s.title("Стоимость курса (21 день) по усреднённому набору мероприятий, руб.")
    s.add("Возраст", "Сопровождающий", "Мероприятий", "Мероприятия, руб.", "Сопутствующие в день, руб.",
          "Сопутствующие за курс, руб.", "Итого, руб.", bold=True)
    for t in d["course_totals"]:
        if t["group"] != group or t["form"] != form:
            continue
        s.add(names.AGES.get(t["ages"], t["ages"]), "да" if t["companion"] else "нет", t["activities"],
              t["course_kopecks"] / 100, t["per_day_kopecks"] / 100, t["accompanying_kopecks"] / 100,
              t["total_kopecks"] / 100)
    s.title("Плановая численность специалистов по направлениям (пп. 3.1, 3.4)")
    s.add("Направление", "Специалист", "Детей в год", "Услуг в год", "Часов (дети)", "Часов (специалист)",
          "Ставок", bold=True)
    for dl in d.get("direction_loads", []):
        if dl["group"] == group:
            s.add(names.DIRECTIONS[dl["direction"]], dl["specialist"], dl["children"], dl["services"],
                  num(dl["child_hours"]), num(dl["specialist_hours"]), num(dl["positions"]))


def _standard_counts(d: dict[str, Any], group: str) -> list[dict[str, Any]]:
    return [c for c in d.get("standard_counts", []) if c["group"] == group]
