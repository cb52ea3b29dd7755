"""The course journal day by day: a form per day (works without JavaScript), a day copied from the one before,
and the JSON door ``static/journal.js`` sends its queued days through when the network is back.

Each form carries its own batch id: a form sent twice (a retry, or the queue after an outage) is recorded once
by the assessment service, which answers the repeat as a duplicate.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from kria_console import web
from kria_console.domain import journal_day
from kria_console.domain.refusals import Refusal
from kria_console.pages.bureau import _id
from kria_console.pages.common import call
from kria_console.pages.specialist import COMMON, STAFF
from kria_console.render import page
from kria_console.sessions import Session


def _batch(raw: object) -> str:
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        return str(uuid.uuid4())


async def _course(request: Request, s: Session, cid: str) -> tuple[dict[str, Any] | None, Any]:
    got = await call(request, s, "GET", "assessment", f"/v1/courses/{cid}")
    return (got.data if got.ok else None), got


async def _limits(request: Request, s: Session) -> list[journal_day.Limit]:
    got = await call(request, s, "GET", "assessment", "/v1/instruments")
    return journal_day.limits_of(got.data.get("journal_rules", {}) if got.ok else {})


def _rows(form: Any) -> list[dict[str, str]]:
    return [{f: str(form.get(f"{f}-{n}") or "")[:1000] for f in journal_day.FIELDS}
            for n in range(journal_day.ROWS)]


def router() -> APIRouter:
    r = APIRouter(prefix="/specialist/children/{cid}/journal")

    async def day_page(request: Request, s: Session, cid: str, on: str | None, rows: list[dict[str, str]] | None = None,
                       status: int = 200, refused: Refusal | None = None, batch_id: str | None = None,
                       done: str | None = None) -> Response:
        course, got = await _course(request, s, cid)
        if course is None:
            return page(request, "message.html", status=got.status, title="Журнал недоступен",
                        text=got.refused.message if got.refused else "", back="/specialist")
        start = date.fromisoformat(course["start_date"])
        end = date.fromisoformat(course.get("end_date") or course["planned_end_date"])
        day = date.fromisoformat(on) if on else start
        day = min(max(day, start), end)
        by_day: dict[str, list[dict[str, Any]]] = {}
        for e in course.get("journal", []):
            by_day.setdefault(e["on"], []).append(e)
        previous = by_day.get((day - timedelta(days=1)).isoformat(), [])
        if rows is None:
            rows = (journal_day.copied(previous) if request.query_params.get("copy") == "1" and previous
                    else journal_day.blank_rows())
        limits = await _limits(request, s)
        hints = [{"types": sorted(x.activity_types), "delivery": x.delivery, "age_from": x.age_from,
                  "age_to": x.age_to, "min": x.low, "max": x.high} for x in limits]
        days = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
        return page(request, "specialist/journal.html", status=status, title="Журнал курса", cid=cid, course=course,
                    day=day.isoformat(), days=days, recorded=by_day, rows=rows, refused=refused,
                    batch_id=batch_id or str(uuid.uuid4()), has_previous=bool(previous), hints=hints,
                    prev_day=(day - timedelta(days=1)).isoformat() if day > start else None,
                    next_day=(day + timedelta(days=1)).isoformat() if day < end else None, done=done, **COMMON)

    @r.get("")
    async def journal(request: Request, cid: str) -> Response:
        s = web.person(request, STAFF)
        raw = request.query_params.get("day", "")
        try:
            on = date.fromisoformat(raw).isoformat() if raw else None
        except ValueError:
            on = None
        done = "День записан в журнал." if request.query_params.get("done") else None
        return await day_page(request, s, _id(cid), on, done=done)

    @r.post("")
    async def record(request: Request, cid: str) -> Response:
        """Without JavaScript: the day's form posted as it is, its batch id kept for a retry."""
        s = web.person(request, STAFF)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        cid, rows, batch = _id(cid), _rows(form), _batch(form.get("batch_id"))
        try:
            on = date.fromisoformat(str(form.get("day") or "")).isoformat()
        except ValueError:
            return await day_page(request, s, cid, None, rows, 422, Refusal("Поле «день»: нужна дата.", "day"), batch)
        course, _ = await _course(request, s, cid)
        age = int(course["age_years"]) if course else 10
        entries, refused = journal_day.entries(on, rows, await _limits(request, s), age)
        if refused is not None:
            return await day_page(request, s, cid, on, rows, 422, refused, batch)
        got = await call(request, s, "POST", "assessment", f"/v1/courses/{cid}/activities",
                         json={"batch_id": batch, "entries": entries})
        if not got.ok:
            return await day_page(request, s, cid, on, rows, got.status, got.refused, batch)
        return RedirectResponse(f"/specialist/children/{cid}/journal?day={on}&done=1", status_code=303)

    @r.post("/batches")
    async def record_json(request: Request, cid: str) -> Response:
        """From journal.js: ``{"batch_id", "day", "rows": [...]}`` with the CSRF token in ``X-CSRF-Token``."""
        s = web.person(request, STAFF)
        web.check_csrf(s, request.headers.get("x-csrf-token"))
        try:
            body = await request.json()
            on = date.fromisoformat(str(body.get("day"))).isoformat()
            rows = [{f: str(row.get(f) or "")[:1000] for f in journal_day.FIELDS} for row in body.get("rows", [])]
        except (ValueError, AttributeError, TypeError):
            return JSONResponse({"message": "Поле «день»: запрос неверного вида."}, status_code=422)
        cid, batch = _id(cid), _batch(body.get("batch_id"))
        course, _ = await _course(request, s, cid)
        age = int(course["age_years"]) if course else 10
        entries, refused = journal_day.entries(on, rows[:journal_day.ROWS], await _limits(request, s), age)
        if refused is not None:
            return JSONResponse({"message": refused.message, "field": refused.field}, status_code=422)
        got = await call(request, s, "POST", "assessment", f"/v1/courses/{cid}/activities",
                         json={"batch_id": batch, "entries": entries})
        if not got.ok:
            status = got.status if got.status < 500 else 503
            return JSONResponse({"message": got.refused.message if got.refused else ""}, status_code=status)
        return JSONResponse({"batch_id": batch, "duplicate": got.data.get("duplicate", False),
                             "recorded": got.data.get("recorded", 0)}, status_code=200)

    return r
