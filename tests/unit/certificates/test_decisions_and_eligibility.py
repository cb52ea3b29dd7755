"""Validation of an MSE decision and eligibility at the edges (DOMAIN.md §2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kria_certificates.domain.decision import Decision, Invalid, parse
from kria_certificates.domain.eligibility import certificate_valid_until, refusal
from kria_certificates.domain.outcomes import InvalidCode, RefusalCode

from .support import CONFIG, decision, iso, raw

DECIDED = date(2026, 10, 15)


def refused(d: Decision, active: bool = False, face_value_known: bool = True,
            earlier: bool = False) -> RefusalCode | None:
    return refusal(d, CONFIG.eligibility, CONFIG.pilot, has_active_certificate=active,
                   face_value_known=face_value_known, has_earlier_certificate=earlier)


def born_years_before(years: int, days: int = 0) -> str:
    return iso(date(DECIDED.year - years, DECIDED.month, DECIDED.day) + timedelta(days=days))


def test_the_example_child_is_eligible_and_valid_for_twelve_months_from_the_disability_date() -> None:
    d = decision()
    assert refused(d) is None
    assert (d.region, d.main_group, d.snils) == ("66", "6.6", "12340000070")
    assert certificate_valid_until(d, CONFIG.eligibility) == date(2027, 10, 11)


@pytest.mark.parametrize(("birth", "expected"), [
    (born_years_before(4), None),  # the 4th birthday on the decision date: eligible
    (born_years_before(4, days=1), RefusalCode.AGE_OUT_OF_RANGE),  # turns 4 tomorrow
    (born_years_before(18, days=1), None),  # turns 18 tomorrow: still 17
    (born_years_before(18), RefusalCode.AGE_OUT_OF_RANGE),  # the 18th birthday on the decision date
])
def test_age_limits_on_the_decision_date(birth: str, expected: RefusalCode | None) -> None:
    assert refused(decision(birth_date=birth, disability_established_on=iso(DECIDED))) is expected


def test_a_child_born_on_29_february_turns_18_on_1_march_of_a_common_year() -> None:
    def on(day: str) -> Decision:
        return decision(birth_date="29.02.2008", decided_on=day, disability_established_on="01.02.2026")

    assert refused(on("28.02.2026")) is None  # still 17
    assert refused(on("01.03.2026")) is RefusalCode.AGE_OUT_OF_RANGE  # the 18th birthday


def test_the_right_lasts_twelve_months_from_the_date_the_disability_was_established() -> None:
    last_day = decision(disability_established_on="16.10.2025")  # valid until 15.10.2026 = the decision date
    assert refused(last_day) is None
    one_day_late = decision(disability_established_on="15.10.2025")  # valid until 14.10.2026
    assert refused(one_day_late) is RefusalCode.RIGHT_EXPIRED


@pytest.mark.parametrize(("changes", "expected"), [
    ({"protocol_number": "300.8.77/2026"}, RefusalCode.NOT_PILOT_REGION),  # Moscow city is not in the pilot
    ({"protocol_number": "300.8.58/2025", "decided_on": "15.10.2025", "disability_established_on": "12.10.2025"},
     RefusalCode.NOT_PILOT_REGION),  # Penza joined in 2026
    ({"medical_indications": "нет"}, RefusalCode.NO_MEDICAL_INDICATIONS),
    ({"contraindications": "да"}, RefusalCode.CONTRAINDICATIONS),
    ({"first_time": False}, RefusalCode.NOT_FIRST_TIME),
])
def test_each_refusal_has_its_reason_code(changes: dict[str, object], expected: RefusalCode) -> None:
    assert refused(decision(**changes)) is expected


def test_a_child_with_an_active_certificate_is_refused() -> None:
    assert refused(decision(), active=True) is RefusalCode.ACTIVE_CERTIFICATE_EXISTS


def test_a_child_whose_history_holds_a_certificate_is_not_first_time_whatever_the_flag_says() -> None:
    assert refused(decision(), earlier=True) is RefusalCode.EARLIER_CERTIFICATE_EXISTS
    assert refused(decision(first_time=True), earlier=True) is RefusalCode.EARLIER_CERTIFICATE_EXISTS
    assert refused(decision(first_time=False), earlier=True) is RefusalCode.NOT_FIRST_TIME  # the source said so
    assert refused(decision(), earlier=False) is None


def test_a_pilot_region_without_a_face_value_is_told_apart_from_a_region_outside_the_pilot() -> None:
    assert refused(decision(), face_value_known=False) is RefusalCode.NO_FACE_VALUE
    # the child's own reason comes first: the missing value is only the answer for an otherwise eligible child
    assert refused(decision(contraindications="да"), face_value_known=False) is RefusalCode.CONTRAINDICATIONS
    assert refused(decision(protocol_number="300.8.77/2026"), face_value_known=False) is RefusalCode.NOT_PILOT_REGION


def sverdlovsk_in(year: int) -> Decision:
    return decision(protocol_number=f"300.8.66/{year}", decided_on=f"15.10.{year}",
                    birth_date=f"03.05.{year - 10}", disability_established_on=f"12.10.{year}")


def test_sverdlovsk_is_a_pilot_region_in_2022_with_its_published_face_value() -> None:
    # the real register (providers_sverdlovsk_2022.csv) and the 79.8k-102.9k RUB value are Sverdlovsk's 2022 ones
    assert refused(sverdlovsk_in(2022)) is None
    values = CONFIG.face_values.lookup("66", 2022)
    assert ({f.value: v for f, v in values.kopecks.items()}, values.assumed) == (
        {"semi_inpatient": 7_980_000, "inpatient": 10_290_000}, False)
    assert CONFIG.pilot.regions_in(2021) == frozenset()  # the pilot began in 2022


def test_every_face_value_row_is_for_a_pilot_region_of_its_year() -> None:
    for region, year in CONFIG.face_values.rows:
        assert CONFIG.pilot.is_pilot(region, year), (region, year)


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"snils": "123-400-000 71"}, InvalidCode.INVALID_SNILS, "snils"),
    ({"snils": ""}, InvalidCode.MISSING_FIELD, "snils"),
    ({"target_group": "12.1"}, InvalidCode.UNKNOWN_TARGET_GROUP, "target_group"),
    ({"target_group": "2.3"}, InvalidCode.UNKNOWN_TARGET_GROUP, "target_group"),
    ({"additional_target_groups": "5, 99"}, InvalidCode.UNKNOWN_TARGET_GROUP, "additional_target_groups"),
    ({"additional_target_groups": "5,6.6,7.1"}, InvalidCode.BAD_VALUE, "additional_target_groups"),
    ({"decided_on": ""}, InvalidCode.MISSING_FIELD, "decided_on"),
    ({"last_name": "  "}, InvalidCode.MISSING_FIELD, "last_name"),
    ({"decided_on": "31.02.2026"}, InvalidCode.BAD_DATE, "decided_on"),
    ({"birth_date": "2012/05/03"}, InvalidCode.BAD_DATE, "birth_date"),
    ({"birth_date": "16.10.2026"}, InvalidCode.BAD_DATE, "birth_date"),
    ({"protocol_number": "300/2026"}, InvalidCode.BAD_VALUE, "protocol_number"),
    ({"medical_indications": "может быть"}, InvalidCode.BAD_VALUE, "medical_indications"),
    ({"contraindications": None}, InvalidCode.MISSING_FIELD, "contraindications"),
    ({"address": "ул. Ленина " * 200}, InvalidCode.BAD_VALUE, "address"),
    ({"representative": "я" * 1001}, InvalidCode.BAD_VALUE, "representative"),
    ({"last_name": "Смир\x00нов"}, InvalidCode.BAD_VALUE, "last_name"),
    ({"municipality": "Екатеринбург\x1b"}, InvalidCode.BAD_VALUE, "municipality"),
    ({"address": "620089, Свердловская обл; \ud800"}, InvalidCode.BAD_VALUE, "address"),
    ({"first_name": "Ив\x7fан"}, InvalidCode.BAD_VALUE, "first_name"),
])
def test_each_invalid_decision_names_its_field(changes: dict[str, object], code: InvalidCode, field: str) -> None:
    parsed = parse(raw(**changes), CONFIG.catalogue, "Екатеринбург")
    assert isinstance(parsed, Invalid)
    assert (parsed.code, parsed.field) == (code, field)


def test_a_control_character_is_named_by_its_code_point_and_the_reason_quotes_no_content() -> None:
    parsed = parse(raw(patronymic="Пет\x00рович"), CONFIG.catalogue, "Екатеринбург")
    assert isinstance(parsed, Invalid)
    assert (parsed.field, parsed.reason) == ("patronymic", "control character U+0000 at position 4")


def test_tabs_and_line_breaks_in_an_address_are_not_control_characters_here() -> None:
    assert isinstance(parse(raw(address="620089, Свердловская обл;\r\nЕкатеринбург г,\tул. Ленина"),
                            CONFIG.catalogue, "Екатеринбург"), Decision)


def test_group_codes_alone_and_additional_groups_are_accepted() -> None:
    d = decision(target_group="5", additional_target_groups="1.3, 6")
    assert (d.main_group, d.additional_groups) == ("5", ("1.3", "6"))


def test_a_decision_without_municipality_or_address_is_invalid() -> None:
    parsed = parse(raw(address=""), CONFIG.catalogue, "")
    assert isinstance(parsed, Invalid) and parsed.field == "municipality"


def test_the_json_decision_takes_the_mses_degrees_by_category_and_refuses_an_unknown_one() -> None:
    import pydantic

    from kria_certificates.usecases.intake.json_decision import MseDecisionIn

    body = MseDecisionIn(limitations={"self_care": "Вторая", "learning": 0})
    assert (body.raw().limitation_self_care, body.raw().limitation_learning) == ("Вторая", "0")
    with pytest.raises(pydantic.ValidationError, match="flying"):
        MseDecisionIn(limitations={"flying": 1})
