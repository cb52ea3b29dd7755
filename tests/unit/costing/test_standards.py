"""The shipped course standards (DOMAIN.md §4) and the rules that refuse inconsistent standards data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kria_costing.config.loader import STANDARDS_DIR, load_catalogue
from kria_costing.domain.standards import FROM_14, UNDER_14, Counts, StandardsCatalogue
from kria_costing.domain.standards_check import StandardDataError, check_catalogue
from kria_shared.contracts.common import Direction, ServiceForm

# DOMAIN.md §4, ЦРГ 2 (2023 standard): average (min-max) per direction
CRG2_TABLE = {
    Direction.SOCIAL_HOUSEHOLD: (20, 14, 26),
    Direction.SOCIAL_ENVIRONMENTAL: (20, 14, 26),
    Direction.SOCIAL_PEDAGOGICAL: (22, 14, 30),
    Direction.SOCIAL_PSYCHOLOGICAL: (14, 11, 17),
    Direction.SOCIOCULTURAL: (19, 14, 24),
    Direction.CAREER_GUIDANCE: (9, 7, 11),
    Direction.ADAPTIVE_PE: (16, 12, 20),
}


@pytest.fixture(scope="module")
def catalogue() -> StandardsCatalogue:
    return load_catalogue()


def direction_totals(catalogue: StandardsCatalogue, group: str, band: str) -> dict[Direction, tuple[int, int, int]]:
    out: dict[Direction, tuple[int, int, int]] = {}
    for line in catalogue.standards[group].lines:
        c = line.counts[band]  # type: ignore[index]
        if c.max == 0:
            continue
        p, lo, hi = out.get(line.key.direction, (0, 0, 0))
        out[line.key.direction] = (p + c.planned, lo + c.min, hi + c.max)
    return out


def test_crg2_for_ages_14_to_17_is_the_domain_table_exactly(catalogue: StandardsCatalogue) -> None:
    # the averages per direction are the published totals; the ranges are per activity type (their sums are wider)
    totals = direction_totals(catalogue, "2", FROM_14)
    assert {d: t[0] for d, t in totals.items()} == {d: t[0] for d, t in CRG2_TABLE.items()}
    assert all(lo <= CRG2_TABLE[d][1] and hi >= CRG2_TABLE[d][2] for d, (_, lo, hi) in totals.items())
    assert catalogue.standards["2"].planned_total(FROM_14) == 120
    assert catalogue.standards["2"].origin == "official"


def test_every_group_1_to_11_has_a_standard_and_the_copies_say_they_are_derived(catalogue: StandardsCatalogue) -> None:
    assert set(catalogue.standards) == {str(g) for g in range(1, 12)}
    for code, standard in catalogue.standards.items():
        assert standard.forms == frozenset(ServiceForm)
        if code in ("2", "5", "11"):  # the published standards
            assert (standard.origin == "official" and standard.year is not None and "consultant" in standard.source) \
                or "garant" in standard.source
        else:
            assert standard.origin == "derived" and standard.derived and "ЦРГ 2" in standard.source


def test_children_under_14_get_no_career_guidance_and_still_120_activities(catalogue: StandardsCatalogue) -> None:
    for standard in catalogue.standards.values():
        directions = {line.key.direction for line, _ in standard.plan(UNDER_14)}
        assert Direction.CAREER_GUIDANCE not in directions
        assert Direction.CAREER_GUIDANCE in {line.key.direction for line, _ in standard.plan(FROM_14)}
        assert standard.planned_total(UNDER_14) >= 120 and standard.planned_total(FROM_14) >= 120


def test_age_band_turns_at_14_and_ages_below_the_pilot_are_not_covered(catalogue: StandardsCatalogue) -> None:
    assert catalogue.age_band(13) == UNDER_14 and catalogue.age_band(14) == FROM_14
    assert catalogue.age_band(4) == UNDER_14 and catalogue.age_band(17) == FROM_14
    assert catalogue.age_band(3) is None
    assert catalogue.age_band(18) == FROM_14  # turned 18 within the validity: the certificate stays usable


def test_a_subgroup_uses_its_groups_standard(catalogue: StandardsCatalogue) -> None:
    found = catalogue.find("6.6", ServiceForm.INPATIENT)
    assert found is not None and found.group == "6"
    assert catalogue.find("12", ServiceForm.INPATIENT) is None


def test_a_standard_below_120_activities_is_invalid_data(catalogue: StandardsCatalogue) -> None:
    standard = catalogue.standards["2"]
    first = standard.lines[4]  # a line planned several times
    shorter = replace(first, counts={**first.counts, FROM_14: Counts(first.counts[FROM_14].planned - 1,
                                                                      first.counts[FROM_14].min - 1,
                                                                      first.counts[FROM_14].max)})
    broken = replace(standard, lines=(*standard.lines[:4], shorter, *standard.lines[5:]))
    with pytest.raises(StandardDataError, match="plans 119 activities"):
        check_catalogue(replace(catalogue, standards={"2": broken}))


def test_career_guidance_for_the_under_14_is_invalid_data(catalogue: StandardsCatalogue) -> None:
    standard = catalogue.standards["2"]
    lines = tuple(
        replace(ln, counts={**ln.counts, UNDER_14: ln.counts[FROM_14]}) if ln.key.direction == "career_guidance"
        else ln for ln in standard.lines
    )
    with pytest.raises(StandardDataError, match="career guidance is for ages 14-17 only"):
        check_catalogue(replace(catalogue, standards={"2": replace(standard, lines=lines)}))


def test_a_count_outside_its_range_and_a_missing_diagnostics_are_invalid_data(
    catalogue: StandardsCatalogue, tmp_path: Path
) -> None:
    text = (STANDARDS_DIR / "crg_02.csv").read_text(encoding="utf-8").splitlines()
    # the first data row is the household primary diagnostics: make it 0 planned with a range of 1-1
    text[1] = text[1].replace(",1,1,1,1,1,1", ",0,1,1,1,1,1")
    (tmp_path / "crg_02.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    (tmp_path / "index.yaml").write_text(
        (STANDARDS_DIR / "index.yaml").read_text(encoding="utf-8").split("groups:")[0]
        + 'groups:\n  "2": {file: crg_02.csv, origin: official, forms: [semi_inpatient]}\n', encoding="utf-8")
    with pytest.raises(StandardDataError) as refused:
        load_catalogue(tmp_path)
    problems = "\n".join(refused.value.problems)
    assert "expected min <= average <= max, got 1/0/1" in problems
    assert "social_household: diagnostics_primary planned 0 times" in problems
