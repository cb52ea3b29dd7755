"""DOCX through python-docx: the same blocks as the PDF, for the office that edits the document before printing."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from kria_shared.documents import qr
from kria_shared.documents.model import Block, Document, Field, Heading, Note, Paragraph, Qr, SignatureBlock, Table

FONT = "Times New Roman"


def to_docx(doc: Document) -> bytes:
    out = new_docx()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(20), Mm(14)
    section.top_margin = section.bottom_margin = Mm(16)
    normal = out.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    out.core_properties.title = f"{doc.title} {doc.number}".strip()
    out.core_properties.language = doc.language
    for line in doc.header:
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).font.size = Pt(9)
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(doc.title.upper()).bold = True
    if doc.number:
        number = out.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.add_run(doc.number).bold = True
    for b in doc.blocks:
        _block(out, b)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _block(d: DocxDocument, b: Block) -> None:
    if isinstance(b, Heading):
        d.add_paragraph().add_run(b.text).bold = True
    elif isinstance(b, Paragraph):
        d.add_paragraph(b.text)
    elif isinstance(b, Field):
        p = d.add_paragraph(f"{b.label}: ")
        p.add_run(b.value if b.value.strip() else "________________").bold = bool(b.value.strip())
    elif isinstance(b, Table):
        table = d.add_table(rows=1, cols=len(b.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, b.header, strict=True):
            cell.text = text
        for r in b.rows:
            for cell, text in zip(table.add_row().cells, r, strict=False):
                cell.text = text
    elif isinstance(b, Note):
        d.add_paragraph().add_run(b.text).font.size = Pt(8)
    elif isinstance(b, Qr):
        d.add_picture(io.BytesIO(qr.png(b.data)), width=Mm(28))
        d.add_paragraph().add_run(f"{b.caption}: {b.data}").font.size = Pt(8)
    elif isinstance(b, SignatureBlock):
        p = d.add_paragraph()
        p.add_run(b.role + " ").bold = True
        if not b.lines:
            p.add_run("__________ (подпись)   ____________________ (инициалы, фамилия)")
        for line in b.lines:
            d.add_paragraph(line)
