"""The family: whose legal representative a person is, which organisations fit the child, the choice and consent.

ASSUMPTION (docs/family.md): the MSE export names the representative (name, birth date, identity document) but
not their SNILS, while the identity provider (ЕСИА) identifies a person by SNILS. The certificate is issued on the
representative's application to the Social Fund, which carries their SNILS; the office records it on the
certificate (the family link). A person signed in with that SNILS is the child's representative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kria_certificates.domain import snils
from kria_certificates.domain.dates import age_in_full_years
from kria_certificates.domain.lifecycle import State
from kria_certificates.domain.register import AgeBand, Refusal, Register, RegisterRow, band_of, refusal
from kria_certificates.domain.target_groups import group_of
from kria_shared.errors import Conflict, InvalidData

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


def check_choice(register: Register, place: ChildPlace, state: State, organisation_id: str, form: str,
                 consent: bool, on: date, occupied: int = 0) -> None:
    """The family's choice is taken, or the refusal: the certificate's state (409), the consent, the register's
    own reservation rules (suspended, not registered, form, capacity), each naming its field (422)."""
    if state not in CHOOSING_STATES:
        raise Conflict("choice_closed", "организацию выбирают, пока сертификат выдан и не забронирован",
                       state=state.value)
    if not consent:
        raise InvalidData("consent_required", "нужно согласие законного представителя на курс", field="consent")
    refused: Refusal | None = refusal(register, organisation_id, region=place.region, target_group=place.group,
                                      municipality=place.municipality, age_band=place.age_band, form=form, on=on,
                                      occupied=occupied)
    if refused is not None:
        raise InvalidData(refused.code, refused.message, field="organisation_id")


def representative_snils(raw: str) -> str:
    """The representative's SNILS as the office records it (eleven digits), or why it is not a SNILS."""
    try:
        return snils.normalise(raw)
    except snils.InvalidSnils as exc:
        raise InvalidData("invalid_snils", f"СНИЛС законного представителя: {exc}", field="snils") from exc


def check_not_the_child(representative: str, child_snils: str | None) -> None:
    """The representative is another person than the child (both normalised)."""
    if child_snils is not None and child_snils == representative:
        raise InvalidData("representative_is_child", "СНИЛС законного представителя совпадает со СНИЛС ребёнка",
                          field="snils")
