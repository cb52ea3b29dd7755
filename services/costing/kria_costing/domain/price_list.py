"""A price list (прейскурант) computed from a normalisation: every price with the figures it came from."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kria_costing.domain.coverage import check_coverage, covered_standards
from kria_costing.domain.estimate import CourseCost, course_cost
from kria_costing.domain.normalisation import Normalisation
from kria_costing.domain.price_table import PriceTable
from kria_costing.domain.staffing import Overhead, StaffingFigure, overhead, staffing
from kria_costing.domain.standards import AGE_BANDS, StandardsCatalogue
from kria_costing.domain.unit_price import UnitPrice, price_key, unit_price
from kria_shared.contracts.common import ServiceForm


@dataclass(frozen=True)
class PriceListComputation:
    standards_version: str
    course_days: int
    hourly_costs: dict[str, Fraction]  # kopecks per hour, by specialist
    staffing: tuple[StaffingFigure, ...]
    overhead: Overhead
    prices: tuple[UnitPrice, ...]
    table: PriceTable
    course_totals: tuple[tuple[ServiceForm, bool, CourseCost], ...]  # form, companion, the full course


def compute_price_list(norm: Normalisation, catalogue: StandardsCatalogue, version: str) -> PriceListComputation:
    """Refuses (NormalisationRejected) a normalisation that cannot price every line it covers."""
    check_coverage(norm, catalogue)
    standards = covered_standards(norm, catalogue)
    figures = staffing(standards, norm)
    rates = overhead(figures, norm)
    prices = tuple(
        unit_price(standard.group, form, line, norm, rates.rate[form])
        for standard in standards
        for form in sorted(standard.forms)
        for line in standard.lines
    )
    table = PriceTable(
        version=version,
        standards_version=catalogue.version,
        unit_prices={price_key(p.group, p.form, p.key): p.kopecks for p in prices},
        accompanying=norm.accompanying,
    )
    totals = []
    for standard in standards:
        for form in sorted(standard.forms):
            for band in AGE_BANDS:
                for companion in (False, True):
                    cost = course_cost(standard, band, table, form, companion, catalogue.course_days)
                    assert cost is not None, "every covered line was priced above"
                    totals.append((form, companion, cost))
    return PriceListComputation(
        standards_version=catalogue.version,
        course_days=catalogue.course_days,
        hourly_costs={code: norm.hourly_cost(spec) for code, spec in norm.specialists.items()},
        staffing=figures,
        overhead=rates,
        prices=prices,
        table=table,
        course_totals=tuple(totals),
    )
