"""The versioned configuration and the demo provider register built from it."""

from __future__ import annotations

from kria_certificates.domain.face_values import Form
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


def test_every_pilot_region_of_every_configured_year_has_a_face_value() -> None:
    for year, regions in CONFIG.pilot.by_year.items():
        for region in regions:
            values = CONFIG.face_values.lookup(region, year)
            assert all(isinstance(v, int) and v > 0 for v in values.kopecks.values())


def test_the_2026_pilot_has_22_regions_without_moscow_city() -> None:
    regions = CONFIG.pilot.regions_in(2026)
    assert len(regions) == 22 and "58" in regions and "77" not in regions
    assert CONFIG.pilot.regions_in(2027) == regions  # a year without a list keeps the last one


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
