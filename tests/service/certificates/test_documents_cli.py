"""``kria-certificates settlement-act``, ``payment-registry`` and ``mse-document`` (issue 16: every document
downloadable from its CLI) against the real service on the broker-free harness: the CLI runs in a thread, its
HTTP requests are answered by the app with its real tokens and access rules, the files written are read back."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from kria_certificates.app import create_app
from kria_certificates.cli import main
from kria_shared.testing.documents import docx_text, pdf_text
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from tests.integration.certificates.flow import PENZA_ORG
from tests.integration.certificates.support import NOW, operator, platform, provider
from tests.service.certificates.test_mse_documents import imported
from tests.service.certificates.test_settlement_documents import OTHER_ORG, settled_course


@pytest.fixture
async def svc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        r = await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        loop = asyncio.get_running_loop()

        def get(url: str, *, params: dict[str, Any], headers: dict[str, str], timeout: float) -> httpx.Response:
            assert url.startswith("http://127.0.0.1:8101/")  # the CLI's default --url
            request = h.client.get(url.removeprefix("http://127.0.0.1:8101"), params=params, headers=headers)
            return asyncio.run_coroutine_threadsafe(request, loop).result(timeout)

        monkeypatch.setattr(httpx, "get", get)
        yield h


async def cli(*argv: str) -> int:
    """The CLI's exit code; it runs in a thread, as its blocking HTTP calls need the loop serving the app."""
    def run() -> int:
        with pytest.raises(SystemExit) as done:
            main(list(argv))
        return int(done.value.code or 0)
    return await asyncio.to_thread(run)


def token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def test_the_act_is_written_as_pdf_or_xlsx_for_the_office_and_its_organisation_only(
        svc: Harness, tmp_path: Path) -> None:
    cid = await settled_course(svc, 1)
    pdf, xlsx = tmp_path / "act.pdf", tmp_path / "out" / "act.xlsx"
    assert await cli("settlement-act", cid, "--format", "pdf", "-o", str(pdf), "--token", token(operator())) == 0
    assert "1.1.58/2026" in pdf_text(pdf.read_bytes()) and "Демо-центр реабилитации 58 №1" in pdf_text(
        pdf.read_bytes())
    assert await cli("settlement-act", cid, "--format", "xlsx", "-o", str(xlsx),
                     "--token", token(provider(PENZA_ORG))) == 0
    cells = [v for row in load_workbook(io.BytesIO(xlsx.read_bytes())).active.iter_rows(values_only=True)
             for v in row if v is not None]
    assert "1.1.58/2026" in " ".join(map(str, cells))
    other = tmp_path / "other.pdf"
    assert await cli("settlement-act", cid, "-o", str(other), "--token", token(provider(OTHER_ORG))) == 1
    assert not other.exists()


async def test_the_registry_of_a_period_is_written_for_the_office(svc: Harness, tmp_path: Path) -> None:
    cid = await settled_course(svc, 1)
    out = tmp_path / "registry.pdf"
    assert await cli("payment-registry", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf",
                     "-o", str(out), "--token", token(operator())) == 0
    text = pdf_text(out.read_bytes())
    assert f"act-{cid} от" in text and "Платежей: 1" in text and "с 01.11.2026 по 30.11.2026" in text
    refused = tmp_path / "refused.pdf"
    assert await cli("payment-registry", "-o", str(refused), "--token", token(provider(PENZA_ORG))) == 1
    assert await cli("payment-registry", "--from", "2026-12-01", "--to", "2026-11-01", "-o", str(refused),
                     "--token", token(operator())) == 1
    assert not refused.exists()


async def test_an_mse_document_is_written_with_what_its_addressee_may_see(svc: Harness, tmp_path: Path) -> None:
    cid = (await imported(svc))[0]
    form, parents = tmp_path / "form.docx", tmp_path / "parents.pdf"
    assert await cli("mse-document", cid, "--kind", "form", "--format", "docx", "-o", str(form),
                     "--token", token(operator())) == 0
    assert await cli("mse-document", cid, "--kind", "parents", "-o", str(parents), "--token", token(operator())) == 0
    form_text, parents_text = docx_text(form.read_bytes()), pdf_text(parents.read_bytes())
    assert "Сведения о ребенке-инвалиде".upper() in form_text and "код по МКБ" in form_text
    assert "для выдачи (направления) родителям" in parents_text and "код по МКБ" not in parents_text
