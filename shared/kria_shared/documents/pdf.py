"""PDF through WeasyPrint: PDF/A-3b (fonts embedded, as archival PDF requires), one font configuration reused."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kria_shared.documents import html
from kria_shared.documents.model import Document

PDF_VARIANT = "pdf/a-3b"


@lru_cache(maxsize=1)
def _engine() -> tuple[Any, Any]:
    # imported on first use: WeasyPrint loads pango at import, which a service that prints nothing never needs
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return weasyprint, fonts


def to_pdf(doc: Document) -> bytes:
    weasyprint, fonts = _engine()
    pdf: bytes = weasyprint.HTML(string=html.render(doc)).write_pdf(
        pdf_variant=PDF_VARIANT, font_config=fonts, uncompressed_pdf=False)
    return pdf
