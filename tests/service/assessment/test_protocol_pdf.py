"""The control-assessment protocol's PDF rendition (issue 16.2) on the broker-free harness."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kria_assessment.app import create_app
from kria_shared.testing.documents import pdf_metadata, pdf_qr_codes, pdf_text
from kria_shared.testing.harness import broker_free, broker_free_settings
from tests.integration.assessment.support import (
    OTHER_PROVIDER,
    PROVIDER,
    answers_body,
    completed,
    course_dates,
    day_of_journal,
    ratings_body,
    started,
)

CID = "cert-print-1"


async def test_the_protocol_pdf_holds_ratings_journal_questionnaire_notes_and_a_qr(tmp_path: Path) -> None:
    app = create_app(broker_free_settings("assessment", tmp_path))
    start, end = course_dates(app)
    async with broker_free(app) as h:
        assert await h.deliver(started(CID, start, end)) == []
        day = day_of_journal(start + timedelta(days=1), missed=2)
        assert (await h.client.post(f"/v1/courses/{CID}/activities", json=day, headers=PROVIDER)).status_code == 201
        for path, body in (("ratings/baseline", ratings_body([3, 3, 2, 2, 1, 4, 0], start)),
                           ("questionnaire/before", answers_body(1, start))):
            assert (await h.client.put(f"/v1/courses/{CID}/{path}", json=body, headers=PROVIDER)).status_code == 200
        assert await h.deliver(completed(CID, end)) == []
        for path, body in (("ratings/control", ratings_body([2, 3, 2, 1, 1, 3, 0], end)),
                           ("questionnaire/after", answers_body(2, end))):
            assert (await h.client.put(f"/v1/courses/{CID}/{path}", json=body, headers=PROVIDER)).status_code == 200
        submitted = await h.client.post(f"/v1/courses/{CID}/protocol", json={"notes": "ребенок спокоен"},
                                        headers=PROVIDER)
        assert submitted.status_code == 201, submitted.text
        document, sha = submitted.json()["document"], submitted.json()["sha256"]

        r = await h.client.get(f"/v1/courses/{CID}/protocol.pdf", headers=PROVIDER)
        assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
        assert 'pdfaid:part="3"' in pdf_metadata(r.content)
        text = pdf_text(r.content)
        journal = document["journal"]
        for words in (f"№ {document['protocol_id']}", f"Электронный сертификат: {CID}", "курс завершен",
                      f"Всего запланировано / оказано: {journal['planned_total']} / {journal['delivered_total']}",
                      "Оценка по доменам", "Анкета родителей", "ребенок спокоен",
                      "Подпись организации: не подписан", "раскладка принята условно", sha[:32]):
            assert words in text, words
        assert "социально-бытовая" in text and "ниже диапазона" in text
        for d in document["ratings"]["domains"]:
            assert d["domain"] in text
        [url] = pdf_qr_codes(r.content)
        parts = urlsplit(url)
        assert parts.path == f"/v1/courses/{CID}/protocol" and parse_qs(parts.query)["sha256"] == [sha]
        opened = await h.client.get(parts.path, headers=PROVIDER)
        assert opened.status_code == 200 and opened.headers["x-protocol-sha256"] == sha
        assert (await h.client.get(f"/v1/courses/{CID}/protocol.pdf", headers=OTHER_PROVIDER)).status_code == 404
