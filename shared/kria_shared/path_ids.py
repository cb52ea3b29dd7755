"""Ids taken from the URL path: printable and bounded, the same rule in every service.

PostgreSQL refuses a NUL byte in text with an error, so a control character must be refused as a 422 naming the
path parameter before it reaches a store; a slash would never match a route anyway.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

PRINTABLE_ID = r"^[^\x00-\x1f\x7f/]+$"

PathId = Annotated[str, Path(min_length=1, max_length=100, pattern=PRINTABLE_ID)]
