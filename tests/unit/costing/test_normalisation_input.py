"""The economist's normalisation: the shipped example fits the certificate values; gaps are refused by field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from kria_costing.config.loader import EXAMPLE_NORMALISATION, load_catalogue
from kria_costing.domain.coverage import NormalisationRejected
from kria_costing.domain.price_list import compute_price_list
from kria_costing.schemas import NormalisationIn
from kria_shared.contracts.common import ServiceForm

MAX_VALUE_2026 = 11_539_500  # 115 395 RUB
SEMI_INPATIENT_VALUE = 8_000_000  # 80 000 RUB (Novosibirsk 2026, the lowest semi-inpatient value we know)


@pytest.fixture
def example() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE_NORMALISATION.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def refusal(document: dict[str, Any]) -> NormalisationRejected:
    with pytest.raises(NormalisationRejected) as refused:
        compute_price_list(NormalisationIn.model_validate(document).to_domain(), load_catalogue(), "1")
    return refused.value


def test_every_full_course_of_the_example_fits_the_certificate_values(example: dict[str, Any]) -> None:
    comp = compute_price_list(NormalisationIn.model_validate(example).to_domain(), load_catalogue(), "1")
    groups = {t.cost.group for t in comp.course_totals}
    assert groups == {str(g) for g in range(1, 12)}
    assert len(comp.course_totals) == 11 * 2 * 3 * 2  # groups x forms x ages 4-6/7-13/14-17 x with/without companion
    for t in comp.course_totals:
        form, cost = t.form, t.cost
        assert cost.days == 21 and sum(i.planned for i in cost.lines) >= 120
        assert cost.total_kopecks <= MAX_VALUE_2026
        if form == ServiceForm.SEMI_INPATIENT:
            assert cost.total_kopecks <= SEMI_INPATIENT_VALUE


def test_a_missing_specialist_is_refused_naming_it(example: dict[str, Any]) -> None:
    del example["specialists"]["afk_instructor"]
    problem = refusal(example).problems[0]
    assert (problem.field, problem.code) == ("specialists.afk_instructor", "missing_specialist")


def test_a_time_norm_outside_the_standard_is_refused(example: dict[str, Any]) -> None:
    example["time_norms_minutes"]["practical"]["individual"] = 90
    problems = {(p.field, p.code) for p in refusal(example).problems}
    assert problems == {("time_norms_minutes.practical.individual", "time_norm_outside_standard")}


def test_missing_norms_group_sizes_and_unknown_groups_are_all_listed(example: dict[str, Any]) -> None:
    del example["time_norms_minutes"]["leisure"]
    del example["group_sizes"]["training"]
    example["target_groups"] = ["2", "13"]
    example["planned_children"] = [{"group": "7", "form": "inpatient", "age_band": "до 14", "children": 5}]
    problems = {(p.field, p.code) for p in refusal(example).problems}
    assert problems == {
        ("target_groups[1]", "unknown_target_group"),
        ("time_norms_minutes.leisure.group", "missing_time_norm"),
        ("group_sizes.training", "missing_group_size"),
        ("planned_children[0].group", "group_not_covered"),
        ("planned_children", "no_planned_children"),
        ("premises_annual_rub.semi_inpatient", "no_planned_children"),
        ("premises_annual_rub.inpatient", "no_planned_children"),
    }


@pytest.mark.parametrize(("path", "value"), [
    (("specialists", "psychologist", "monthly_salary_rub"), -1),
    (("specialists", "psychologist", "annual_work_hours"), 0),
    (("materials", 0, "unit_price_rub"), -0.01),
    (("accompanying", "accommodation", "linen_rub"), -650),
    (("accompanying", "meals", "ration", 0, "price_rub"), 0),
    (("accompanying", "meals", "planned_ration_days"), 0),
    (("accruals_rate",), -0.302),
    (("group_sizes", "leisure"), 1),
    (("specialists", "psychologist", "monthly_salary_rub"), 52000.005),
])
def test_a_negative_or_impossible_figure_is_refused_naming_its_field(
    example: dict[str, Any], path: tuple[Any, ...], value: Any
) -> None:
    document = copy.deepcopy(example)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as refused:
        NormalisationIn.model_validate(document)
    assert [tuple(e["loc"]) for e in refused.value.errors()] == [path]


def test_every_form_needs_its_figures_and_unknown_fields_are_refused(example: dict[str, Any]) -> None:
    del example["premises_annual_rub"]["inpatient"]
    example["overhead_rate"] = 0.1  # misspelt: must not be silently ignored
    with pytest.raises(ValidationError) as refused:
        NormalisationIn.model_validate(example)
    assert {tuple(e["loc"]) for e in refused.value.errors()} == {("premises_annual_rub",), ("overhead_rate",)}


def test_a_repeated_target_group_is_refused_not_priced_twice(example: dict[str, Any]) -> None:
    example["target_groups"] = ["2", "2", "7"]
    example["planned_children"] = [p for p in example["planned_children"] if p["group"] in {"2", "7"}]
    problems = [(p.field, p.code) for p in refusal(example).problems]
    assert problems == [("target_groups[1]", "duplicate_target_group")]

    example["target_groups"] = ["2", "7"]  # the same list without the repeat is priced once per line
    comp = compute_price_list(NormalisationIn.model_validate(example).to_domain(), load_catalogue(), "1")
    assert len(comp.prices) == len(comp.table.unit_prices)


def test_an_empty_target_group_list_is_refused_rather_than_an_empty_price_list(example: dict[str, Any]) -> None:
    example["target_groups"] = []
    problem = refusal(example).problems[0]
    assert (problem.field, problem.code) == ("target_groups", "no_target_groups")
