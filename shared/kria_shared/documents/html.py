"""The block model as HTML for WeasyPrint: every value escaped, one stylesheet for every document."""

from __future__ import annotations

from html import escape

from kria_shared.documents import qr
from kria_shared.documents.model import Block, Document, Field, Heading, Note, Paragraph, Qr, Table

# DejaVu and Liberation both carry Cyrillic; WeasyPrint embeds the subset it uses.
STYLE = """
@page { size: A4; margin: 16mm 14mm 16mm 20mm;
        @bottom-right { content: "стр. " counter(page); font-size: 8pt; color: #555; } }
body { font-family: "Liberation Serif", "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.3; }
.header { text-align: center; font-size: 9pt; }
h1 { font-size: 12pt; text-align: center; text-transform: uppercase; margin: 8pt 0 2pt; }
.number { text-align: center; font-weight: bold; margin-bottom: 8pt; }
h2 { font-size: 11pt; margin: 8pt 0 3pt; border-bottom: 0.5pt solid #000; }
h3 { font-size: 10.5pt; margin: 6pt 0 2pt; }
p { margin: 2pt 0; text-align: justify; }
.field { margin: 1.5pt 0; }
.field .label { color: #000; }
.field .value { font-weight: bold; }
.field .blank { display: inline-block; min-width: 40mm; border-bottom: 0.5pt solid #000; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; font-size: 9pt; }
th, td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; }
th { background: #eee; }
.note { font-size: 8pt; color: #333; margin: 3pt 0; }
.qr { margin-top: 6pt; } .qr svg { width: 28mm; height: 28mm; float: left; margin-right: 4mm; }
.qr .caption { font-size: 8pt; word-break: break-all; }
.sign { margin-top: 10pt; page-break-inside: avoid; }
.sign .line { display: inline-block; min-width: 32mm; border-bottom: 0.5pt solid #000; margin: 0 4mm; }
.clear { clear: both; }
"""


def render(doc: Document) -> str:
    parts = [f'<!DOCTYPE html><html lang="{escape(doc.language)}"><head><meta charset="utf-8">',
             f"<title>{escape(doc.title)} {escape(doc.number)}</title>",
             f'<meta name="keywords" content="{escape(", ".join(doc.keywords))}">',
             f"<style>{STYLE}</style></head><body>"]
    parts.extend(f'<div class="header">{escape(line)}</div>' for line in doc.header)
    parts.append(f"<h1>{escape(doc.title)}</h1>")
    if doc.number:
        parts.append(f'<div class="number">{escape(doc.number)}</div>')
    parts.extend(_block(b) for b in doc.blocks)
    parts.append("</body></html>")
    return "".join(parts)


def _block(b: Block) -> str:
    if isinstance(b, Heading):
        level = min(max(b.level, 2), 3)
        return f"<h{level}>{escape(b.text)}</h{level}>"
    if isinstance(b, Paragraph):
        return f"<p>{escape(b.text)}</p>"
    if isinstance(b, Field):
        value = (f'<span class="value">{escape(b.value)}</span>' if b.value.strip()
                 else '<span class="blank">&#160;</span>')
        return f'<div class="field"><span class="label">{escape(b.label)}:</span> {value}</div>'
    if isinstance(b, Table):
        head = "".join(f"<th>{escape(h)}</th>" for h in b.header)
        rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in b.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(b, Note):
        return f'<div class="note">{escape(b.text)}</div>'
    if isinstance(b, Qr):
        return (f'<div class="qr">{qr.svg(b.data)}<div class="caption">{escape(b.caption)}<br>'
                f"{escape(b.data)}</div><div class=\"clear\"></div></div>")
    lines = "".join(f"<div>{escape(line)}</div>" for line in b.lines)
    blank = "" if b.lines else ('<span class="line">&#160;</span>(подпись) '
                                '<span class="line">&#160;</span>(инициалы, фамилия)')
    return f'<div class="sign"><div><b>{escape(b.role)}</b> {blank}</div>{lines}</div>'
