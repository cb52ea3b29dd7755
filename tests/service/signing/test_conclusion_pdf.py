"""The conclusion's PDF rendition (issue 16.3) on the broker-free harness: its fields, the signature shown,
and a QR code that opens the verification of exactly that document.

The child's particulars come from a real certificates app (broker-free, the example export imported), reached
over HTTP through httpx's ASGI transport with the head's own token: nothing is faked at that boundary."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import pytest
from pydantic import TypeAdapter

from kria_certificates.app import create_app as create_certificates_app
from kria_shared.testing.documents import pdf_metadata, pdf_qr_codes, pdf_text
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from kria_shared.testing.service import bearer
from kria_signing.app import create_app
from kria_signing.config.loader import SigningOptions, load_methodology
from kria_signing.domain.conclusion_document import ConclusionDocument, CriterionEntry, read_document
from kria_signing.domain.digest import streebog256_hex
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases.drafting import conclusion_id_for, draft
from tests.integration.certificates.support import NOW, platform, provider
from tests.integration.signing.support import as_role, expert, protocol, protocol_envelope
from tests.integration.signing.test_signature_rejections import cms_by
from tests.service.certificates.test_mse_documents import LYUVENA
from tests.service.certificates.test_particulars import issued

DRAFTED_V1 = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)  # before v2 existed


@pytest.fixture
async def certificates(tmp_path: Path) -> AsyncIterator[tuple[Harness, str]]:
    """The certificates service with the example export imported; Кузнецова Анна's certificate reserved by Лювена."""
    app = create_certificates_app(broker_free_settings("certificates", tmp_path / "certificates"))
    async with broker_free(app) as c:
        assert (await c.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())).status_code == 200
        cid = await issued(c, 1)
        r = await c.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(LYUVENA),
                                json={"organisation_id": LYUVENA, "form": "semi_inpatient"})
        assert r.status_code == 202, r.text
        yield c, cid


def signing(tmp_path: Path, dev_pki: Any, certificates: Harness | None, **options: Any) -> Any:
    transport = httpx.ASGITransport(app=certificates.app) if certificates else None
    return create_app(broker_free_settings("signing", tmp_path / "signing"), certificates_transport=transport,
                      options=SigningOptions(pki_dir=dev_pki.directory,
                                             **({"certificates_url": "http://certificates"} | options)))


@pytest.fixture
async def signed(tmp_path: Path, dev_pki: Any, certificates: tuple[Harness, str]) -> AsyncIterator[tuple[Any, str]]:
    c, certificate_id = certificates
    payload = protocol(certificate_id).model_copy(update={"organisation_id": LYUVENA})
    async with broker_free(signing(tmp_path, dev_pki, c)) as h:
        assert await h.deliver(protocol_envelope(payload, dev_pki)) == []
        cid = conclusion_id_for(payload.protocol_id)
        head = as_role("mse_head", dev_pki.head.snils)
        document = await h.client.get(f"/v1/conclusions/{cid}/document", headers=head)
        assert document.status_code == 200, document.text
        cms = await cms_by(dev_pki, dev_pki.head, document.content)
        r = await h.client.post(f"/v1/conclusions/{cid}/signature", content=cms, headers={
            **head, "content-type": "application/pkcs7-signature"})
        assert r.status_code == 200, r.text
        yield h, cid


