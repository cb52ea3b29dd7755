"""The conclusion's printable rendition (PDF/A) and the verification its QR code opens (issue 16.3).

``GET /v1/conclusions/{id}/document.pdf``: the signed conclusion as the ЕЦП form, its signature shown.
``GET /v1/conclusions/{id}/verification?streebog256=...``: verifies the stored signature of the stored
document, and that the document is the one the hash names (a printout of another version does not pass).
Both with the conclusion's read rules (the bureau; the federal bureau within its window).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from kria_gost.cms_parse import find_signer_certificate, parse_detached
from kria_shared.auth import Principal, Role, require
from kria_shared.documents.pdf import to_pdf
from kria_signing.api.conclusions import read_limited
from kria_signing.api.trust import VERIFIERS, VerifyIn
from kria_signing.domain import conclusion_form, uploads, validation_report
from kria_signing.domain.conclusion import require_document, require_signed
from kria_signing.domain.conclusion_document import AnyConclusionDocument, ConclusionDocumentV2, read_document
from kria_signing.domain.digest import streebog256_hex
from kria_signing.schemas import ConclusionVerification, VerificationReport
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases import SigningDeps
from kria_signing.usecases.conclusion_reads import ConclusionReads
from kria_signing.usecases.verification import SignatureChecker

READERS = (Role.MSE_EXPERT, Role.MSE_HEAD, Role.PLATFORM_OPERATOR, Role.FEDERAL_MSE)


def _issuer(signature: bytes) -> str:
    try:
        return str(find_signer_certificate(parse_detached(signature)).issuer.human_friendly)
    except Exception:  # an unreadable CMS is reported by the verification itself
        return "не удалось прочитать"


def _chain(signature: bytes) -> list[validation_report.ChainCertificate]:
    try:
        certificates = parse_detached(signature).certificates
    except Exception:  # not a CMS: the verification says FORMAT_FAILURE, the chain is empty
        return []
    return [validation_report.ChainCertificate(
        str(c.subject.human_friendly), str(c.issuer.human_friendly), format(c.serial_number, "X"),
        c["tbs_certificate"]["validity"]["not_before"].native, c["tbs_certificate"]["validity"]["not_after"].native,
    ) for c in certificates]


def named_in(document: AnyConclusionDocument) -> conclusion_form.NamedInDocument | None:
    if not isinstance(document, ConclusionDocumentV2):
        return None
    return conclusion_form.NamedInDocument(
        child_snils=document.child.snils, child_full_name=document.child.full_name,
        child_birth_date=document.child.birth_date, mse_act_number=document.mse_act.number,
        mse_act_date=document.mse_act.date, ipra_number=document.ipra_number,
        organisation_name=document.organisation_name, course_start=document.course.start_date,
        course_end=document.course.end_date, signer_full_name=document.signer.full_name,
        signer_position=document.signer.position)


def build_verification_report_router(deps: SigningDeps, checker: SignatureChecker) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["verification"])
    max_document_bytes = deps.config.options.max_document_bytes

    @router.post("/verify/report", response_class=Response, responses={200: {"content": {
        "application/json": {}, "application/pdf": {}}, "description": "the validation report, JSON or PDF/A"}})
    async def verification_report(request: Request, fmt: str = Query("json", alias="format", pattern="^(json|pdf)$"),
                                  principal: Principal = require(*VERIFIERS)) -> Response:
        """JSON {document, signature} in base64: any signed document, its report modelled on ETSI TS 119 102-2."""
        body = await read_limited(request, max_document_bytes * 2, "body")
        try:
            data = VerifyIn.model_validate_json(body)
        except ValidationError as exc:
            fields = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")}) or ["body"]
            raise uploads.invalid_body("ожидается JSON {document, signature} в base64", fields[0]) from exc
        document = uploads.decode_b64(data.document, "document")
        signature = uploads.decode_b64(data.signature, "signature")
        checked = await checker.check(document, signature)
        report = validation_report.report(checked.report, _chain(signature),
                                          document_streebog256=streebog256_hex(document),
                                          document_bytes=len(document), validated_at=deps.now())
        if fmt == "pdf":
            pdf = await run_in_threadpool(to_pdf, validation_report.printed(report))
            return Response(pdf, media_type="application/pdf")
        return JSONResponse(report)

    return router


def build_documents_router(reads: ConclusionReads, checker: SignatureChecker) -> APIRouter:
    router = APIRouter(prefix="/v1/conclusions", tags=["documents"])
    readable = reads.readable

    async def signed(conclusion_id: str, principal: Principal) -> tuple[ConclusionRow, dict[str, Any]]:
        row = await readable(conclusion_id, principal)
        signature = require_signed(row.signature, row.state, "заключение еще не подписано")
        document = require_document(row.document, row.state)  # a signed conclusion always has its document
        return row, (await checker.check(document, signature)).report

    @router.get("/{conclusion_id}/verification", response_model_exclude_unset=True)
    async def verification(conclusion_id: str, streebog256: str = Query(min_length=64, max_length=64),
                           principal: Principal = require(*READERS)) -> ConclusionVerification:
        row, report = await signed(conclusion_id, principal)
        uploads.matching_digest(row.document_streebog256, streebog256)
        return ConclusionVerification(conclusion_id=row.id, document_streebog256=row.document_streebog256,
                                      document_matches=True, valid=report.get("indication") == "PASSED",
                                      report=VerificationReport.model_validate(report))

    @router.get("/{conclusion_id}/document.pdf", response_class=Response,
                responses={200: {"content": {"application/pdf": {}}, "description": "PDF/A-3b"}})
    async def document_pdf(conclusion_id: str, request: Request,
                           principal: Principal = require(*READERS)) -> Response:
        row, report = await signed(conclusion_id, principal)
        signer = report.get("signer") or {}
        shown = conclusion_form.SignatureShown(
            signer=str(signer.get("common_name", "")), title=str(signer.get("title") or ""),
            serial=format(int(signer.get("serial", 0)), "X") if signer else "", issuer=_issuer(row.signature or b""),
            signed_at=row.signed_at, valid=report.get("indication") == "PASSED")
        url = str(request.url_for("verification", conclusion_id=row.id).include_query_params(
            streebog256=row.document_streebog256 or ""))
        signed_doc = read_document(row.document or b"")  # what is printed is what the signature is over
        doc = conclusion_form.build(conclusion_form.ConclusionPrint(
            conclusion_id=signed_doc.conclusion_id, certificate_id=signed_doc.certificate_id,
            protocol_id=signed_doc.protocol_id, organisation_id=signed_doc.organisation_id,
            target_group=signed_doc.target_group, criteria=[e.model_dump(mode="json") for e in signed_doc.criteria],
            total_points=signed_doc.total_points, effective=signed_doc.effective,
            reason=str(signed_doc.reason) if signed_doc.reason else None, reason_text=signed_doc.reason_text,
            document_streebog256=row.document_streebog256 or "", verify_url=url, signature=shown,
            named=named_in(signed_doc)))
        body = await run_in_threadpool(to_pdf, doc)
        return Response(body, media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{row.id}.pdf"'})

    return router
