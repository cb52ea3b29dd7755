"""The kit's printable documents: one block model, rendered to PDF (WeasyPrint, PDF/A-3b, fonts embedded) and DOCX.

A service builds a ``Document`` from its own data (pure code, no I/O) and hands it to ``to_pdf`` / ``to_docx``;
the layout rules of each form stay in the service that owns the data.
"""

from kria_shared.documents.model import (
    Block,
    Document,
    Field,
    Heading,
    Note,
    Paragraph,
    Qr,
    SignatureBlock,
    Table,
)

__all__ = ["Block", "Document", "Field", "Heading", "Note", "Paragraph", "Qr", "SignatureBlock", "Table"]