async def test_the_pdf_shows_the_conclusion_and_its_signature(
        signed: tuple[Any, str], certificates: tuple[Harness, str], dev_pki: Any) -> None:
    h, cid = signed
    c, certificate_id = certificates
    r = await h.client.get(f"/v1/conclusions/{cid}/document.pdf", headers=expert())
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert 'pdfaid:part="3"' in pdf_metadata(r.content)
    text = pdf_text(r.content)
    detail = (await h.client.get(f"/v1/conclusions/{cid}", headers=expert())).json()
    for words in (f"№ {cid}", f"Электронный сертификат: {certificate_id}", "Итого баллов: 8",
                  "услуги оказаны эффективно", "Комплексность", "Компетентность родителей",
                  "анкета родителей: 20 → 30 баллов из 40", "подпись действительна", "Издатель сертификата",
                  "печатное представление", "приняты условно", detail["document_streebog256"][:32]):
        assert words in text, words
    # the child, the act and the IPRA as the certificates service holds them, and the signer of the register
    data = (await c.client.get(f"/v1/certificates/{certificate_id}/particulars",
                               headers=bearer("certificates", "sfr_operator"))).json()
    assert data["child"]["full_name"] == "Кузнецова Анна Сергеевна"
    for words in (f"СНИЛС: {data['child']['snils']}", f"Фамилия, имя, отчество: {data['child']['full_name']}",
                  "Дата рождения: 20.01.2019", f"Акт медико-социальной экспертизы №: {data['mse_act']['number']} от "
                  "15.10.2026", f"Номер ИПРА ребенка-инвалида: {data['ipra_number']}", "«Лювена»",
                  f"Фамилия, имя, отчество: {dev_pki.head.name}",
                  "Должность: руководитель главного бюро медико-социальной экспертизы"):
        assert words in " ".join(text.split()), words
    assert "нет в подписанном документе" not in text


async def test_the_qr_code_opens_the_verification_of_that_exact_document(signed: tuple[Any, str]) -> None:
    h, cid = signed
    pdf = (await h.client.get(f"/v1/conclusions/{cid}/document.pdf", headers=expert())).content
    [url] = pdf_qr_codes(pdf)
    parts = urlsplit(url)
    r = await h.client.get(f"{parts.path}?{parts.query}", headers=expert())
    assert r.status_code == 200, r.text
    assert r.json()["valid"] is True and r.json()["report"]["indication"] == "PASSED"
    wrong = await h.client.get(f"{parts.path}?streebog256={'0' * 64}", headers=expert())
    assert wrong.status_code == 422 and wrong.json()["details"]["field"] == "streebog256"


async def test_an_unsigned_conclusion_has_no_rendition_yet(tmp_path: Path, dev_pki: Any) -> None:
    app = signing(tmp_path, dev_pki, None)
    payload = protocol("cert-unsigned")
    async with broker_free(app) as h:
        assert await h.deliver(protocol_envelope(payload, dev_pki)) == []
        r = await h.client.get(f"/v1/conclusions/{conclusion_id_for(payload.protocol_id)}/document.pdf",
                               headers=expert())
        assert r.status_code == 409 and r.json()["error"] == "not_signed"


async def _report(h: Any, document: bytes, signature: bytes, fmt: str = "json") -> Any:
    body = {"document": base64.b64encode(document).decode(), "signature": base64.b64encode(signature).decode()}
    return await h.client.post("/v1/verify/report", params={"format": fmt}, json=body, headers=expert())


