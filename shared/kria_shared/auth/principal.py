"""Who is calling: the claims of a verified token mapped to a principal."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    SFR_OPERATOR = "sfr_operator"  # the Social Fund's regional office
    MSE_SYSTEM = "mse_system"  # the MSE information system's account (decisions intake)
    PROVIDER = "provider"  # a rehabilitation organisation's staff, bound to one organisation
    MSE_EXPERT = "mse_expert"  # an expert of the main MSE bureau
    MSE_HEAD = "mse_head"  # the head of the main bureau or an authorised deputy (signer)
    FEDERAL_MSE = "federal_mse"  # the federal bureau: read-only, 10 days per conclusion
    PLATFORM_OPERATOR = "platform_operator"


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    subject: str
    roles: frozenset[Role]
    organisation_id: str | None = None
    bureau_id: str | None = None
    signer_snils: str | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))
