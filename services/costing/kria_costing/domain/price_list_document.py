"""The price list as a document: every price with the inputs and each intermediate figure, so an auditor
can recompute it by hand. Money results in rubles with 2 decimals; intermediates with 4 (exact in the code)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from kria_costing.domain.accompanying import AccompanyingCalculation
from kria_costing.domain.money import decimal_text, rubles_text
from kria_costing.domain.normalisation import Normalisation
from kria_costing.domain.price_list import PriceListComputation
from kria_costing.domain.staffing import DirectionLoad, Overhead, StaffingFigure
from kria_costing.domain.standards import FROM_14, UNDER_14, Counts, CourseStandard
from kria_costing.domain.unit_price import UnitPrice
from kria_shared.contracts.common import ServiceForm

METHOD = [
    "hourly_cost(s) = monthly_salary(s) × 12 × (1 + accruals_rate) / annual_work_hours(s)",
    "labour(a) = Σ_s hourly_cost(s) × minutes(a) / 60 / group_size(a)",
    "materials(a) = Σ_m unit_price(m) × quantity_per_service(m)",
    "admin_support_rate = Σ staff positions × salary × 12 × (1 + accruals_rate) / Σ_s annual_hours(s) × hourly_cost(s)",
    "premises_rate(form) = Σ a year's utilities, upkeep ... of the form's premises / direct annual labour of the "
    "children planned in the form",
    "overhead_rate(form) = admin_support_rate + premises_rate(form)",
    "unit_price(a) = round_half_up((labour(a) + materials(a)) × (1 + overhead_rate(form)) × territorial_coefficient)",
    "meals per day(eater, form) = round_half_up((Σ_products market_price × daily_quantity(eater) + kitchen staff "
    "a year / planned ration-days) × share(form)); share(inpatient) = 1",
    "bed-day = round_half_up((upkeep + utilities + linen + staff a year) / planned bed-days)",
    "accompanying per day = child meals (both forms, by the child's age group) + child accommodation, companion "
    "meals and accommodation (inpatient; the companion's only if a companion stays)",
    "course total = Σ planned(a) × unit_price(a) + days × accompanying per day; at ages 4-6 the lines with "
    "durations of their own there have prices of their own",
]
ROUNDING = (
    "integer kopecks, half-up at the unit price only; intermediates are exact fractions, shown with 4 decimals "
    "(rates with up to 8)"
)


def rate_text(value: Fraction) -> str:
    """A rate or coefficient with 8 decimals (trailing zeros dropped): precise enough to recompute a kopeck."""
    text = decimal_text(value, 8).rstrip("0")
    return text + "0" * max(0, 2 - len(text.split(".")[1]))


def render(comp: PriceListComputation, norm: Normalisation) -> dict[str, Any]:
    return {
        "standards_version": comp.standards_version,
        "course_days": comp.course_days,
        "method": METHOD,
        "rounding": ROUNDING,
        "specialists": [_specialist(code, comp, norm) for code in norm.specialists],
        "staffing": [_staffing(f) for f in comp.staffing],
        "overhead": _overhead(comp.overhead),
        "territorial_coefficient": rate_text(norm.territorial_coefficient),
        "prices": [price_row(p) for p in comp.prices],
        "accompanying": accompanying_view(comp.accompanying, norm),
        "accompanying_per_day": {
            str(form): {
                age: {
                    "without_companion": {k: rubles_text(v) for k, v in rates.per_day(form, False, young).items()},
                    "with_companion": {k: rubles_text(v) for k, v in rates.per_day(form, True, young).items()},
                }
                for age, young in (("4-6", True), ("7-17", False))
            }
            for form in ServiceForm
            for rates in (comp.accompanying.rates,)
        },
        "standards": [standard_view(st) for st in comp.standards],
        "standard_counts": [
            {"group": st.group, "direction": str(ln.key.direction), "activity_type": str(ln.key.activity_type),
             "delivery": str(ln.key.delivery),
             "under_14": ln.counts[UNDER_14].planned, "under_14_range": _range(ln.counts[UNDER_14]),
             "from_14": ln.counts[FROM_14].planned, "from_14_range": _range(ln.counts[FROM_14])}
            for st in comp.standards for ln in st.lines
        ],
        "direction_loads": [direction_row(d) for d in comp.direction_loads],
        "course_totals": [
            {
                "group": t.cost.group, "form": str(t.form), "age_band": t.cost.age_band, "ages": t.label,
                "companion": t.companion,
                "activities": sum(i.planned for i in t.cost.lines), "course_kopecks": t.cost.course_kopecks,
                "days": t.cost.days, "per_day_kopecks": t.cost.per_day_kopecks,
                "accompanying_kopecks": t.cost.accompanying_kopecks, "total_kopecks": t.cost.total_kopecks,
                "total_rub": rubles_text(t.cost.total_kopecks),
            }
            for t in comp.course_totals
        ],
    }


def _specialist(code: str, comp: PriceListComputation, norm: Normalisation) -> dict[str, Any]:
    spec, hourly = norm.specialists[code], rubles_text(comp.hourly_costs[code], 4)
    salary, hours = rubles_text(spec.monthly_salary_kopecks), decimal_text(spec.annual_work_hours, 2)
    return {
        "code": code, "title": spec.title, "monthly_salary_rub": salary,
        "accruals_rate": rate_text(norm.accruals_rate), "annual_work_hours": hours, "hourly_cost_rub": hourly,
        "computation": f"{salary} × 12 × (1 + {rate_text(norm.accruals_rate)}) / {hours} = {hourly}",
    }


def price_row(p: UnitPrice) -> dict[str, Any]:
    labour, materials = rubles_text(p.labour, 4), rubles_text(p.materials_total, 4)
    return {
        "group": p.group, "form": str(p.form), "ages": "4-6" if p.young else None, "direction": str(p.key.direction),
        "activity_type": str(p.key.activity_type), "delivery": str(p.key.delivery),
        "minutes": p.minutes, "group_size": p.group_size, "standard_max_group_size": p.standard_max_group_size,
        "specialists": [
            {"code": s.code, "hourly_cost_rub": rubles_text(s.hourly_cost, 4), "hours": decimal_text(s.hours, 4),
             "cost_rub": rubles_text(s.cost, 4),
             "computation": f"{rubles_text(s.hourly_cost, 4)} × {p.minutes}/60 / {p.group_size}"
                            f" = {rubles_text(s.cost, 4)}"}
            for s in p.specialists
        ],
        "labour_rub": labour,
        "materials": [
            {"item": m.item, "unit_price_rub": rubles_text(m.unit_price_kopecks),
             "unit_price_kopecks": m.unit_price_kopecks,
             "quantity": decimal_text(m.quantity, 4), "cost_rub": rubles_text(m.cost, 4)}
            for m in p.materials
        ],
        "materials_rub": materials,
        "direct_rub": rubles_text(p.direct, 4),
        "overhead_rate": rate_text(p.overhead_rate),
        "territorial_coefficient": rate_text(p.territorial_coefficient),
        "unit_cost_exact_rub": rubles_text(p.exact, 6),
        "unit_price_kopecks": p.kopecks,
        "unit_price_rub": rubles_text(p.kopecks),
        "computation": f"({labour} + {materials}) × (1 + {rate_text(p.overhead_rate)}) × "
                       f"{rate_text(p.territorial_coefficient)} = {rubles_text(p.exact, 6)} → {rubles_text(p.kopecks)}",
    }


def _staffing(f: StaffingFigure) -> dict[str, Any]:
    return {
        "code": f.code,
        "per_course": [
            {"group": load.group, "age_band": load.age_band, "services": load.services, "minutes": load.minutes,
             "specialist_hours": decimal_text(load.hours, 4)}
            for load in f.loads
        ],
        "annual_hours": decimal_text(f.annual_hours, 4),
        "positions": decimal_text(f.positions, 4),
        "staffed_positions": decimal_text(f.staffed_positions, 2),
        "daily_work_hours": decimal_text(f.daily_work_hours, 4),
        "average_service_minutes": decimal_text(f.average_service_minutes, 2) if f.average_service_minutes else None,
        "services_per_day": f.services_per_day,
        "positions_by_group": {g: decimal_text(p, 4) for g, p in f.by_group.items()},
    }


def _overhead(o: Overhead) -> dict[str, Any]:
    return {
        "direct_annual_labour_rub": rubles_text(o.direct_annual_labour, 4),
        "staff": [
            {"title": s.title, "kind": s.kind, "positions": decimal_text(s.positions, 4),
             "annual_cost_rub": rubles_text(s.annual_cost, 4)}
            for s in o.staff
        ],
        "admin_support_annual_rub": rubles_text(o.admin_support_annual, 4),
        "admin_support_rate": rate_text(o.admin_support_rate),
        "direct_by_form_rub": {str(f): rubles_text(v, 4) for f, v in o.direct_by_form.items()},
        "premises_annual_rub": {str(f): rubles_text(v, 4) for f, v in o.premises_annual.items()},
        "premises_rate": {str(f): rate_text(r) for f, r in o.other_rate.items()},
        "overhead_rate": {str(f): rate_text(r) for f, r in o.rate.items()},
    }


def standard_view(st: CourseStandard) -> dict[str, Any]:
    return {"group": st.group, "origin": st.origin, "derived": st.derived, "year": st.year, "source": st.source}


def direction_row(d: DirectionLoad) -> dict[str, Any]:
    return {"group": d.group, "direction": str(d.direction), "specialist": d.code, "children": d.children,
            "services": d.services, "child_hours": decimal_text(d.child_hours, 2),
            "specialist_hours": decimal_text(d.specialist_hours, 2), "positions": decimal_text(d.positions, 4)}


def accompanying_view(a: AccompanyingCalculation, norm: Normalisation) -> dict[str, Any]:
    """Every input and intermediate figure of the meals and the bed-day, so both can be recomputed by hand."""
    m, acc = norm.accompanying.meals, norm.accompanying.accommodation
    return {
        "ration": [
            {"product": i.product, "unit": i.unit, "price_rub": rubles_text(i.price_kopecks),
             "price_kopecks": i.price_kopecks, "price_basis": i.price_basis, "price_source": i.price_source,
             "per_day": {e: decimal_text(q, 3) for e, q in i.per_day.items()}}
            for i in m.ration
        ],
        "semi_inpatient_share": rate_text(m.semi_inpatient_share),
        "kitchen_staff": [{"title": s.title, "monthly_salary_rub": rubles_text(s.monthly_salary_kopecks),
                           "positions": decimal_text(s.positions, 4)} for s in m.kitchen_staff],
        "kitchen_annual_rub": rubles_text(a.kitchen_annual, 4),
        "planned_ration_days": m.planned_ration_days,
        "kitchen_per_ration_day_rub": rubles_text(a.kitchen_per_ration_day, 4),
        "food_per_ration_day_rub": {e: rubles_text(v, 4) for e, v in a.food_per_ration_day.items()},
        "meals": [{"eater": c.eater, "form": str(c.form), "share": rate_text(c.share),
                   "food_rub": rubles_text(c.food, 4), "kitchen_labour_rub": rubles_text(c.kitchen_labour, 4),
                   "exact_rub": rubles_text(c.exact, 6), "per_day_rub": rubles_text(c.kopecks),
                   "per_day_kopecks": c.kopecks} for c in a.meals],
        "accommodation": {
            "premises_upkeep_rub": rubles_text(acc.premises_upkeep_kopecks),
            "utilities_rub": rubles_text(acc.utilities_kopecks), "linen_rub": rubles_text(acc.linen_kopecks),
            "staff": [{"title": s.title, "monthly_salary_rub": rubles_text(s.monthly_salary_kopecks),
                       "positions": decimal_text(s.positions, 4)} for s in acc.staff],
            "staff_annual_rub": rubles_text(a.accommodation_staff_annual, 4),
            "annual_rub": rubles_text(a.accommodation_annual, 4), "planned_bed_days": acc.planned_bed_days,
            "bed_day_exact_rub": rubles_text(a.bed_day_exact, 6), "bed_day_rub": rubles_text(a.bed_day_kopecks),
            "bed_day_kopecks": a.bed_day_kopecks,
        },
    }


def _range(c: Counts) -> str:
    return f"{c.min}–{c.max}" if c.min != c.max else str(c.min)
