"""``limit``/``offset`` of every list route: one bounded query type (an offset of 2^63 overflowed SQLite: 500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

MAX_OFFSET = 2**31 - 1  # far beyond any listing of the pilot, inside every store's integer range
MAX_LIMIT = 1000

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="skip this many items (0…2^31−1)")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"at most this many items (1…{MAX_LIMIT})")]
