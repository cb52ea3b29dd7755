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
    # The head of a rehabilitation organisation or a person the head authorised (bound to one organisation):
    # approves the price list by the organisation's order and signs the control-assessment protocol. Four eyes:
    # the staff role `provider` drafts, this role approves.
    PROVIDER_HEAD = "provider_head"
    REGION_MINISTRY = "region_ministry"  # the region's ministry (social protection): reads approved price lists
    LEGAL_REPRESENTATIVE = "legal_representative"  # the family: a child's parent or guardian (signer_snils = theirs)


# Roles bound to one party: a token holding one of a group holds no role outside it (tokens.confine).
BOUND_ROLE_GROUPS: tuple[frozenset[Role], ...] = (
    frozenset({Role.PROVIDER, Role.PROVIDER_HEAD}),  # one organisation (principal.organisation_id)
    frozenset({Role.LEGAL_REPRESENTATIVE}),  # one family (principal.signer_snils)
)


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    subject: str
    roles: frozenset[Role]
    organisation_id: str | None = None
    bureau_id: str | None = None
    signer_snils: str | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))
