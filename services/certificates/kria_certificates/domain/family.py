"""The family: whose legal representative a person is, which organisations fit the child, the choice and consent.

ASSUMPTION (docs/family.md): the MSE export names the representative (name, birth date, identity document) but
not their SNILS, while the identity provider (ЕСИА) identifies a person by SNILS. The certificate is issued on the
representative's application to the Social Fund, which carries their SNILS; the office records it on the
certificate (the family link). A person signed in with that SNILS is the child's representative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kria_certificates.domain.dates import age_in_full_years
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.register import AgeBand, Refusal, Register, RegisterRow, band_of, refusal
from kria_certificates.domain.target_groups import group_of

# The family chooses before the organisation reserves: once a reservation is asked for, the choice is made.
CHOOSING_STATES = frozenset({State.ISSUED})


@dataclass(frozen=True)
class ChildPlace:
    """What the register's rules need of a certificate: where the child lives, the group, the age band."""

    region: str
    municipality: str
    group: str
    age_band: str


def place_of(region: str, municipality: str, main_group: str, birth_date: date, decided_on: date,
             bands: list[AgeBand]) -> ChildPlace:
    """The age on the decision date governs for the whole validity (as for the reservation itself)."""
    return ChildPlace(region, municipality, group_of(main_group),
                      band_of(age_in_full_years(birth_date, decided_on), bands))


def is_representative(linked_snils: str | None, person_snils: str | None) -> bool:
    """Both are normalised eleven digits; no link, or no SNILS in the token, is never a match."""
    return bool(linked_snils) and bool(person_snils) and linked_snils == person_snils


def fitting(register: Register, place: ChildPlace, on: date) -> list[RegisterRow]:
    """One row per organisation in force on ``on`` for the child's group, municipality and age band."""
    rows = register.on(on).matching(region=place.region, group=place.group, municipality=place.municipality,
                                    age_band=place.age_band)
    seen: dict[str, RegisterRow] = {}
    for r in rows:
        seen.setdefault(r.organisation_id, r)
    return sorted(seen.values(), key=lambda r: r.name)


def choice_refusal(register: Register, place: ChildPlace, state: State, organisation_id: str, form: str,
                   consent: bool, on: date, occupied: int = 0) -> tuple[str, str, str] | None:
    """(code, field, message) why the family's choice is not taken, or None: the register's own reservation
    rules (suspended, not registered, form, capacity), the certificate's state, the consent."""
    if state not in CHOOSING_STATES:
        return ("choice_closed", "organisation_id",
                "организацию выбирают, пока сертификат выдан и не забронирован")
    if not consent:
        return ("consent_required", "consent", "нужно согласие законного представителя на курс")
    refused: Refusal | None = refusal(register, organisation_id, region=place.region, target_group=place.group,
                                      municipality=place.municipality, age_band=place.age_band, form=form, on=on,
                                      occupied=occupied)
    if refused is not None:
        return refused.code, "organisation_id", refused.message
    return None
