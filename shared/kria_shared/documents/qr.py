"""QR codes with segno: SVG for the HTML/PDF rendition, PNG for DOCX."""

from __future__ import annotations

import io

import segno


def svg(data: str, *, scale: int = 3) -> str:
    """An inline ``<svg>`` element (no XML declaration), error correction M."""
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="svg", scale=scale, xmldecl=False, svgns=True,
                                                  border=2)
    return out.getvalue().decode()


def png(data: str, *, scale: int = 4) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
