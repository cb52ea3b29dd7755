"""What the pages share: reading a whole listing, the person's token, a service call's refusal on the page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from kria_console.backend import Answer, Backend
from kria_console.sessions import Session

MAX_ITEMS = 2000  # a worklist filtered locally reads at most this many drafts
AWAITING_SIGNATURE = "/v1/courses?state=all&protocol=awaiting_signature&limit=100"


def backend(request: Request) -> Backend:
    b: Backend = request.app.state.backend
    return b


async def call(request: Request, s: Session, method: str, service: str, path: str, **kw: Any) -> Answer:
    return await backend(request).call(s.token, service, method, path, **kw)


async def listing(request: Request, s: Session, service: str, path: str, page_size: int = 500) -> tuple[
        list[dict[str, Any]], Answer | None]:
    """Every item of an ``{"items": [...]}`` listing; the first refusal stops and is returned."""
    out: list[dict[str, Any]] = []
    sep = "&" if "?" in path else "?"
    while len(out) < MAX_ITEMS:
        got = await call(request, s, "GET", service, f"{path}{sep}limit={page_size}&offset={len(out)}")
        if not got.ok:
            return out, got
        items = got.data.get("items", [])
        out.extend(items)
        if len(items) < page_size:
            break
    return out, None


async def awaiting_signature(request: Request, s: Session) -> Answer:
    """The organisation's protocols its specialists froze and its head has not signed yet (assessment scopes the
    list by the token's organisation: a head sees only its own)."""
    return await call(request, s, "GET", "assessment", AWAITING_SIGNATURE)


def pretty(content: bytes) -> str:
    """The signed JSON bytes laid out for reading (what is signed stays the bytes, shown with their hash)."""
    try:
        return json.dumps(json.loads(content), ensure_ascii=False, indent=2)
    except ValueError:
        return content.decode("utf-8", errors="replace")
