"""PDF of a printable document through WeasyPrint, with less work per document than the kit's ``to_pdf``.

Same HTML (``kria_shared.documents.html``), same stylesheet, same PDF/A-3b with the fonts embedded; two steps
differ, because profiling the MSE documents showed them a third of the time:
- the HTML is parsed by the standard library's C XML parser instead of WeasyPrint's pure-Python HTML5 parser (the
  kit writes well-formed markup but for its void elements, closed here); markup that still does not parse goes
  the usual way;
- the user-agent stylesheet is only the rules that apply to the elements the kit writes (``lean_ua.css``), not
  all of HTML5's, since every rule's selector is matched against every element.
WeasyPrint has no public switch for either, so ``_LeanHTML`` sets what ``weasyprint.HTML.__init__`` sets and
overrides ``_ua_stylesheets``; the version is pinned in uv.lock and the documents' tests read the PDFs back.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any

from kria_shared.documents import html
from kria_shared.documents.model import Document
from kria_shared.documents.pdf import PDF_VARIANT

_UA = Path(__file__).with_name("lean_ua.css")
_VOID = re.compile(r"<(meta|br)\b([^>]*?)/?>")
_ONE_AT_A_TIME = threading.Lock()  # WeasyPrint's shared font configuration is not documented as thread-safe


@lru_cache(maxsize=1)
def _engine() -> tuple[Any, Any, Any]:
    # imported on first use: WeasyPrint loads pango at import
    import cssselect2
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fonts = FontConfiguration()
    ua = weasyprint.CSS(string=_UA.read_text(encoding="utf-8"), font_config=fonts)

    class LeanHTML(weasyprint.HTML):  # type: ignore[misc]
        def __init__(self, root: ET.Element) -> None:  # what HTML.__init__ sets, from a parsed tree
            self.base_url = None
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [ua]

    return weasyprint, fonts, LeanHTML


def _tree(markup: str) -> ET.Element | None:
    try:
        return ET.fromstring(_VOID.sub(r"<\1\2/>", markup))
    except ET.ParseError:
        return None


def to_pdf(doc: Document) -> bytes:
    weasyprint, fonts, lean = _engine()
    markup = html.render(doc)
    root = _tree(markup)
    page = lean(root) if root is not None else weasyprint.HTML(string=markup)
    with _ONE_AT_A_TIME:
        pdf: bytes = page.write_pdf(pdf_variant=PDF_VARIANT, font_config=fonts, uncompressed_pdf=False)
    return pdf
