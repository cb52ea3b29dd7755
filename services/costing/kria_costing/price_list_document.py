"""The price list as a document: every price with the inputs and each intermediate figure, so an auditor
can recompute it by hand. Money results in rubles with 2 decimals; intermediates with 4 (exact in the code)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from kria_costing.domain.money import decimal_text, rubles_text
from kria_costing.domain.normalisation import Normalisation
from kria_costing.domain.price_list import PriceListComputation
from kria_costing.domain.staffing import Overhead, StaffingFigure
from kria_costing.domain.unit_price import UnitPrice

METHOD = [
    "hourly_cost(s) = monthly_salary(s) × 12 × (1 + accruals_rate) / annual_work_hours(s)",
    "labour(a) = Σ_s hourly_cost(s) × minutes(a) / 60 / group_size(a)",
    "materials(a) = Σ_m unit_price(m) × quantity_per_service(m)",
    "admin_support_rate = Σ staff positions × salary × 12 × (1 + accruals_rate) / Σ_s annual_hours(s) × hourly_cost(s)",
    "overhead_rate(form) = admin_support_rate + other_overhead_rate(form)",
    "unit_price(a) = round_half_up((labour(a) + materials(a)) × (1 + overhead_rate(form)) × territorial_coefficient)",
    "accompanying per day = child meals (both forms) + child accommodation, companion meals and accommodation "
    "(inpatient; the companion's only if a companion stays)",
    "course total = Σ planned(a) × unit_price(a) + days × accompanying per day",
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
        "accompanying_per_day": {
            str(form): {
                "without_companion": {k: rubles_text(v) for k, v in norm.accompanying.per_day(form, False).items()},
                "with_companion": {k: rubles_text(v) for k, v in norm.accompanying.per_day(form, True).items()},
            }
            for form in norm.accompanying.child_meals
        },
        "course_totals": [
            {
                "group": c.group, "form": str(form), "age_band": c.age_band, "companion": companion,
                "activities": sum(i.planned for i in c.lines), "course_kopecks": c.course_kopecks,
                "days": c.days, "per_day_kopecks": c.per_day_kopecks,
                "accompanying_kopecks": c.accompanying_kopecks, "total_kopecks": c.total_kopecks,
                "total_rub": rubles_text(c.total_kopecks),
            }
            for form, companion, c in comp.course_totals
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
        "group": p.group, "form": str(p.form), "direction": str(p.key.direction),
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
        "other_overhead_rate": {str(f): rate_text(r) for f, r in o.other_rate.items()},
        "overhead_rate": {str(f): rate_text(r) for f, r in o.rate.items()},
    }
