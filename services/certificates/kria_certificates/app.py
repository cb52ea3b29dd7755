"""Composition root of the certificates service: wiring only."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from kria_certificates import migrations
from kria_certificates.api.certificates import build_reads_router
from kria_certificates.api.commands import build_commands_router
from kria_certificates.api.family import build_family_router
from kria_certificates.api.held import build_held_router
from kria_certificates.api.intake import build_intake_router
from kria_certificates.api.monitoring import build_monitoring_router
from kria_certificates.api.mse_documents import build_documents_router
from kria_certificates.api.particulars import build_particulars_router
from kria_certificates.api.register import build_register_router
from kria_certificates.api.settlement_documents import build_settlement_documents_router
from kria_certificates.api.settlements import build_settlements_router
from kria_certificates.config.loader import CertificatesConfig, default_config
from kria_certificates.handlers import CostingHandlers, SigningHandlers
from kria_certificates.store.models import TABLES
from kria_certificates.usecases.expiry_sweep import expire_due, refresh_state_gauge
from kria_certificates.usecases.intake.held import take_up_held
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.contracts.signing import ConclusionSigned
from kria_shared.contracts.topics import Topics
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings, load_settings

GAUGE_REFRESH_S = 15.0
log = logging.getLogger("kria.certificates")


def create_app(settings: ServiceSettings | None = None, config: CertificatesConfig | None = None) -> FastAPI:
    settings = settings or load_settings("certificates")
    config = config or default_config()
    runtime = ServiceRuntime(settings, tables=TABLES, migrations=migrations.SCRIPTS,
                             topics=[Topics.COSTING, Topics.SIGNING])  # signing: the monitoring's verdicts
    deps = runtime.deps(config)
    costing = CostingHandlers(runtime.clock)
    runtime.handle({
        EstimateCalculated: costing.on_estimate_calculated,
        EstimateRejected: costing.on_estimate_rejected,
        CostSettled: costing.on_cost_settled,
        ConclusionSigned: SigningHandlers().on_conclusion_signed,
    })

    async def sweep() -> None:
        await expire_due(deps)
        await take_up_held(deps)

    async def gauge() -> None:
        await refresh_state_gauge(deps)

    runtime.every(config.sweep_interval_s, sweep)
    runtime.every(GAUGE_REFRESH_S, gauge)
    async def take_up_at_start() -> None:  # once at start: a new config takes up what waited for it
        try:
            await take_up_held(deps)
        except Exception:
            log.exception("taking up the held MSE decisions failed; the sweep tries again")

    runtime.run_in_background(take_up_at_start)
    routers = [build_intake_router(deps), build_commands_router(deps), build_reads_router(deps),
               build_register_router(deps), build_settlements_router(deps), build_monitoring_router(deps),
               build_held_router(deps), build_documents_router(deps),
               build_settlement_documents_router(deps), build_family_router(deps),
               build_particulars_router(deps)]
    return runtime.http_app(routers, title="KRiA certificates",
                            description="Electronic certificates from the MSE decision to settlement")
