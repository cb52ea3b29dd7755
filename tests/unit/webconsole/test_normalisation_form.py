"""The economist's normalisation form: what is typed becomes exactly the body costing accepts, every bad figure is
refused naming its field in Russian, and costing's own refusals land on the field they are about."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
import yaml

from kria_console.domain import normalisation_form as nf
from kria_costing.api.costs import standard_view
from kria_costing.config.loader import load_catalogue
from kria_costing.schemas import NormalisationIn


def example() -> dict[str, Any]:
    text = resources.files("kria_costing").joinpath("config/examples/normalisation_example.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@pytest.fixture(scope="module")
def standards() -> dict[str, Any]:
    catalogue = load_catalogue()
    return {"standards": [standard_view(s) for s in catalogue.standards.values()]}


def test_the_example_written_into_the_form_and_read_back_is_the_same_normalisation(
        standards: dict[str, Any]) -> None:
    values = nf.values_of(example())
    assert values["spec-0-salary"] == ["52000"] and values["accruals_rate"] == ["0,302"]
    parsed = nf.body_of(values, nf.needs(standards, None))
    assert parsed.problems == [] and parsed.body is not None
    assert NormalisationIn.model_validate(parsed.body) == NormalisationIn.model_validate(example())


def test_the_needs_are_every_specialist_time_norm_and_group_size_the_standards_name(
        standards: dict[str, Any]) -> None:
    needs = nf.needs(standards, None)
    assert set(needs.specialists) == set(example()["specialists"])
    assert needs.minutes[("practical", "group")][0] <= 45 <= needs.minutes[("practical", "group")][1]
    assert set(needs.group_sizes) <= set(example()["group_sizes"])
    only_two = nf.needs(standards, ["2"])
    assert only_two.groups == ("2",) and set(only_two.specialists) <= set(needs.specialists)


def test_a_bad_figure_is_refused_naming_its_field_in_russian_and_nothing_is_sent(
        standards: dict[str, Any]) -> None:
    values = nf.values_of(example())
    values["spec-1-salary"] = ["54 000,555"]
    values["tn-practical-group"] = ["5"]
    values["plan-0-children"] = ["-3"]
    del values["acc-beddays"]
    parsed = nf.body_of(values, nf.needs(standards, None))
    assert parsed.body is None
    messages = {p.field: p.message for p in parsed.problems}
    assert messages["spec-1-salary"] == ("Поле «Специалисты, строка 2: оклад в месяц, руб.»: не больше двух знаков "
                                         "после запятой (копейки).")
    assert messages["tn-practical-group"].startswith("Поле «минут: практические занятия, в группе»: стандарт задаёт")
    assert "Плановое число детей, строка 1: детей в год" in messages["plan-0-children"]
    assert messages["acc-beddays"] == "Поле «плановых койко-дней в год»: заполните его."


def test_russian_numbers_are_read_exactly_and_blank_rows_are_no_rows(standards: dict[str, Any]) -> None:
    values = nf.values_of(example())
    values["spec-0-salary"] = ["52\u00a0000,50"]
    values["mat-40-item"], values["mat-40-price"] = [""], ["  "]
    parsed = nf.body_of(values, nf.needs(standards, None))
    assert parsed.body is not None
    assert parsed.body["specialists"]["psychologist"]["monthly_salary_rub"] == "52000.5"
    assert Decimal(parsed.body["specialists"]["psychologist"]["monthly_salary_rub"]) == Decimal("52000.50")
    assert len(parsed.body["materials"]) == len(example()["materials"])


def test_a_specialist_the_standards_need_left_out_is_named(standards: dict[str, Any]) -> None:
    values = {k: v for k, v in nf.values_of(example()).items() if not k.startswith("spec-0-")}
    parsed = nf.body_of(values, nf.needs(standards, None))
    assert any("«psychologist»" in p.message for p in parsed.problems)


def test_costing_refusals_are_put_on_the_field_they_are_about(standards: dict[str, Any]) -> None:
    parsed = nf.body_of(nf.values_of(example()), nf.needs(standards, None))
    fastapi = {"detail": [{"loc": ["body", "specialists", "lawyer", "monthly_salary_rub"], "msg": "x"}]}
    got = nf.service_problems(fastapi, parsed.where)
    lawyer_row = next(k for k, v in nf.values_of(example()).items() if v == ["lawyer"]).rsplit("-", 1)[0]
    assert got[0].field == f"{lawyer_row}-salary"
    kit = {"error": "normalisation_incomplete", "details": {
        "field": "planned_children.3.group",
        "problems": [{"field": "planned_children.3.group", "code": "group_not_covered", "message": "x"}]}}
    got = nf.service_problems(kit, parsed.where)
    assert got[0].field == "plan-3-group"
    assert got[0].message == ("Поле «Плановое число детей, строка 4: группа ЦРГ»: эта группа не входит в группы ЦРГ "
                              "прейскуранта.")


def test_needed_specialists_fill_consecutive_rows_under_those_typed() -> None:
    typed = {"spec-0-code": ["psychologist"], "spec-0-salary": ["52 000"], "spec-1-code": [""]}
    got = nf.with_needed_specialists(typed, ["psychologist", "lawyer", "speech_therapist"])
    assert {k: v for k, v in got.items() if k.endswith("-code") and v != [""]} == {
        "spec-0-code": ["psychologist"], "spec-1-code": ["lawyer"], "spec-2-code": ["speech_therapist"]}
    assert nf.row_count(got, "spec") == 3 and typed["spec-1-code"] == [""]  # the typed values are not changed


def test_an_empty_form_gets_every_needed_specialist_and_a_complete_one_none() -> None:
    needed = ["afk_instructor", "lawyer", "psychologist"]
    empty = nf.with_needed_specialists({}, needed)
    assert [empty[f"spec-{i}-code"] for i in range(3)] == [[c] for c in needed] and nf.row_count(empty, "spec") == 3
    assert nf.with_needed_specialists(empty, needed) == empty
