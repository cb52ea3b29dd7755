"""The kit's renderers: PDF/A with embedded Cyrillic fonts, a QR that decodes, the same text in DOCX."""

from __future__ import annotations

from kria_shared.documents import Document, Field, Heading, Note, Paragraph, Qr, SignatureBlock, Table
from kria_shared.documents.docx import to_docx
from kria_shared.documents.pdf import to_pdf
from kria_shared.testing.documents import docx_text, pdf_fonts, pdf_metadata, pdf_qr_codes, pdf_text

DOC = Document(
    title="Проверочный документ", number="№ 300.8.66/2026", header=("ФКУ «ГБ МСЭ по Свердловской области»",),
    blocks=(
        Heading("Общая часть"), Field("Фамилия, имя, отчество", "Смирнов Иван Петрович"), Field("Квартира", ""),
        Paragraph("Текст <b>с разметкой</b> & амперсандом"),
        Table(("Категория", "Степень"), (("самообслуживание", "2"),)),
        Note("Раскладка принята условно."), Qr("https://kria.example/verify?sha256=ab12", "Проверка подписи"),
        SignatureBlock("Руководитель бюро"),
    ),
)


def test_the_pdf_is_pdf_a_with_its_fonts_embedded_and_says_what_the_document_says() -> None:
    pdf = to_pdf(DOC)
    assert pdf.startswith(b"%PDF-")
    meta = pdf_metadata(pdf)  # PDF/A-3b names itself in the XMP metadata
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta
    fonts = pdf_fonts(pdf)
    assert fonts and all(row[-5] == "yes" for row in fonts)  # the "emb" column of pdffonts
    text = pdf_text(pdf)
    for words in ("ПРОВЕРОЧНЫЙ ДОКУМЕНТ", "№ 300.8.66/2026", "Смирнов Иван Петрович", "Степень",
                  "Текст <b>с разметкой</b> & амперсандом", "Раскладка принята условно.", "Руководитель бюро"):
        assert words in text


def test_the_qr_code_decodes_to_its_data() -> None:
    assert pdf_qr_codes(to_pdf(DOC)) == ["https://kria.example/verify?sha256=ab12"]


def test_the_docx_holds_the_same_fields() -> None:
    text = docx_text(to_docx(DOC))
    for words in ("ПРОВЕРОЧНЫЙ ДОКУМЕНТ", "Фамилия, имя, отчество: Смирнов Иван Петрович", "самообслуживание",
                  "Руководитель бюро"):
        assert words in text


def test_the_plain_text_of_the_model_lists_every_block() -> None:
    text = DOC.text()
    assert "Квартира: " in text and "Проверка подписи" in text and "самообслуживание | 2" in text
