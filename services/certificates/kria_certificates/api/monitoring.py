"""The monitoring report of order 525н over HTTP: JSON, or the XLSX workbook to download."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from kria_certificates.documents.monitoring_xlsx import workbook
from kria_certificates.domain.monitoring import Period, PeriodKind
from kria_certificates.schemas import MonitoringReportOut
from kria_certificates.usecases import Deps
from kria_certificates.usecases.monitoring_report import monitoring_report
from kria_shared.auth import Principal, Role, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READERS = (Role.SFR_OPERATOR, Role.PLATFORM_OPERATOR)


def build_monitoring_router(deps: Deps) -> APIRouter:
    router = APIRouter(prefix="/v1/reports/monitoring", tags=["reports"])

    async def report(year: int, period: PeriodKind, region: str | None) -> MonitoringReportOut:
        return await monitoring_report(deps, Period(year, period), region)

    @router.get("", response_model=MonitoringReportOut)
    async def as_json(
        year: int = Query(ge=2020, le=2100), period: PeriodKind = PeriodKind.YEAR,
        region: str | None = Query(None, pattern=r"^\d{2}$"),
        _: Principal = require(*READERS),
    ) -> MonitoringReportOut:
        """Half-year (``h1``: January–June) or year: by region, ЦРГ group and organisation."""
        return await report(year, period, region)

    @router.get("/xlsx", response_class=Response,
                responses={200: {"content": {XLSX: {}}, "description": "the workbook"}})
    async def as_xlsx(
        year: int = Query(ge=2020, le=2100), period: PeriodKind = PeriodKind.YEAR,
        region: str | None = Query(None, pattern=r"^\d{2}$"),
        _: Principal = require(*READERS),
    ) -> Response:
        printed = (await report(year, period, region)).model_dump(mode="json", by_alias=True)
        body = workbook(printed, "Мониторинг комплексной реабилитации детей-инвалидов "
                        "по электронному сертификату (приказ № 525н)")
        name = f"monitoring-{year}-{period.value}{'-' + region if region else ''}.xlsx"
        return Response(body, media_type=XLSX, headers={"content-disposition": f'attachment; filename="{name}"'})

    return router
