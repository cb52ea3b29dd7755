"""Ids taken from the URL path: printable and bounded (PostgreSQL refuses a NUL byte in text with an error)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

PRINTABLE = r"^[^\x00-\x1f\x7f/]+$"  # no control characters (a NUL would be a 500 on PostgreSQL), no slash

OrganisationId = Annotated[str, Path(min_length=1, max_length=100, pattern=PRINTABLE)]
CertificateId = Annotated[str, Path(min_length=1, max_length=100, pattern=PRINTABLE)]
