"""The прейскурант as a PDF (WeasyPrint, DejaVu fonts for Cyrillic): the head's approval, the prices per ЦРГ with
both forms side by side, the full-course totals, the accompanying services and the signature block."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kria_costing.documents import names

_env = Environment(loader=PackageLoader("kria_costing.documents", "templates"), autoescape=select_autoescape())


def money(kopecks: int) -> str:
    rubles, kop = divmod(kopecks, 100)
    return f"{rubles:,}".replace(",", " ") + f",{kop:02d}"


def rub_text(text: str) -> str:
    whole, _, part = str(text).partition(".")
    return f"{int(whole):,}".replace(",", " ") + "," + (part or "00")[:2].ljust(2, "0")


def context(doc: dict[str, Any]) -> dict[str, Any]:
    d, inputs = doc["derivation"], doc["inputs"]
    standards = {st["group"]: st for st in d.get("standards", [])}
    groups: dict[str, dict[str, Any]] = {}
    for p in d["prices"]:
        g = groups.setdefault(p["group"], {"group": p["group"], "rows": {}, "totals": [],
                                           "derived": standards.get(p["group"], {}).get("derived", True),
                                           "source": standards.get(p["group"], {}).get("source", "")})
        key = (p["direction"], p["activity_type"], p["delivery"], p.get("ages"))
        row = g["rows"].setdefault(key, {
            "direction": names.DIRECTIONS[p["direction"]], "activity": names.ACTIVITIES[p["activity_type"]],
            "delivery": names.DELIVERIES[p["delivery"]], "ages": names.ages_of_price(p.get("ages")),
            "semi_inpatient": "—", "inpatient": "—"})
        row[p["form"]] = rub_text(p["unit_price_rub"])
    for g in groups.values():  # a line priced apart at 4-6 has its main price for 7-17; others for every age
        young = {k[:3] for k in g["rows"] if k[3] == "4-6"}
        for k, row in g["rows"].items():
            if k[0] == "career_guidance":  # career guidance only at 14-17 (DOMAIN.md §4)
                row["ages"] = "14–17 лет"
            elif k[3] is None:
                row["ages"] = "7–17 лет" if k[:3] in young else "4–17 лет"
    for t in d["course_totals"]:
        groups[t["group"]]["totals"].append({
            "form": names.FORMS[t["form"]], "ages": names.AGES.get(t["ages"], t["ages"]),
            "companion": "да" if t["companion"] else "нет", "course": money(t["course_kopecks"]),
            "accompanying": money(t["accompanying_kopecks"]), "total": money(t["total_kopecks"])})
    a = d["accompanying"]
    per_day = {(m["eater"], m["form"]): m["per_day_kopecks"] for m in a["meals"]}
    bed = a["accommodation"]["bed_day_kopecks"]
    accompanying = [
        {"name": f"Питание: {names.EATERS[e]}", "semi_inpatient": money(per_day[(e, "semi_inpatient")])
         if (e, "semi_inpatient") in per_day else "—", "inpatient": money(per_day[(e, "inpatient")])}
        for e in ("4-6", "7-17", "companion")
    ] + [{"name": "Проживание (койко-день): ребёнок, сопровождающий", "semi_inpatient": "—", "inpatient": money(bed)}]
    return {
        "organisation": inputs.get("organisation_name") or doc["organisation_id"],
        "period": inputs.get("period"), "version": doc["version"], "approved": doc["status"] == "approved",
        "order_number": doc["order_number"], "order_date": doc["order_date"],
        "effective_from": doc["effective_from"], "standards_version": d["standards_version"],
        "course_days": d["course_days"], "drafted_by": doc["created_by"],
        "groups": [{**g, "rows": _by_direction(list(g["rows"].values()))} for g in
                   sorted(groups.values(), key=lambda g: int(g["group"]) if g["group"].isdigit() else 99)],
        "accompanying": accompanying,
        "kitchen_per_day": rub_text(a["kitchen_per_ration_day_rub"]), "semi_share": a["semi_inpatient_share"],
        "bed_days": a["accommodation"]["planned_bed_days"], "bed_day": money(bed),
        "materials": [{"item": m["item"], "price_rub": rub_text(m["unit_price_rub"]),
                       "basis": names.PRICE_BASIS[m.get("price_basis", "identical")],
                       "price_source": m.get("price_source") or "", "groups": ", ".join(m.get("groups") or []) or "все"}
                      for m in inputs.get("materials", [])],
        "ration": [{**r, "price_rub": rub_text(r["price_rub"]), "basis": names.PRICE_BASIS[r["price_basis"]]}
                   for r in a["ration"]],
    }


def _by_direction(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows ordered by direction, the first of each direction marked (it opens the direction's sub-heading)."""
    order = list(names.DIRECTIONS.values())
    rows = sorted(rows, key=lambda r: order.index(r["direction"]))
    return [{**r, "first": i == 0 or rows[i - 1]["direction"] != r["direction"]} for i, r in enumerate(rows)]


def html(doc: dict[str, Any]) -> str:
    return _env.get_template("price_list.html").render(**context(doc))


def pdf_bytes(doc: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on use: it loads pango

    out: bytes = HTML(string=html(doc)).write_pdf()
    return out
