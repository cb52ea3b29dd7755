"""The MSE documents' layout rules (pure): who sees which line, the number, the age and degree wording."""

from __future__ import annotations

from datetime import date

import pytest

from kria_certificates.domain.mse_forms import Addressee, MseFormData, age_text, build, check_provider_may_read, degree
from kria_shared.errors import Forbidden

DATA = MseFormData(
    protocol_number="300.8.66/2026", bureau_body="ФКУ «ГБ МСЭ по Свердловской области» Минтруда России",
    last_name="Смирнов", first_name="Иван", patronymic="Петрович", birth_date=date(2012, 5, 3),
    decided_on=date(2026, 10, 15), snils="12340000070", sex="МУЖ", address="620089, Екатеринбург г, ул. Ленина, д. 1",
    representative="Смирнова Мария Викторовна", phones=("8-912-000-00-00",), main_disease="Сахарный диабет",
    main_icd="E10.9", max_impairment_percent="50", limitations={"self_care": 2}, ipra_number="200.8.66/2026",
)


@pytest.mark.parametrize(("years", "word"), [(1, "год"), (2, "года"), (5, "лет"), (11, "лет"), (14, "лет"),
                                             (21, "год"), (22, "года"), (17, "лет")])
def test_the_age_is_written_with_its_russian_plural(years: int, word: str) -> None:
    assert age_text(date(2000, 1, 1), date(2000 + years, 1, 1)) == f"{years} {word}"


def test_the_export_degrees_read_as_numbers() -> None:
    assert [degree(t) for t in ("Первая", "вторая ", "Третья", "Не установлено", "")] == [1, 2, 3, 0, 0]


def test_every_document_is_numbered_as_the_protocol_and_names_the_bureau() -> None:
    for to in Addressee:
        doc = build(DATA, to)
        assert doc.number == "№ 300.8.66/2026"
        assert "Бюро № 8 — филиал ФКУ «ГБ МСЭ по Свердловской области» Минтруда России" in doc.header


def test_the_diagnosis_is_only_in_the_form_and_the_parents_see_no_personal_data() -> None:
    text = {to: build(DATA, to).text() for to in Addressee}
    assert "Сахарный диабет" in text[Addressee.FORM] and "50 %" in text[Addressee.FORM]
    for to in (Addressee.SFR, Addressee.ORGANISATION, Addressee.PARENTS):
        assert "Сахарный диабет" not in text[to] and "E10.9" not in text[to] and "50 %" not in text[to]
    assert "123-400-000 70" in text[Addressee.SFR] and "123-400-000 70" in text[Addressee.ORGANISATION]
    for private in ("123-400-000 70", "Смирнова Мария", "620089", "8-912", "200.8.66/2026"):
        assert private not in text[Addressee.PARENTS]
    assert "1 степень" in text[Addressee.ORGANISATION] and "1 степень" not in text[Addressee.SFR]


def test_a_provider_reads_the_organisations_extract_only() -> None:
    check_provider_may_read(Addressee.ORGANISATION)
    for kind in set(Addressee) - {Addressee.ORGANISATION}:
        with pytest.raises(Forbidden) as refused:
            check_provider_may_read(kind)
        assert (refused.value.code, refused.value.details["field"]) == ("document_not_for_addressee", "kind")
