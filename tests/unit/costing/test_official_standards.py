"""The published standards (ЦРГ 2 of 2023 and 2022, 5 and 11 of 2022) as the catalogue holds them, the single-service
standard (hearing aids, 2025), and the prices that follow: ЦРГ 2, 5 and 11 are priced apart, ages 4-6 lower."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kria_costing.config.loader import EXAMPLE_NORMALISATION, STANDARDS_DIR, load_catalogue
from kria_costing.domain.price_list import PriceListComputation, compute_price_list
from kria_costing.domain.standards import FROM_14, CourseStandard, LineKey, StandardsCatalogue
from kria_costing.domain.unit_price import price_key
from kria_costing.schemas import NormalisationIn
from kria_shared.contracts.common import ActivityType, Delivery, Direction, ServiceForm

SOURCE = STANDARDS_DIR / "sources" / "mintrud_crg_activity_counts.csv"
DIRECTIONS = {"Социально-бытовая": Direction.SOCIAL_HOUSEHOLD, "Социально-средовая": Direction.SOCIAL_ENVIRONMENTAL,
              "Социально-педагогическая": Direction.SOCIAL_PEDAGOGICAL,
              "Социально-психологическая": Direction.SOCIAL_PSYCHOLOGICAL,
              "Социокультурная": Direction.SOCIOCULTURAL, "Профессиональная ориентация": Direction.CAREER_GUIDANCE,
              "Адаптивная физическая культура": Direction.ADAPTIVE_PE}


@pytest.fixture(scope="module")
def catalogue() -> StandardsCatalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def example(catalogue: StandardsCatalogue) -> PriceListComputation:
    norm = NormalisationIn.model_validate(yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8")))
    return compute_price_list(norm.to_domain(), catalogue, "1")


def published(year: str, group: str) -> tuple[Counter[Direction], int]:
    """The published average count per direction (without the ИТОГО rows) and the course total."""
    with Path(SOURCE).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    out: Counter[Direction] = Counter()
    for r in rows:
        if r["year"] == year and r["crg"] == group and r["activity"] != "ИТОГО МЕРОПРИЯТИЙ":
            out[DIRECTIONS[r["direction"]]] += int(r["upk"])
    return out, sum(out.values())


def averages(standard: CourseStandard) -> Counter[Direction]:
    out: Counter[Direction] = Counter()
    for line, counts in standard.plan(FROM_14):
        out[line.key.direction] += counts.planned
    return out


@pytest.mark.parametrize(("group", "year"), [("2", "2023"), ("5", "2022"), ("11", "2022")])
def test_the_official_standards_add_up_to_the_published_counts(
    catalogue: StandardsCatalogue, group: str, year: str
) -> None:
    counts, total = published(year, group)
    standard = catalogue.standards[group]
    assert standard.origin == "official" and standard.year == year
    assert averages(standard) == counts and total == 120


def test_crg2_of_2022_is_kept_as_superseded_and_not_priced(catalogue: StandardsCatalogue) -> None:
    old = catalogue.superseded["2@2022"]
    counts, total = published("2022", "2")
    assert averages(old) == counts and total == 119  # the excerpt is cut after "Профотбор"
    assert catalogue.standards["2"].year == "2023"


def test_the_derived_groups_say_so(catalogue: StandardsCatalogue) -> None:
    derived = {code for code, s in catalogue.standards.items() if s.derived}
    assert derived == {"1", "3", "4", "6", "7", "8", "9", "10"}
    assert all("производный" in catalogue.standards[c].source for c in derived)


def test_the_catalogue_holds_the_hearing_aid_standard(catalogue: StandardsCatalogue) -> None:
    hearing = catalogue.services["hearing_aid"]
    assert hearing.title == "Слухопротезирование" and hearing.year == "2025"
    assert (hearing.working_days_min, hearing.working_days_max) == (6, 21)
    assert [(a.number, a.min, a.max) for a in hearing.activities] == [
        (1, 1, 4), (2, 1, 1), (3, 1, 4), (4, 1, 6), (5, 1, 2), (6, 1, 4)]
    assert sum(a.min for a in hearing.activities) == 6 and sum(a.max for a in hearing.activities) == 21


def test_individual_sessions_at_4_to_6_have_their_own_shorter_range(catalogue: StandardsCatalogue) -> None:
    line = catalogue.standards["2"].line(LineKey(Direction.SOCIAL_PEDAGOGICAL, ActivityType.PRACTICAL,
                                                 Delivery.INDIVIDUAL))
    assert line is not None and line.young_minutes == (20, 30) and (line.minutes_min, line.minutes_max) == (30, 45)
    counselling = catalogue.standards["2"].line(LineKey(Direction.SOCIAL_PSYCHOLOGICAL, ActivityType.COUNSELLING,
                                                        Delivery.INDIVIDUAL))
    assert counselling is not None and counselling.young_minutes is None  # a consultation: 30-45 at every age
    assert catalogue.young(4) and catalogue.young(6) and not catalogue.young(7)


def test_crg_2_5_and_11_have_different_unit_prices(example: PriceListComputation) -> None:
    prices = example.table.unit_prices
    form = ServiceForm.SEMI_INPATIENT
    keys = [LineKey(d, ActivityType.PRACTICAL, Delivery.INDIVIDUAL) for d in Direction]
    by_group = {g: [prices[price_key(g, form, k)] for k in keys] for g in ("2", "5", "11")}
    assert len({tuple(v) for v in by_group.values()}) == 3
    pedagogy = LineKey(Direction.SOCIAL_PEDAGOGICAL, ActivityType.PRACTICAL, Delivery.INDIVIDUAL)
    assert len({prices[price_key(g, form, pedagogy)] for g in ("2", "5", "11")}) == 3
    all_2 = {k.split("|", 1)[1]: v for k, v in prices.items() if k.startswith("2|")}
    all_11 = {k.split("|", 1)[1]: v for k, v in prices.items() if k.startswith("11|")}
    assert sum(all_2[k] != all_11[k] for k in all_2.keys() & all_11.keys()) > len(all_2) // 2


def test_an_individual_session_at_4_to_6_costs_less_than_at_7_to_13(example: PriceListComputation) -> None:
    prices = example.table.unit_prices
    for group in ("2", "5", "11"):
        for form in ServiceForm:
            key = LineKey(Direction.SOCIAL_PEDAGOGICAL, ActivityType.PRACTICAL, Delivery.INDIVIDUAL)
            young, older = prices[price_key(group, form, key, young=True)], prices[price_key(group, form, key)]
            assert young < older
    young_price = next(p for p in example.prices if p.young and p.group == "2")
    assert young_price.minutes == 25  # the example's norm at 4-6, inside 20-30


def test_the_staffing_per_crg_and_direction_is_kept(example: PriceListComputation) -> None:
    loads = [d for d in example.direction_loads if d.group == "5"]
    assert {d.direction for d in loads} >= {Direction.SOCIAL_PEDAGOGICAL, Direction.ADAPTIVE_PE}
    speech = [d for d in loads if d.code == "speech_therapist"]
    assert speech and all(d.children == 30 for d in speech)  # 12 children of 4-6 and 18 of 7-13
    for figure in example.staffing:
        assert sum(figure.by_group.values()) == figure.positions
    total_hours = sum(d.specialist_hours for d in example.direction_loads if d.code == "psychologist")
    assert total_hours == next(f.annual_hours for f in example.staffing if f.code == "psychologist")
