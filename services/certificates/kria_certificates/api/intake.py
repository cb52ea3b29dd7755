"""MSE decisions in: one decision as JSON, or an export file (multipart field ``file`` or a text/csv body)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from kria_certificates.domain import upload
from kria_certificates.domain.access import actor_of
from kria_certificates.schemas import DecisionOut
from kria_certificates.usecases import Deps
from kria_certificates.usecases.intake import mse_export
from kria_certificates.usecases.intake.decisions import DecisionIntake, take_one
from kria_certificates.usecases.intake.importer import import_rows
from kria_certificates.usecases.intake.json_decision import MseDecisionIn
from kria_shared.auth import Principal, Role, require
from kria_shared.http import error_body
from kria_shared.http_guard import body_limit

INTAKE_ROLES = (Role.SFR_OPERATOR, Role.MSE_SYSTEM)
MAX_EXPORT_BYTES = 32 * 1024 * 1024  # a region's export file; every other body is capped at the kit's 1 MiB
EXPORT_BODY = {"required": True, "description": "the MSE export file: CSV, UTF-8, with a header row", "content": {
    "text/csv": {"schema": {"type": "string"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
}}


def build_intake_router(deps: Deps) -> APIRouter:
    intake = DecisionIntake(deps.config, deps.clock)
    router = APIRouter(tags=["intake"])

    @router.post("/v1/mse-decisions", response_model=DecisionOut, status_code=201,
                 responses={200: {"description": "refused, or a decision already taken (replayed)"},
                            202: {"description": "held: no pilot region list is configured for the decision's "
                                                 "year; kept and taken up once it is"},
                            422: {"description": "invalid: the field and the reason code"}})
    async def take_decision(body: MseDecisionIn, principal: Principal = require(*INTAKE_ROLES)) -> JSONResponse:
        result = await take_one(deps, body.raw(), channel="json", actor=actor_of(principal, *INTAKE_ROLES))
        out = DecisionOut(decision_id=result.decision_id, outcome=result.outcome.value, code=result.code,
                          certificate_id=result.certificate_id, snils_masked=result.snils_masked,
                          replayed=result.replayed,
                          message=result.reason if result.outcome.value == "held" else None)
        if result.outcome.value == "invalid":
            body_ = error_body(result.code or "invalid", result.reason or "invalid decision", field=result.field,
                               outcome="invalid", decision_id=result.decision_id)
            return JSONResponse(body_, status_code=422)
        if result.outcome.value == "held":  # stored, neither issued nor refused: taken up once configured
            return JSONResponse(out.model_dump(mode="json"), status_code=202)
        status = 201 if result.outcome.value == "issued" and not result.replayed else 200
        return JSONResponse(out.model_dump(mode="json"), status_code=status)

    @router.post("/v1/mse-imports", responses={422: {"description": "the file is not UTF-8 text or has no header"}},
                 openapi_extra={**body_limit(MAX_EXPORT_BYTES), "requestBody": EXPORT_BODY})
    async def import_file(request: Request, principal: Principal = require(*INTAKE_ROLES)) -> dict[str, Any]:
        name, data = await _file_of(request)
        try:
            rows = list(mse_export.read_rows(mse_export.decode(data)))
        except mse_export.UnreadableFile as exc:
            upload.unreadable(str(exc))
        report = await import_rows(deps.uows, intake, rows, source=name,
                                   actor=actor_of(principal, *INTAKE_ROLES))
        return report.as_json()

    return router


async def _file_of(request: Request) -> tuple[str, bytes]:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        sent = form.get("file")
        if not isinstance(sent, UploadFile):
            upload.missing_file_field()
        return sent.filename or "upload.csv", await sent.read()
    return "request-body.csv", upload.require_body(await request.body())
