"""The register kept by the СФР office: its changes layered on the configured register, read on a date."""

from __future__ import annotations

from datetime import date

import pytest

from kria_certificates.domain.register import (
    Coverage,
    OfficeEntry,
    Register,
    RegisterRow,
    admits,
    check_addition,
    check_change,
    refusal,
)
from kria_certificates.domain.register_history import ChangeKind, Status, StatusChange, change_refusal, status_on
from kria_shared.errors import DomainError

from .support import CONFIG

CONFIGURED = next(r.organisation_id for r in CONFIG.register.rows if r.region == "58")
NEW = "org-new0000001"
ROW = RegisterRow(NEW, "Новый центр", "58", "6", "Пенза", Coverage.NAMED, "до 14", generated=False)
MAY, JUNE, JULY = date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)


def register(*changes: tuple[str, ChangeKind, date], capacity: int | None = None) -> Register:
    entry = OfficeEntry(ROW, JUNE, frozenset({"semi_inpatient"}), capacity)
    history = tuple(StatusChange(org, kind, on, seq) for seq, (org, kind, on) in enumerate(changes, 1))
    return Register(CONFIG.register, (entry,), history)


def why(reg: Register, org: str = NEW, *, on: date, form: str = "semi_inpatient", band: str = "до 14",
        municipality: str = "Пенза", occupied: int = 0) -> str | None:
    found = refusal(reg, org, region="58", target_group="6", municipality=municipality, age_band=band, form=form,
                    on=on, occupied=occupied)
    return found.code if found else None


def test_an_added_organisation_is_admitted_from_its_effective_date_for_its_rows_and_forms_only() -> None:
    reg = register((NEW, ChangeKind.ADDED, JUNE))
    assert why(reg, on=MAY) == "organisation_not_registered"  # before the addition takes effect
    assert why(reg, on=JUNE) is None and admits(reg, NEW, region="58", target_group="6", municipality="пенза",
                                                 age_band="до 14", form="semi_inpatient", on=JULY)
    assert why(reg, on=JULY, band="14-17") == "organisation_not_registered"
    assert why(reg, on=JULY, municipality="Кузнецк") == "organisation_not_registered"
    assert why(reg, on=JULY, form="inpatient") == "form_not_registered"
    assert why(reg, "org-nobody00000", on=JULY) == "unknown_organisation"


def test_suspension_and_withdrawal_take_effect_on_their_date_and_history_is_kept() -> None:
    reg = register((NEW, ChangeKind.ADDED, JUNE), (NEW, ChangeKind.SUSPENDED, date(2026, 6, 10)),
                   (NEW, ChangeKind.REINSTATED, date(2026, 6, 20)), (NEW, ChangeKind.WITHDRAWN, JULY))
    assert why(reg, on=date(2026, 6, 9)) is None
    assert why(reg, on=date(2026, 6, 10)) == "organisation_suspended"
    assert why(reg, on=date(2026, 6, 20)) is None
    assert why(reg, on=JULY) == "organisation_withdrawn"
    assert reg.status_on(NEW, date(2026, 6, 15)) is Status.SUSPENDED


def test_a_configured_organisation_is_active_until_the_office_suspends_it() -> None:
    reg = register((CONFIGURED, ChangeKind.SUSPENDED, JUNE))
    assert why(reg, CONFIGURED, on=MAY, form="inpatient") is None
    assert why(reg, CONFIGURED, on=JUNE, form="inpatient") == "organisation_suspended"
    assert not reg.on(JUNE).matching(organisation_id=CONFIGURED)
    assert reg.on(MAY).matching(organisation_id=CONFIGURED)


def test_capacity_bounds_the_children_held_at_once() -> None:
    reg = register((NEW, ChangeKind.ADDED, JUNE), capacity=2)
    assert why(reg, on=JULY, occupied=1) is None
    assert why(reg, on=JULY, occupied=2) == "organisation_at_capacity"


def test_the_office_changes_follow_the_status_and_are_never_back_dated() -> None:
    history = [StatusChange(NEW, ChangeKind.ADDED, JUNE, 1), StatusChange(NEW, ChangeKind.WITHDRAWN, JULY, 2)]
    for kind in ChangeKind:
        refused = change_refusal(history, NEW, kind, date(2026, 8, 1), configured=False)
        assert refused is not None and refused.code == "register_change_not_allowed"  # withdrawn is final
    first = history[:1]
    assert change_refusal(first, NEW, ChangeKind.REINSTATED, JULY, configured=False) is not None  # not suspended
    early = change_refusal(first, NEW, ChangeKind.SUSPENDED, MAY, configured=False)
    assert early is not None and (early.code, early.field) == ("effective_date_before_last_change", "effective_on")
    assert change_refusal(first, NEW, ChangeKind.SUSPENDED, JUNE, configured=False) is None
    assert change_refusal([], CONFIGURED, ChangeKind.WITHDRAWN, MAY, configured=True) is None
    assert change_refusal([], NEW, ChangeKind.SUSPENDED, MAY, configured=False) is not None  # not in the register
    assert status_on(history, NEW, MAY, configured=False) is None


def refused_addition(org: str = NEW, region: str = "58", lines: list[tuple[str, str]] | None = None,
                     reg: Register | None = None) -> tuple[str, object]:
    try:
        check_addition(reg or register((NEW, ChangeKind.ADDED, JUNE)), org, region,
                       [("6", "до 14")] if lines is None else lines, pilot_regions=CONFIG.pilot.all_regions(),
                       age_bands=[b.name for b in CONFIG.age_bands])
    except DomainError as exc:
        return exc.code, exc.details.get("field")
    return "", None


def test_an_addition_names_the_field_it_is_refused_on() -> None:
    assert refused_addition() == ("", None)  # more rows for an organisation of the same region
    assert refused_addition("org-other000001") == ("", None)
    assert refused_addition(region="99") == ("region_not_in_pilot", "region")
    assert refused_addition(lines=[("6", "до 14"), ("12", "до 14")]) == ("unknown_target_group", "lines.1.target_group")
    assert refused_addition(lines=[("6", "18+")]) == ("unknown_age_band", "lines.0.age_band")
    assert refused_addition(CONFIGURED) == ("organisation_configured", "organisation_id")
    other_region = next(r for r in sorted(CONFIG.pilot.all_regions()) if r != "58")
    assert refused_addition(region=other_region) == ("organisation_in_another_region", "region")


def test_a_change_the_status_does_not_allow_is_refused_on_the_organisation() -> None:
    reg = register((NEW, ChangeKind.ADDED, JUNE))
    check_change(reg, NEW, ChangeKind.SUSPENDED, JULY)
    with pytest.raises(DomainError) as refused:
        check_change(reg, NEW, ChangeKind.REINSTATED, JULY)
    assert (refused.value.code, refused.value.details["field"]) == ("register_change_not_allowed", "organisation_id")
    with pytest.raises(DomainError) as early:
        check_change(reg, NEW, ChangeKind.SUSPENDED, MAY)
    assert early.value.details["field"] == "effective_on"
