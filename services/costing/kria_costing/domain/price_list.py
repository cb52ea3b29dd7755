"""A price list (прейскурант) computed from a normalisation: every price with the figures it came from."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kria_costing.domain.accompanying import AccompanyingCalculation, calculate
from kria_costing.domain.coverage import NormalisationRejected, check_coverage, covered_standards
from kria_costing.domain.estimate import CourseCost, course_cost
from kria_costing.domain.normalisation import Normalisation
from kria_costing.domain.price_table import PriceTable
from kria_costing.domain.staffing import DirectionLoad, Overhead, StaffingFigure, direction_loads, overhead, staffing
from kria_costing.domain.standards import FROM_14, UNDER_14, AgeBand, CourseStandard, StandardsCatalogue
from kria_costing.domain.unit_price import UnitPrice, price_key, unit_price
from kria_shared.contracts.common import ServiceForm
from kria_shared.errors import DomainError

# The age bands a price list shows a full course for: the label, the counts band, and the 4-6 durations.
COURSE_BANDS: tuple[tuple[str, AgeBand, bool], ...] = (("4-6", UNDER_14, True), ("7-13", UNDER_14, False),
                                                       ("14-17", FROM_14, False))


@dataclass(frozen=True)
class CourseTotal:
    form: ServiceForm
    companion: bool
    label: str  # "4-6" | "7-13" | "14-17"
    cost: CourseCost


@dataclass(frozen=True)
class PriceListComputation:
    standards_version: str
    course_days: int
    standards: tuple[CourseStandard, ...]
    hourly_costs: dict[str, Fraction]  # kopecks per hour, by specialist
    staffing: tuple[StaffingFigure, ...]
    direction_loads: tuple[DirectionLoad, ...]
    overhead: Overhead
    accompanying: AccompanyingCalculation
    prices: tuple[UnitPrice, ...]
    table: PriceTable
    course_totals: tuple[CourseTotal, ...]


def compute_price_list(norm: Normalisation, catalogue: StandardsCatalogue, version: str) -> PriceListComputation:
    """Refuses (NormalisationRejected) a normalisation that cannot price every line it covers."""
    check_coverage(norm, catalogue)
    standards = covered_standards(norm, catalogue)
    figures = staffing(standards, norm)
    rates = overhead(figures, norm, standards)
    prices = tuple(
        unit_price(standard.group, form, line, norm, rates.rate[form], young)
        for standard in standards
        for form in sorted(standard.forms)
        for line in standard.lines
        for young in ((False, True) if line.young_minutes is not None else (False,))
    )
    accompanying = calculate(norm.accompanying, norm.accruals_rate)
    table = PriceTable(
        version=version,
        standards_version=catalogue.version,
        unit_prices={price_key(p.group, p.form, p.key, p.young): p.kopecks for p in prices},
        accompanying=accompanying.rates,
    )
    totals = []
    for standard in standards:
        for form in sorted(standard.forms):
            for label, band, young in COURSE_BANDS:
                for companion in (False, True):
                    cost = course_cost(standard, band, table, form, companion, catalogue.course_days, young=young)
                    assert cost is not None, "every covered line was priced above"
                    totals.append(CourseTotal(form, companion, label, cost))
    return PriceListComputation(
        standards_version=catalogue.version,
        course_days=catalogue.course_days,
        standards=tuple(standards),
        hourly_costs={code: norm.hourly_cost(spec) for code, spec in norm.specialists.items()},
        staffing=figures,
        direction_loads=direction_loads(standards, norm),
        overhead=rates,
        accompanying=accompanying,
        prices=prices,
        table=table,
        course_totals=tuple(totals),
    )


def priced_or_refused(norm: Normalisation, catalogue: StandardsCatalogue, version: str) -> PriceListComputation:
    """The computation, with a refusal turned into one DomainError (422) naming the field of the first problem
    and listing every problem."""
    try:
        return compute_price_list(norm, catalogue, version)
    except NormalisationRejected as exc:
        first = exc.problems[0]
        problems = [{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems]
        raise DomainError(first.code, first.message, field=first.field, problems=problems) from exc
