"""The price list document as rich tables for an economist's terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from kria_costing.domain.money import rubles_text


def show(document: dict[str, Any], inputs: dict[str, Any], console: Console) -> None:
    console.rule(f"[bold]Прейскурант: {inputs.get('organisation_name') or 'организация'} {inputs.get('period') or ''}")
    console.print(f"standards {document['standards_version']}; course {document['course_days']} days")
    console.print("method:", *[f"  {line}" for line in document["method"]], f"rounding: {document['rounding']}",
                  sep="\n")
    console.print(_table("Specialists: hourly cost", ["code", "title", "hourly cost, RUB", "computation"],
                         [[s["code"], s["title"], s["hourly_cost_rub"], s["computation"]]
                          for s in document["specialists"]]))
    console.print(_table("Staffing for the planned children", [
        "code", "annual hours", "positions", "staffed", "work h/day", "avg min", "services/day"], [
        [f["code"], f["annual_hours"], f["positions"], f["staffed_positions"], f["daily_work_hours"],
         f["average_service_minutes"] or "-", str(f["services_per_day"] or "-")] for f in document["staffing"]]))
    o = document["overhead"]
    console.print(_table("Administrative and support staff", ["title", "kind", "positions", "annual cost, RUB"],
                         [[s["title"], s["kind"], s["positions"], s["annual_cost_rub"]] for s in o["staff"]]))
    console.print(_table("Planned work per ЦРГ and direction (items 3.1, 3.4)", [
        "ЦРГ", "direction", "specialist", "children", "services", "hours (children)", "hours (specialist)",
        "positions"], [
        [d["group"], d["direction"], d["specialist"], str(d["children"]), str(d["services"]), d["child_hours"],
         d["specialist_hours"], d["positions"]] for d in document["direction_loads"]]))
    console.print(f"admin+support rate = {o['admin_support_annual_rub']} / {o['direct_annual_labour_rub']} = "
                  f"{o['admin_support_rate']}; premises rate by form: {o['premises_rate']}; "
                  f"overhead rate by form: {o['overhead_rate']}; "
                  f"territorial coefficient {document['territorial_coefficient']}")
    console.print(_table("Unit prices", [
        "ЦРГ", "form", "ages", "direction", "activity", "delivery", "min", "group", "labour", "materials", "overhead",
        "exact", "price, RUB"], [
        [p["group"], p["form"], p["ages"] or "", p["direction"], p["activity_type"], p["delivery"], str(p["minutes"]),
         str(p["group_size"]), p["labour_rub"], p["materials_rub"], p["overhead_rate"], p["unit_cost_exact_rub"],
         p["unit_price_rub"]] for p in document["prices"]]))
    console.print(_table("Accompanying services per day, RUB", ["form", "ages", "without companion",
                                                                 "with companion"], [
        [form, age, _components(v["without_companion"]), _components(v["with_companion"])]
        for form, by_age in document["accompanying_per_day"].items() for age, v in by_age.items()]))
    console.print(_table("Full course", [
        "ЦРГ", "form", "ages", "companion", "activities", "course, RUB", "accompanying, RUB", "total, RUB"], [
        [c["group"], c["form"], c["ages"], "yes" if c["companion"] else "no", str(c["activities"]),
         rubles_text(c["course_kopecks"]), rubles_text(c["accompanying_kopecks"]), c["total_rub"]]
        for c in document["course_totals"]]))


def _components(parts: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in parts.items())


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table
