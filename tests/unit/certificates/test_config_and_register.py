"""The versioned configuration and the demo provider register built from it."""

from __future__ import annotations

import pytest

from kria_certificates.domain.face_values import Form
from kria_certificates.domain.pilot import PilotStatus
from kria_certificates.domain.register import band_of, organisation_id

from .support import CONFIG

REGISTER = CONFIG.register


def test_face_values_are_integer_kopecks_from_the_versioned_table() -> None:
    novosibirsk = CONFIG.face_values.lookup("54", 2026)
    assert novosibirsk.kopecks == {Form.SEMI_INPATIENT: 8_000_000, Form.INPATIENT: 10_000_000}
    assert not novosibirsk.assumed
    sverdlovsk_2022 = CONFIG.face_values.lookup("66", 2022)
    assert sverdlovsk_2022.kopecks == {Form.SEMI_INPATIENT: 7_980_000, Form.INPATIENT: 10_290_000}
    assert CONFIG.face_values.lookup("58", 2026).assumed
    assert max(CONFIG.face_values.lookup("58", 2026).kopecks.values()) == 11_539_500
    assert CONFIG.face_values.version


def test_every_pilot_region_of_every_year_with_a_value_default_has_a_face_value() -> None:
    # 2022-2024: only Sverdlovsk 2022 has a published value; the others are refused no_face_value (API.md)
    for year, regions in CONFIG.pilot.by_year.items():
        if year not in CONFIG.face_values.defaults:
            continue
        for region in regions:
            values = CONFIG.face_values.lookup(region, year)
            assert all(isinstance(v, int) and v > 0 for v in values.kopecks.values())


def test_the_published_lists_by_year() -> None:
    pilot = CONFIG.pilot
    assert {y: len(pilot.regions_in(y)) for y in range(2021, 2029)} == {
        2021: 0, 2022: 2, 2023: 2, 2024: 3, 2025: 6, 2026: 22, 2027: 29, 2028: 0}
    assert pilot.regions_in(2022) == {"66", "72"} and pilot.regions_in(2024) - pilot.regions_in(2023) == {"62"}
    regions = pilot.regions_in(2026)
    assert len(regions) == 22 and "58" in regions and "77" not in regions
    assert pilot.regions_in(2027) > regions  # 2026's regions continue, 7 of the 16 new ones are known


@pytest.mark.parametrize(("region", "year", "status"), [
    ("66", 2021, PilotStatus.NOT_PILOT),  # before the pilot
    ("72", 2022, PilotStatus.PILOT),
    ("62", 2023, PilotStatus.NOT_PILOT),  # Ryazan joined in 2024
    ("62", 2024, PilotStatus.PILOT),
    ("77", 2026, PilotStatus.NOT_PILOT),  # a complete list that does not name Moscow city
    ("33", 2027, PilotStatus.PILOT),
    ("77", 2027, PilotStatus.NOT_CONFIGURED),  # 2027's list is incomplete: not named is not known to be outside
    ("66", 2028, PilotStatus.NOT_CONFIGURED),  # no list: the 2027 one is not reused
])
def test_a_year_without_its_own_complete_list_is_not_configured(region: str, year: int, status: PilotStatus) -> None:
    assert CONFIG.pilot.status(region, year) is status


def test_every_pilot_region_has_an_organisation_for_every_group_band_and_municipality() -> None:
    bands = [b.name for b in CONFIG.age_bands]
    for region in CONFIG.pilot.all_regions() - {"66"}:
        for group in map(str, range(1, 12)):
            for band in bands:
                for municipality in ("какой-то посёлок", "Пенза" if region == "58" else "Город"):
                    found = REGISTER.matching(region=region, group=group, municipality=municipality, age_band=band)
                    assert found and all(r.generated for r in found), (region, group, band)


def test_sverdlovsk_rows_are_real_and_match_named_other_and_whole_region_cells() -> None:
    rows = [r for r in REGISTER.rows if r.region == "66"]
    assert rows and not any(r.generated for r in rows)
    named = REGISTER.matching(region="66", group="1", municipality="Екатеринбург", age_band="до 14")
    assert {r.municipality for r in named} == {"Екатеринбург"}
    others = REGISTER.matching(region="66", group="1", municipality="Ирбит", age_band="до 14")
    assert others and all("остальные МО" in r.municipality for r in others)
    whole = REGISTER.matching(region="66", group="10", municipality="Ирбит", age_band="до 14")
    assert [r.municipality for r in whole] == ["Свердловская область"]


def test_organisation_ids_are_stable_and_short() -> None:
    name = "Демо-центр реабилитации 58 №1"
    assert organisation_id(name) == organisation_id(f" {name} ")
    assert organisation_id(name).startswith("org-") and len(organisation_id(name)) == 14
    assert REGISTER.covers(organisation_id(name), region="58", group="7", municipality="Пенза", age_band="14-17")
    assert not REGISTER.covers(organisation_id(name), region="66", group="7", municipality="Пенза", age_band="14-17")


def test_age_bands_split_at_14_and_an_18_year_old_stays_in_the_older_band() -> None:
    bands = CONFIG.age_bands
    assert [band_of(a, bands) for a in (4, 13, 14, 17, 18)] == ["до 14", "до 14", "14-17", "14-17", "14-17"]
