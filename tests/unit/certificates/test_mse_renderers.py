"""The MSE documents' own renderers (issue 16.1, speed) write what the kit's renderers write: the DOCX part for
part, the PDF the same text, PDF/A and fonts; the few blocks they do not know go the kit's way."""

from __future__ import annotations

import io
import zipfile

import pytest

from kria_certificates.documents import lean_pdf, wordml
from kria_certificates.domain.mse_forms import Addressee, build
from kria_shared.documents import Document, Field, Heading, Note, Paragraph, Qr, SignatureBlock, Table
from kria_shared.documents.docx import to_docx
from kria_shared.documents.pdf import to_pdf
from kria_shared.testing.documents import docx_text, pdf_fonts, pdf_metadata, pdf_text
from tests.unit.certificates.test_mse_forms import DATA

# the edges python-docx writes in its own way: empty texts, edge spaces, tabs and line breaks, short table rows,
# markup characters
EDGES = Document(title="Акт & <проверки>", number="", header=("", " поле "), blocks=(
    Paragraph(""), Paragraph(" a\tb\nc "), Heading(""), Field("поле", " "), Field("сумма", "1 < 2 & 3"),
    Table(("a", "b", "c"), (("1",), ("", "2", "3"))), SignatureBlock("Подпись", ("", "строка")),
    SignatureBlock("Руководитель"), Note("мелко")))


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("doc", [*(build(DATA, to) for to in Addressee), EDGES],
                         ids=[*(to.value for to in Addressee), "edges"])
def test_the_docx_is_the_kits_docx_part_for_part(doc: Document) -> None:
    assert _parts(wordml.to_docx_fast(doc)) == _parts(to_docx(doc))


def test_a_document_with_a_qr_code_goes_the_kits_way() -> None:
    doc = Document(title="Заключение", number="1", blocks=(Qr("https://example.org/v/1", "Проверка"),))
    assert "https://example.org/v/1" in docx_text(wordml.to_docx_fast(doc))


def test_the_pdf_reads_as_the_kits_pdf_and_stays_pdf_a_with_its_fonts_embedded() -> None:
    doc = build(DATA, Addressee.FORM)
    lean, kit = lean_pdf.to_pdf(doc), to_pdf(doc)
    assert pdf_text(lean) == pdf_text(kit)
    assert 'pdfaid:part="3"' in pdf_metadata(lean) and 'pdfaid:conformance="B"' in pdf_metadata(lean)
    fonts = pdf_fonts(lean)
    assert fonts and all(row[-5] == "yes" for row in fonts)  # the "emb" column


def test_markup_the_xml_parser_cannot_read_is_still_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    html5_only = "<!DOCTYPE html><html lang=ru><body><p>первая строка<p>вторая строка</body></html>"
    assert lean_pdf._tree(html5_only) is None
    monkeypatch.setattr(lean_pdf.html, "render", lambda _doc: html5_only)
    text = pdf_text(lean_pdf.to_pdf(Document(title="", number="", blocks=())))
    assert "первая строка" in text and "вторая строка" in text
