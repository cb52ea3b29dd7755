"""Composition root of the certificates service: wiring only."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from kria_certificates import migrations
from kria_certificates.api.family import build_family_router
from kria_certificates.api_commands import build_commands_router
from kria_certificates.api_documents import build_documents_router
from kria_certificates.api_held import build_held_router
from kria_certificates.api_intake import build_intake_router
from kria_certificates.api_monitoring import build_monitoring_router
from kria_certificates.api_reads import build_reads_router
from kria_certificates.api_register import build_register_router
from kria_certificates.api_settlements import build_settlements_router
from kria_certificates.config_loader import CertificatesConfig, default_config
from kria_certificates.context import ServiceContext
from kria_certificates.handlers import CostingHandlers, SigningHandlers
from kria_certificates.intake.held import take_up_held
from kria_certificates.models import TABLES
from kria_certificates.sweep import expire_due, refresh_state_gauge
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
    ctx = ServiceContext(runtime.db, runtime.uows, runtime.clock, config)
    costing = CostingHandlers(runtime.clock)
    runtime.handle({
        EstimateCalculated: costing.on_estimate_calculated,
        EstimateRejected: costing.on_estimate_rejected,
        CostSettled: costing.on_cost_settled,
        ConclusionSigned: SigningHandlers().on_conclusion_signed,
    })

    async def sweep() -> None:
        await expire_due(ctx)
        await take_up_held(ctx)

    async def gauge() -> None:
        await refresh_state_gauge(ctx)

    runtime.every(config.sweep_interval_s, sweep)
    runtime.every(GAUGE_REFRESH_S, gauge)
    async def take_up_at_start() -> None:  # once at start: a new config takes up what waited for it
        try:
            await take_up_held(ctx)
        except Exception:
            log.exception("taking up the held MSE decisions failed; the sweep tries again")

    runtime.run_in_background(take_up_at_start)
    routers = [build_intake_router(ctx), build_commands_router(ctx), build_reads_router(ctx),
               build_register_router(ctx), build_settlements_router(ctx), build_monitoring_router(ctx),
               build_held_router(ctx), build_documents_router(ctx), build_family_router(ctx)]
    return runtime.http_app(routers, title="KRiA certificates",
                            description="Electronic certificates from the MSE decision to settlement")
