"""Read a rendered document back as its reader would: its text (pdftotext, python-docx), QR codes (zbarimg)."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())  # one space between words: the layout wraps lines


def pdf_qr_codes(pdf: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(src), str(Path(tmp) / "page")], check=True)
        pages = sorted(str(p) for p in Path(tmp).glob("page*.png"))
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *pages],
                              capture_output=True)
    return [line for line in done.stdout.decode().splitlines() if line]


def pdf_metadata(pdf: bytes) -> str:
    """The XMP metadata stream (where PDF/A names its part and conformance)."""
    done = subprocess.run(["pdfinfo", "-meta", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def pdf_fonts(pdf: bytes) -> list[list[str]]:
    done = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    return [line.split() for line in done.stdout.decode().splitlines()[2:]]


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join([*(p.text for p in doc.paragraphs), *cells]).split())


def is_docx(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))