async def test_the_verification_report_follows_etsi_119_102_2_for_a_valid_signature(
        signed: tuple[Any, str]) -> None:
    h, cid = signed
    document = (await h.client.get(f"/v1/conclusions/{cid}/document", headers=expert())).content
    signature = (await h.client.get(f"/v1/conclusions/{cid}/signature", headers=expert())).content
    r = await _report(h, document, signature)
    assert r.status_code == 200, r.text
    sig = r.json()["signature"]
    assert sig["indication"] == "TOTAL-PASSED" and sig["sub_indication"] is None
    assert sig["qualification"]["checks"] and sig["authority"]["authorised"] is True
    assert len(sig["chain"]) >= 1 and sig["signer"]["common_name"] and sig["signing_time"]
    assert {c["name"] for c in sig["constraints"]} >= {"message_digest", "signature", "authorised_signer"}
    assert r.json()["signed_data"]["streebog256"] == (await h.client.get(
        f"/v1/conclusions/{cid}", headers=expert())).json()["document_streebog256"]
    pdf = await _report(h, document, signature, "pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "TOTAL-PASSED — подпись действительна" in text and "Цепочка сертификатов" in text
    assert sig["signer"]["common_name"] in text


async def test_the_report_of_an_altered_document_is_total_failed_with_its_sub_indication(
        signed: tuple[Any, str]) -> None:
    h, cid = signed
    document = (await h.client.get(f"/v1/conclusions/{cid}/document", headers=expert())).content
    signature = (await h.client.get(f"/v1/conclusions/{cid}/signature", headers=expert())).content
    sig = (await _report(h, document + b" ", signature)).json()["signature"]
    assert sig["indication"] == "TOTAL-FAILED" and sig["sub_indication"] == "HASH_FAILURE"
    assert sig["failing_constraint"] == "message_digest"
    bad = await h.client.post("/v1/verify/report", json={"document": "eA=="}, headers=expert())
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "signature"


async def test_without_certificates_nothing_is_composed_and_the_head_is_told_in_russian(
        tmp_path: Path, dev_pki: Any) -> None:
    # a real connection to a port nobody listens on: the certificates service is down
    payload = protocol("cert-down")
    async with broker_free(signing(tmp_path, dev_pki, None, certificates_url="http://127.0.0.1:9")) as h:
        assert await h.deliver(protocol_envelope(payload, dev_pki)) == []
        cid = conclusion_id_for(payload.protocol_id)
        head = as_role("mse_head", dev_pki.head.snils)
        for method, path in (("GET", "/document"), ("POST", "/sign")):
            r = await h.client.request(method, f"/v1/conclusions/{cid}{path}", headers=head)
            assert r.status_code == 503, r.text
            assert r.json()["error"] == "certificates_unavailable" and "служба сертификатов" in r.json()["message"]
        after = (await h.client.get(f"/v1/conclusions/{cid}", headers=expert())).json()
        assert (after["state"], after["document_streebog256"], after["signature"]) == ("ready_to_sign", None, None)


async def test_a_token_certificates_does_not_accept_is_refused_and_nothing_is_composed(
        tmp_path: Path, dev_pki: Any, certificates: tuple[Harness, str]) -> None:
    c, certificate_id = certificates
    async with broker_free(signing(tmp_path, dev_pki, c)) as h:
        assert await h.deliver(protocol_envelope(protocol(certificate_id), dev_pki)) == []
        cid = conclusion_id_for(f"protocol-{certificate_id}")
        signing_only = bearer("signing", "mse_head", snils=dev_pki.head.snils)  # not for certificates' audience
        r = await h.client.get(f"/v1/conclusions/{cid}/document", headers=signing_only)
        assert (r.status_code, r.json()["error"]) == (403, "particulars_refused")
        assert (await h.client.get(f"/v1/conclusions/{cid}", headers=expert())).json()["document_streebog256"] is None


async def test_a_v1_conclusion_signed_before_v2_still_verifies_and_prints(tmp_path: Path, dev_pki: Any) -> None:
    row, _ = draft(protocol("cert-v1"), load_methodology(), DRAFTED_V1)
    v1 = ConclusionDocument(
        conclusion_id=row.id, certificate_id=row.certificate_id, protocol_id=row.protocol_id,
        protocol_sha256=row.protocol_sha256, organisation_id=row.organisation_id, target_group=row.target_group,
        outcome=row.outcome, bureau_ogrn="1027700000008", methodology_version=row.methodology_version,
        criteria=TypeAdapter(tuple[CriterionEntry, ...]).validate_json(orjson.dumps(row.criteria)),
        total_points=row.total_points,
        effective=row.effective, drafted_at=row.drafted_at).canonical_bytes()
    async with broker_free(signing(tmp_path, dev_pki, None)) as h:
        cms = await cms_by(dev_pki, dev_pki.head, v1)
        row.state, row.document, row.document_streebog256 = "signed", v1, streebog256_hex(v1)
        row.signature, row.signature_source, row.signer_role, row.signer_snils = cms, "upload", "head", None
        row.signed_at = datetime.now(UTC)
        async with h.runtime.db.session() as session:
            session.add(ConclusionRow.model_validate(row.model_dump()))
            await session.commit()
        stored = await h.client.get(f"/v1/conclusions/{row.id}/document", headers=expert())
        assert stored.content == v1 and isinstance(read_document(stored.content), ConclusionDocument)
        checked = await h.client.get(f"/v1/conclusions/{row.id}/verification",
                                     params={"streebog256": streebog256_hex(v1)}, headers=expert())
        assert checked.status_code == 200 and checked.json()["valid"] is True, checked.text
        text = pdf_text((await h.client.get(f"/v1/conclusions/{row.id}/document.pdf", headers=expert())).content)
        assert "СНИЛС: нет в подписанном документе (версия v1)" in " ".join(text.split())
        assert "Итого баллов: 8" in text and "подпись действительна" in text
