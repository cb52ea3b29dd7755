"""The conclusion's PDF rendition (issue 16.3) on the broker-free harness: its fields, the signature shown,
and a QR code that opens the verification of exactly that document."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kria_shared.testing.documents import pdf_metadata, pdf_qr_codes, pdf_text
from kria_shared.testing.harness import broker_free, broker_free_settings
from kria_signing.app import create_app
from kria_signing.config.loader import SigningOptions
from kria_signing.usecases.drafting import conclusion_id_for
from tests.integration.signing.support import as_role, expert, protocol, protocol_envelope
from tests.integration.signing.test_signature_rejections import cms_by


@pytest.fixture
async def signed(tmp_path: Path, dev_pki: Any) -> AsyncIterator[tuple[Any, str]]:
    app = create_app(broker_free_settings("signing", tmp_path), options=SigningOptions(pki_dir=dev_pki.directory))
    payload = protocol("cert-print")
    async with broker_free(app) as h:
        assert await h.deliver(protocol_envelope(payload, dev_pki)) == []
        cid = conclusion_id_for(payload.protocol_id)
        document = await h.client.get(f"/v1/conclusions/{cid}/document", headers=expert())
        cms = await cms_by(dev_pki, dev_pki.head, document.content)
        r = await h.client.post(f"/v1/conclusions/{cid}/signature", content=cms, headers={
            **as_role("mse_head", dev_pki.head.snils), "content-type": "application/pkcs7-signature"})
        assert r.status_code == 200, r.text
        yield h, cid


async def test_the_pdf_shows_the_conclusion_and_its_signature(signed: tuple[Any, str]) -> None:
    h, cid = signed
    r = await h.client.get(f"/v1/conclusions/{cid}/document.pdf", headers=expert())
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert 'pdfaid:part="3"' in pdf_metadata(r.content)
    text = pdf_text(r.content)
    detail = (await h.client.get(f"/v1/conclusions/{cid}", headers=expert())).json()
    for words in (f"№ {cid}", "Электронный сертификат: cert-print", "Итого баллов: 8",
                  "услуги оказаны эффективно", "Комплексность", "Компетентность родителей",
                  "анкета родителей: 20 → 30 баллов из 40", "подпись действительна", "Издатель сертификата",
                  "печатное представление", "приняты условно", detail["document_streebog256"][:32]):
        assert words in text, words


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
    app = create_app(broker_free_settings("signing", tmp_path), options=SigningOptions(pki_dir=dev_pki.directory))
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
