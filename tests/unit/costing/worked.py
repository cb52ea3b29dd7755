"""A small standard and normalisation with round figures, so every price can be computed by hand in a test."""

from __future__ import annotations

from fractions import Fraction

from kria_costing.domain.accompanying import (
    AccommodationInputs,
    AccompanyingInputs,
    MealsInputs,
    RationItem,
)
from kria_costing.domain.normalisation import (
    Material,
    Normalisation,
    PlannedChildren,
    Specialist,
)
from kria_costing.domain.staff import StaffPosition
from kria_costing.domain.standards import (
    FROM_14,
    UNDER_14,
    Counts,
    CourseStandard,
    LineKey,
    StandardLine,
    StandardsCatalogue,
)
from kria_shared.contracts.common import ActivityType as A
from kria_shared.contracts.common import Delivery as D
from kria_shared.contracts.common import Direction as Dir
from kria_shared.contracts.common import ServiceForm as F

PSY = Dir.SOCIAL_PSYCHOLOGICAL
DP = LineKey(PSY, A.DIAGNOSTICS_PRIMARY, D.INDIVIDUAL)
DC = LineKey(PSY, A.DIAGNOSTICS_CONTROL, D.INDIVIDUAL)
PRACTICAL = LineKey(PSY, A.PRACTICAL, D.INDIVIDUAL)
TRAINING = LineKey(PSY, A.TRAINING, D.GROUP)


def line(key: LineKey, planned: int, lo: int, hi: int, group: int = 1) -> StandardLine:
    """A line delivered by the psychologist, allowed 30-60 minutes, the same counts for both age bands."""
    counts = Counts(planned, lo, hi)
    return StandardLine(key, ("psychologist",), group, 30, 60, {UNDER_14: counts, FROM_14: counts})


def catalogue(min_activities: int = 20) -> StandardsCatalogue:
    """ЦРГ "X": one direction, 20 activities (1 + 1 diagnostics, 9 individual sessions, 9 group trainings)."""
    standard = CourseStandard(
        group="X", origin="derived", source="test", forms=frozenset(F),
        lines=(line(DP, 1, 1, 1), line(DC, 1, 1, 1), line(PRACTICAL, 9, 6, 12), line(TRAINING, 9, 6, 12, group=6)),
    )
    return StandardsCatalogue(
        version="test-1", course_days=21, min_course_activities=min_activities, career_guidance_min_age=14,
        min_age=4, max_age=17, standards={"X": standard},
    )


# Meals: a "ration set" at 100.00 RUB, 5 a day for a child of 7-17, 4 for a child of 4-6 and for a companion;
# the cook 25 000.00 x 12 x 1.302 = 390 600.00 a year / 3 906 ration-days = 100.00 a day; half a ration in the
# semi-inpatient form. Bed-day: (304 700 + 150 000 + 50 000 + 0.5 x 25 000 x 12 x 1.302 = 195 300) / 1 000 = 700.00.
ACCOMPANYING = AccompanyingInputs(
    meals=MealsInputs(
        ration=(RationItem("ration set", "шт", 10_000, "identical", "test", {"4-6": Fraction(4), "7-17": Fraction(5),
                                                                             "companion": Fraction(4)}),),
        semi_inpatient_share=Fraction(1, 2),
        kitchen_staff=(StaffPosition("cook", 2_500_000, Fraction(1)),),
        planned_ration_days=3906,
    ),
    accommodation=AccommodationInputs(
        premises_upkeep_kopecks=30_470_000, utilities_kopecks=15_000_000, linen_kopecks=5_000_000,
        staff=(StaffPosition("linen keeper", 2_500_000, Fraction(1, 2)),), planned_bed_days=1000,
    ),
)


def normalisation(**changes: object) -> Normalisation:
    base = dict(
        accruals_rate=Fraction("0.302"),
        territorial_coefficient=Fraction("1.1"),
        # 0.15 of the semi-inpatient direct labour (106 633.80 RUB a year); no inpatient premises costs
        premises_annual={F.SEMI_INPATIENT: {"utilities": 1_000_000, "upkeep": 599_507}, F.INPATIENT: {}},
        working_days_per_year=247,
        target_groups=None,
        specialists={"psychologist": Specialist("psychologist", "Педагог-психолог", 4_500_000, Fraction(1800))},
        time_norms={(A.DIAGNOSTICS_PRIMARY, D.INDIVIDUAL): 60, (A.DIAGNOSTICS_CONTROL, D.INDIVIDUAL): 45,
                    (A.PRACTICAL, D.INDIVIDUAL): 40, (A.TRAINING, D.GROUP): 45},
        time_norms_young={},
        group_sizes={A.TRAINING: 5},
        materials=(
            Material("forms", 3_500, Fraction(1), frozenset({A.DIAGNOSTICS_PRIMARY, A.DIAGNOSTICS_CONTROL}),
                     frozenset()),
            Material("consumables", 2_450, Fraction(1), frozenset({A.PRACTICAL, A.TRAINING}), frozenset({PSY})),
        ),
        planned_children=(PlannedChildren("X", F.SEMI_INPATIENT, UNDER_14, 30),),
        administrative_staff=(StaffPosition("accountant", 2_730_000, Fraction("0.05")),),
        support_staff=(),
        accompanying=ACCOMPANYING,
    )
    base.update(changes)
    return Normalisation(**base)  # type: ignore[arg-type]

