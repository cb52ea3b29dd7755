"""Who may sign for the bureau: the head and the deputies the head authorised, each for a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

REGISTER_ZONE = ZoneInfo("Europe/Moscow")  # the register's authority dates are Moscow calendar days


class SignerRole(StrEnum):
    HEAD = "head"
    DEPUTY = "deputy"


# Assumed wording when the register gives no position (the ЕЦП form's wording is not published).
DEFAULT_POSITIONS = {
    SignerRole.HEAD: "руководитель главного бюро медико-социальной экспертизы",
    SignerRole.DEPUTY: "заместитель руководителя главного бюро медико-социальной экспертизы, уполномоченное "
                       "должностное лицо",
}


@dataclass(frozen=True)
class AuthorisedSigner:
    name: str
    snils: str
    role: SignerRole
    valid_from: date | None = None  # None: open-ended
    valid_until: date | None = None  # inclusive
    position: str | None = None  # as the register states it; None: worded from the role (assumed wording)

    @property
    def position_words(self) -> str:
        """The position printed beside the name on the conclusion."""
        return self.position or DEFAULT_POSITIONS[self.role]

    def authorised_on(self, day: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= day
        ends_ok = self.valid_until is None or day <= self.valid_until
        return starts_ok and ends_ok


@dataclass(frozen=True)
class SignerRegister:
    version: str
    bureau_ogrn: str
    signers: tuple[AuthorisedSigner, ...]

    def authorised_snils(self, day: date) -> set[str]:
        return {s.snils for s in self.signers if s.authorised_on(day)}

    def authorised_at(self, moment: datetime) -> set[str]:
        """Who could sign at ``moment`` (a signature's signingTime): judged on that Moscow calendar day."""
        return self.authorised_snils(moment.astimezone(REGISTER_ZONE).date())

    def find(self, snils: str | None) -> AuthorisedSigner | None:
        return next((s for s in self.signers if snils is not None and s.snils == snils), None)
