"""DOCX of a printable document written straight as WordprocessingML into a package python-docx made once.

The kit's ``to_docx`` builds every paragraph and table through python-docx's object model: about 50 ms a
document, most of it cell bookkeeping and re-parsing the default template (styles.xml alone is 350 KB). The MSE
documents are written four per child, so here the package (styles, fonts, page setup, the Normal style in Times
New Roman) is made by ``to_docx`` itself once, and each document only gets its own ``document.xml`` and
``core.xml``, written as the same XML python-docx writes for the same blocks (a test compares them byte for
byte). A block this writer does not know (a QR code's picture) falls back to ``to_docx``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from docx.shared import Emu, Mm

from kria_shared.documents.docx import to_docx
from kria_shared.documents.model import Block, Document, Field, Heading, Note, Paragraph, SignatureBlock, Table

_TITLE_MARK = "KRIA-TITLE-MARK"  # upper-case: to_docx prints the title upper-cased, core.xml as given
_LANGUAGE_MARK = "x-kria-language"
_BODY, _CORE = "word/document.xml", "docProps/core.xml"
# the body's width, as to_docx sets the page (A4, margins 20 and 14 mm): tables share it evenly
_BLOCK_WIDTH = Mm(210) - Mm(20) - Mm(14)
_BLANK = "________________"
_SIGN_BLANK = "__________ (подпись)   ____________________ (инициалы, фамилия)"
KNOWN = (Heading, Paragraph, Field, Table, Note, SignatureBlock)


@dataclass(frozen=True)
class _Package:
    parts: bytes  # the zip of every part but the two written per document
    body_open: str  # the XML declaration, <w:document ...> and <w:body>
    body_close: str  # <w:sectPr> (the page setup) and the closing tags
    core: str  # core.xml with the marks where the title and the language go


@lru_cache(maxsize=1)
def _package() -> _Package:
    made = to_docx(Document(title=_TITLE_MARK, number="", blocks=(), language=_LANGUAGE_MARK))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in (_BODY, _CORE):
                dst.writestr(info, src.read(info))
        body, core = src.read(_BODY).decode(), src.read(_CORE).decode()
    opening = body.index("<w:body>") + len("<w:body>")
    return _Package(out.getvalue(), body[:opening], body[body.index("<w:sectPr"):], core)


def _t(text: str) -> str:
    """A run's text as python-docx writes it: tabs and line breaks as elements, edge spaces preserved."""
    out, chunk = [], []

    def flush() -> None:
        if chunk:
            s = "".join(chunk)
            space = ' xml:space="preserve"' if s != s.strip() else ""
            out.append(f"<w:t{space}>{escape(s)}</w:t>")
            chunk.clear()

    for ch in text:
        if ch == "\t":
            flush()
            out.append("<w:tab/>")
        elif ch in "\r\n":
            flush()
            out.append("<w:br/>")
        else:
            chunk.append(ch)
    flush()
    return "".join(out)


def _run(text: str, props: str = "") -> str:
    content = _t(text)
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{content}</w:r>" if rpr or content else "<w:r/>"


def _p(runs: str = "", centred: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centred else ""
    return f"<w:p>{ppr}{runs}</w:p>" if ppr or runs else "<w:p/>"


def _text_p(text: str) -> str:
    """``add_paragraph(text)``: no run at all for an empty text."""
    return _p(_run(text)) if text else _p()


def _table(t: Table) -> str:
    cols = len(t.header)
    width = Emu(_BLOCK_WIDTH // cols).twips if cols else 0
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(cols))
    cell_pr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'

    def row(texts: tuple[str, ...]) -> str:
        cells = [f"<w:tc>{cell_pr}{_p(_run(text))}</w:tc>" for text in texts[:cols]]
        cells += [f"<w:tc>{cell_pr}<w:p/></w:tc>"] * (cols - len(cells))
        return "<w:tr>" + "".join(cells) + "</w:tr>"

    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            f'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(t.header) + "".join(row(r) for r in t.rows) + "</w:tbl>")


def _block(b: Block) -> str:
    if isinstance(b, Heading):
        return _p(_run(b.text, "<w:b/>"))
    if isinstance(b, Paragraph):
        return _text_p(b.text)
    if isinstance(b, Field):
        filled = bool(b.value.strip())
        return _p(_run(f"{b.label}: ") + _run(b.value if filled else _BLANK, "<w:b/>" if filled else
                                                '<w:b w:val="0"/>'))
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Note):
        return _p(_run(b.text, '<w:sz w:val="16"/>'))
    if isinstance(b, SignatureBlock):
        role = _run(b.role + " ", "<w:b/>")
        return _p(role + ("" if b.lines else _run(_SIGN_BLANK))) + "".join(_text_p(line) for line in b.lines)
    raise TypeError(f"no WordprocessingML for {type(b).__name__}")


def document_xml(doc: Document) -> str:
    pkg = _package()
    parts = [pkg.body_open]
    parts += [_p(_run(line, '<w:sz w:val="18"/>'), centred=True) for line in doc.header]
    parts.append(_p(_run(doc.title.upper(), "<w:b/>"), centred=True))
    if doc.number:
        parts.append(_p(_run(doc.number, "<w:b/>"), centred=True))
    parts += [_block(b) for b in doc.blocks]
    parts.append(pkg.body_close)
    return "".join(parts)


def to_docx_fast(doc: Document) -> bytes:
    if not all(isinstance(b, KNOWN) for b in doc.blocks):
        return to_docx(doc)
    pkg = _package()
    core = pkg.core.replace(_TITLE_MARK, escape(f"{doc.title} {doc.number}".strip())).replace(
        _LANGUAGE_MARK, escape(doc.language))
    out = io.BytesIO(pkg.parts)
    # appending leaves the shared parts' compressed bytes as they are: only the two new parts are deflated
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_BODY, document_xml(doc))
        z.writestr(_CORE, core)
    return out.getvalue()
