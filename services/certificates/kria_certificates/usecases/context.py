"""What the routers, the sweep and the CLI share: the store's units of work, the clock, the config."""

from __future__ import annotations

from dataclasses import dataclass

from kria_certificates.config.loader import CertificatesConfig
from kria_certificates.usecases.commands import CertificateCommands
from kria_certificates.usecases.intake.decisions import DecisionIntake
from kria_certificates.usecases.transitions import Actor
from kria_shared.auth import Principal, Role
from kria_shared.clock import Clock
from kria_shared.db import Database
from kria_shared.errors import Forbidden
from kria_shared.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class ServiceContext:
    db: Database
    uows: UnitOfWorkFactory
    clock: Clock
    config: CertificatesConfig

    @property
    def intake(self) -> DecisionIntake:
        return DecisionIntake(self.config, self.clock)

    @property
    def commands(self) -> CertificateCommands:
        return CertificateCommands(self.config, self.clock)


def actor_of(principal: Principal, *roles: Role) -> Actor:
    """The actor recorded in the history: the first of ``roles`` the caller holds."""
    role = next((r for r in roles if principal.has(r)), roles[0])
    return Actor(role.value, principal.subject)


def provider_scope(principal: Principal) -> str | None:
    """None for the СФР operator (sees every certificate); the organisation id for a provider."""
    if principal.has(Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR):
        return None
    if not principal.organisation_id:
        raise Forbidden("no_organisation", "the provider token names no organisation")
    return principal.organisation_id
