"""Composition root of the certificates service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from kria_certificates import migrations
from kria_certificates.api_commands import build_commands_router
from kria_certificates.api_documents import build_documents_router
from kria_certificates.api_intake import build_intake_router
from kria_certificates.api_reads import build_reads_router
from kria_certificates.api_register import build_register_router
from kria_certificates.config_loader import CertificatesConfig, default_config
from kria_certificates.context import ServiceContext
from kria_certificates.handlers import CostingHandlers
from kria_certificates.models import TABLES
from kria_certificates.sweep import expire_due, refresh_state_gauge
from kria_shared.contracts.costing import CostSettled, EstimateCalculated, EstimateRejected
from kria_shared.contracts.topics import Topics
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings, load_settings

GAUGE_REFRESH_S = 15.0


def create_app(settings: ServiceSettings | None = None, config: CertificatesConfig | None = None) -> FastAPI:
    settings = settings or load_settings("certificates")
    config = config or default_config()
    runtime = ServiceRuntime(settings, tables=TABLES, migrations=migrations.SCRIPTS, topics=[Topics.COSTING])
    ctx = ServiceContext(runtime.db, runtime.uows, runtime.clock, config)
    costing = CostingHandlers(runtime.clock)
    runtime.handle({
        EstimateCalculated: costing.on_estimate_calculated,
        EstimateRejected: costing.on_estimate_rejected,
        CostSettled: costing.on_cost_settled,
    })

    async def sweep() -> None:
        await expire_due(ctx)

    async def gauge() -> None:
        await refresh_state_gauge(ctx)

    runtime.every(config.sweep_interval_s, sweep)
    runtime.every(GAUGE_REFRESH_S, gauge)
    routers = [build_intake_router(ctx), build_commands_router(ctx), build_reads_router(ctx),
               build_register_router(ctx), build_documents_router(ctx)]
    return runtime.http_app(routers, title="KRiA certificates",
                            description="Electronic certificates from the MSE decision to settlement")
