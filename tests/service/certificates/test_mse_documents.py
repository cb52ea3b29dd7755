"""The four MSE documents per child (issue 16.1) on the broker-free harness: rendered from an import, each
extract holding only what its addressee may see, downloadable with the certificate data's access rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kria_certificates.app import create_app
from kria_certificates.domain.register import organisation_id
from kria_shared.testing.documents import docx_text, is_docx, pdf_metadata, pdf_text
from kria_shared.testing.harness import Harness, broker_free, broker_free_settings
from tests.integration.certificates.support import NOW, mse, operator, platform, provider

EXAMPLE = (Path(__file__).resolve().parents[3] / "services/certificates/kria_certificates/examples"
           / "mse_export_example.csv")
# row 2 of the example: Кузнецова Анна Сергеевна, 7 years, ЦРГ 1.3 (autism), Екатеринбург
LYUVENA = organisation_id(
    "Государственное автономное учреждение социального обслуживания Свердловской области «Реабилитационный центр "
    "для детей и подростков с ограниченными возможностями «Лювена» Кировского района города Екатеринбурга»")
KINDS = ("form", "sfr", "organisation", "parents")


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[Harness]:
    async with broker_free(create_app(broker_free_settings("certificates", tmp_path))) as h:
        r = await h.client.post("/v1/dev/clock", json={"set_to": NOW}, headers=platform())
        assert r.status_code == 200, r.text
        yield h


async def imported(h: Harness) -> list[str]:
    r = await h.client.post("/v1/mse-imports", files={"file": ("export.csv", EXAMPLE.read_bytes(), "text/csv")},
                            headers=operator())
    assert r.status_code == 200, r.text
    return [e["certificate_id"] for e in r.json()["entries"] if e["outcome"] == "issued"]


async def document(h: Harness, cid: str, kind: str, fmt: str = "pdf", headers: dict[str, str] | None = None) -> str:
    r = await h.client.get(f"/v1/certificates/{cid}/mse-documents/{kind}", params={"format": fmt},
                           headers=headers or operator())
    assert r.status_code == 200, r.text
    return pdf_text(r.content) if fmt == "pdf" else docx_text(r.content)


async def test_every_issued_certificate_of_an_import_has_its_four_documents_numbered_as_its_protocol(
        svc: Harness) -> None:
    ids = await imported(svc)
    assert len(ids) == 4
    for n, cid in enumerate(ids):
        for kind in KINDS:
            r = await svc.client.get(f"/v1/certificates/{cid}/mse-documents/{kind}", headers=operator())
            assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
            assert f"№ {300 + n}.8.66/2026" in pdf_text(r.content)
            assert 'pdfaid:part="3"' in pdf_metadata(r.content)


async def test_the_form_holds_the_export_row(svc: Harness) -> None:
    cid = (await imported(svc))[0]
    text = await document(svc, cid, "form")
    for words in ("СВЕДЕНИЯ О РЕБЕНКЕ-ИНВАЛИДЕ", "ФКУ «ГБ МСЭ по Свердловской области» Минтруда России",
                  "Бюро № 8", "Смирнов Иван Петрович", "03.05.2012", "14 лет", "123-400-000 70", "620089",
                  "Смирнов Мария Викторовна", "Паспорт гражданина России, серия 65 15, № 500000",
                  "8-912-000-00-00", "Сахарный диабет 1-го типа", "E10.9", "акт медико-социальной экспертизы №: "
                  "300.8.66/2026", "номер ИПРА ребенка-инвалида: 200.8.66/2026", "установлена на срок до: 11.10.2028",
                  "50 %", "код целевой реабилитационной подгруппы: 6.6"):
        assert words in text, words


async def test_each_extract_holds_only_what_its_addressee_may_see(svc: Harness) -> None:
    cid = (await imported(svc))[0]
    form, sfr, org, parents = [await document(svc, cid, kind) for kind in KINDS]
    diagnosis, snils, representative = "Сахарный диабет", "123-400-000 70", "Смирнов Мария Викторовна"
    assert diagnosis in form
    # the Social Fund: personal data and the certificate's numbers, no diagnosis, no limitations grid
    assert snils in sfr and "200.8.66/2026" in sfr and diagnosis not in sfr and "E10.9" not in sfr
    assert "1 степень" not in sfr and "50 %" not in sfr
    # the organisation: SNILS (its field code p_9_0) and the limitations, but no diagnosis nor impairment %
    assert snils in org and "1 степень" in org and diagnosis not in org and "50 %" not in org
    # the parents: the child's name, age and the recommendation only
    assert "Смирнов Иван Петрович" in parents and "14 лет" in parents and "Рекомендации бюро" in parents
    for private in (snils, representative, diagnosis, "620089", "200.8.66/2026", "Паспорт"):
        assert private not in parents, private


async def test_the_docx_says_what_the_pdf_says(svc: Harness) -> None:
    cid = (await imported(svc))[0]
    r = await svc.client.get(f"/v1/certificates/{cid}/mse-documents/organisation", params={"format": "docx"},
                             headers=operator())
    assert r.status_code == 200 and is_docx(r.content)
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    text = docx_text(r.content)
    assert "123-400-000 70" in text and "Смирнов Иван Петрович" in text and "Сахарный диабет" not in text


async def test_a_provider_gets_the_organisations_extract_of_its_own_child_only(svc: Harness) -> None:
    ids = await imported(svc)
    cid = ids[1]
    url = f"/v1/certificates/{cid}/mse-documents/organisation"
    assert (await svc.client.get(url, headers=provider(LYUVENA))).status_code == 404  # not reserved to it yet
    r = await svc.client.post(f"/v1/certificates/{cid}/reservation", headers=provider(LYUVENA),
                              json={"organisation_id": LYUVENA, "form": "inpatient"})
    assert r.status_code == 202, r.text
    assert "Кузнецова Анна Сергеевна" in await document(svc, cid, "organisation", headers=provider(LYUVENA))
    refused = await svc.client.get(f"/v1/certificates/{cid}/mse-documents/form", headers=provider(LYUVENA))
    assert refused.status_code == 403 and refused.json()["details"]["field"] == "kind"
    other = provider(organisation_id("Демо-центр реабилитации 58 №1"))
    assert (await svc.client.get(url, headers=other)).status_code == 404


async def test_the_platform_operator_sees_no_personal_data_and_a_bad_kind_is_named(svc: Harness) -> None:
    cid = (await imported(svc))[0]
    assert (await svc.client.get(f"/v1/certificates/{cid}/mse-documents/form", headers=platform())).status_code == 403
    r = await svc.client.get(f"/v1/certificates/{cid}/mse-documents/diary", headers=operator())
    assert r.status_code == 422 and "kind" in r.text
    assert (await svc.client.get("/v1/certificates/cert-none/mse-documents/form", headers=mse())).status_code == 404


async def test_a_decision_sent_as_json_still_has_its_documents_with_the_export_lines_left_blank(
        svc: Harness) -> None:
    from tests.integration.certificates.support import decision_json

    r = await svc.client.post("/v1/mse-decisions", json=decision_json(1, protocol_number="1.1.58/2026",
                                                                      municipality="Пенза"), headers=mse())
    assert r.status_code == 201, r.text
    text = await document(svc, r.json()["certificate_id"], "form")
    assert "№ 1.1.58/2026" in text and "ФКУ «ГБ МСЭ по Пензенской области»" in text
    assert "Степени ограничений жизнедеятельности с решением не переданы" in text
