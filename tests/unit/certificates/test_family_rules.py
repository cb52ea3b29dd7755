"""The family's choice and the office's record of the representative: each refusal and the field it names."""

from __future__ import annotations

from datetime import date

import pytest

from kria_certificates.domain import family
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.register import Register
from kria_shared.errors import Conflict, DomainError, InvalidData

from .support import CONFIG, valid_snils

ON = date(2026, 11, 2)
ROW = next(r for r in CONFIG.register.rows if r.region == "58")
PLACE = family.ChildPlace(ROW.region, ROW.municipality or "Пенза", ROW.group, ROW.age_band)
REGISTER = Register(CONFIG.register)


def refused(state: State = State.ISSUED, org: str = ROW.organisation_id, consent: bool = True) -> DomainError | None:
    try:
        family.check_choice(REGISTER, PLACE, state, org, "semi_inpatient", consent, ON)
    except DomainError as exc:
        return exc
    return None


def test_a_registered_organisation_with_consent_is_taken_while_the_certificate_is_issued() -> None:
    assert refused() is None


def test_after_a_reservation_the_choice_is_closed_with_the_state() -> None:
    closed = refused(State.RESERVED)
    assert isinstance(closed, Conflict) and (closed.code, closed.details["state"]) == ("choice_closed", "reserved")


def test_without_consent_the_choice_is_refused_on_consent() -> None:
    missing = refused(consent=False)
    assert isinstance(missing, InvalidData) and (missing.code, missing.details["field"]) == (
        "consent_required", "consent")


def test_an_organisation_outside_the_register_is_refused_on_organisation_id() -> None:
    unknown = refused(org="org-nobody00000")
    assert isinstance(unknown, InvalidData) and (unknown.code, unknown.details["field"]) == (
        "unknown_organisation", "organisation_id")


def test_the_representatives_snils_is_checked_and_is_not_the_childs() -> None:
    digits = family.representative_snils(valid_snils(123_456_789))
    assert digits == valid_snils(123_456_789).replace("-", "").replace(" ", "")
    with pytest.raises(InvalidData) as bad:
        family.representative_snils("123-456-789 00")
    assert (bad.value.code, bad.value.details["field"]) == ("invalid_snils", "snils")
    family.check_not_the_child(digits, None)
    with pytest.raises(InvalidData) as same:
        family.check_not_the_child(digits, digits)
    assert same.value.code == "representative_is_child"
