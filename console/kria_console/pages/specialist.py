"""The rehabilitation organisation's specialists (role provider): their children, the reservation with the
individual plan, the course's start and end, ratings, questionnaire and the protocol's preview.

Every read is the specialist's own token: the services answer only the organisation's own children, and this
page shows only what they answered (no count of anyone else's).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kria_console import web
from kria_console.domain import plan as plan_rules
from kria_console.domain.care_labels import ACTIVITY_TYPES, DELIVERY, FORMS, MISS_REASONS
from kria_console.domain.labels import DIRECTIONS, LIFE_DOMAINS
from kria_console.domain.refusals import Refusal
from kria_console.pages.bureau import _id
from kria_console.pages.common import call, pretty
from kria_console.render import page
from kria_console.sessions import Session

STAFF = "provider"
DONE = {"reserved": "Бронирование отправлено: стоимость рассчитывается.", "started": "Курс начат.",
        "ended": "Курс закончен.", "ratings": "Оценки сохранены.", "questionnaire": "Анкета сохранена.",
        "protocol": "Протокол сформирован: его подписывает руководитель организации."}
COMMON = {"DIRECTIONS": DIRECTIONS, "ACTIVITY_TYPES": ACTIVITY_TYPES, "DELIVERY": DELIVERY, "FORMS": FORMS,
          "MISS_REASONS": MISS_REASONS, "LIFE_DOMAINS": LIFE_DOMAINS}


def _day(raw: str) -> str | None:
    try:
        return date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        return None


async def _chosen(request: Request, s: Session, cid: str) -> dict[str, Any] | None:
    got = await call(request, s, "GET", "certificates", "/v1/family-choices")
    items = got.data.get("items", []) if got.ok else []
    return next((c for c in items if c["certificate_id"] == cid), None)


async def _standard(request: Request, s: Session, group: str) -> tuple[dict[str, Any] | None, int]:
    got = await call(request, s, "GET", "costing", f"/v1/standards?group={_id(group)}")
    if not got.ok or not got.data.get("standards"):
        return None, 120
    return got.data["standards"][0], int(got.data.get("min_course_activities", 120))


def router() -> APIRouter:
    r = APIRouter(prefix="/specialist")

    @r.get("")
    async def children(request: Request) -> Response:
        s = web.person(request, STAFF)
        chosen = await call(request, s, "GET", "certificates", "/v1/family-choices")
        courses = await call(request, s, "GET", "assessment", "/v1/courses?state=all&limit=500")
        mine = await call(request, s, "GET", "certificates", "/v1/certificates?limit=500")
        return page(request, "specialist/children.html", title="Дети организации",
                    chosen=chosen.data.get("items", []) if chosen.ok else [],
                    courses=courses.data.get("courses", []) if courses.ok else [],
                    certificates=mine.data.get("items", []) if mine.ok else [],
                    refused=chosen.refused or courses.refused or mine.refused, **COMMON)

    async def reserve_page(request: Request, s: Session, cid: str, typed: dict[str, str], status: int = 200,
                           refused: Refusal | None = None) -> Response:
        child = await _chosen(request, s, cid)
        if child is None:
            return page(request, "message.html", status=404, title="Ребёнок не найден",
                        text="Такого ребёнка нет среди выбравших вашу организацию.", back="/specialist")
        standard, minimum = await _standard(request, s, child["target_group"])
        lines = plan_rules.lines_of(standard or {}, child["age_band"])
        plan = plan_rules.read(lines, typed, minimum)
        return page(request, "specialist/reserve.html", status=status, title="Бронирование курса", child=child,
                    plan=plan, typed=typed, refused=refused, standard=standard, **COMMON)

    @r.get("/reserve/{cid}")
    async def reserve_form(request: Request, cid: str) -> Response:
        s = web.person(request, STAFF)
        return await reserve_page(request, s, _id(cid), {})

    @r.post("/reserve/{cid}")
    async def reserve(request: Request, cid: str) -> Response:
        s = web.person(request, STAFF)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        cid = _id(cid)
        typed = {k: str(v)[:10] for k, v in form.items() if "|" in k}
        child = await _chosen(request, s, cid)
        if child is None:
            return await reserve_page(request, s, cid, typed)
        standard, minimum = await _standard(request, s, child["target_group"])
        plan = plan_rules.read(plan_rules.lines_of(standard or {}, child["age_band"]), typed, minimum)
        if plan.refused is not None:
            return await reserve_page(request, s, cid, typed, 422, plan.refused)
        body = {"organisation_id": s.person.get("organisation"), "form": child["form"],
                "companion": form.get("companion") == "yes", "plan": plan.body()}
        got = await call(request, s, "POST", "certificates", f"/v1/certificates/{cid}/reservation", json=body)
        if not got.ok:
            return await reserve_page(request, s, cid, typed, got.status, got.refused)
        return RedirectResponse(f"/specialist/children/{cid}?done=reserved", status_code=303)

    async def child_page(request: Request, s: Session, cid: str, status: int = 200,
                         refused: Refusal | None = None) -> Response:
        cert = await call(request, s, "GET", "certificates", f"/v1/certificates/{cid}")
        if not cert.ok:
            return page(request, "message.html", status=cert.status, title="Ребёнок недоступен",
                        text=cert.refused.message if cert.refused else "", back="/specialist")
        course = await call(request, s, "GET", "assessment", f"/v1/courses/{cid}")
        instruments = await call(request, s, "GET", "assessment", "/v1/instruments")
        tools = instruments.data if instruments.ok else {}
        return page(request, "specialist/child.html", status=status, title="Курс ребёнка", c=cert.data,
                    course=course.data if course.ok else None, refused=refused,
                    scale=(tools.get("scales") or [None])[0], questionnaire=(tools.get("questionnaires") or [None])[0],
                    done=DONE.get(request.query_params.get("done", "")), **COMMON)

    @r.get("/children/{cid}")
    async def child(request: Request, cid: str) -> Response:
        s = web.person(request, STAFF)
        return await child_page(request, s, _id(cid))

    @r.post("/children/{cid}/{action}")
    async def act(request: Request, cid: str, action: str) -> Response:
        s = web.person(request, STAFF)
        form = await request.form()
        web.check_csrf(s, form.get("csrf"))
        cid = _id(cid)
        got = None
        done = action
        if action == "start":
            on = _day(str(form.get("start_date") or ""))
            if on is None:
                return await child_page(request, s, cid, 422, Refusal("Поле «дата начала»: нужна дата.", "start_date"))
            got = await call(request, s, "POST", "certificates", f"/v1/certificates/{cid}/course/start",
                             json={"start_date": on})
            done = "started"
        elif action == "end":
            on = _day(str(form.get("end_date") or ""))
            if on is None:
                return await child_page(request, s, cid, 422, Refusal("Поле «дата окончания»: нужна дата.", "end_date"))
            reason = str(form.get("reason") or "")
            if not reason:
                got = await call(request, s, "POST", "certificates", f"/v1/certificates/{cid}/course/complete",
                                 json={"end_date": on})
            else:
                body: dict[str, Any] = {"end_date": on, "reason": reason}
                text = str(form.get("reason_text") or "").strip()
                if text:
                    body["reason_text"] = text
                got = await call(request, s, "POST", "certificates", f"/v1/certificates/{cid}/course/terminate",
                                 json=body)
            done = "ended"
        elif action in SCORED_ACTIONS:
            kind, stage = action.split("-")
            prefix, version, key, dated, need = SCORED[kind]
            values, bad = _scores(form, prefix)
            if bad:
                return await child_page(request, s, cid, 422, Refusal(f"Поле «{bad}»: {need}.", bad))
            body = {version: str(form.get(version) or ""), key: values}
            on = _day(str(form.get("on") or ""))
            if on:
                body[dated] = on
            got = await call(request, s, "PUT", "assessment", f"/v1/courses/{cid}/{kind}/{stage}", json=body)
            done = kind
        elif action == "protocol":
            notes = str(form.get("notes") or "").strip()
            got = await call(request, s, "POST", "assessment", f"/v1/courses/{cid}/protocol",
                             json={"notes": notes} if notes else {})
            if got.ok:
                return RedirectResponse(f"/specialist/children/{cid}/protocol", status_code=303)
        else:
            return await child_page(request, s, cid, 404, Refusal("Такого действия нет."))
        if not got.ok:
            return await child_page(request, s, cid, got.status, got.refused)
        return RedirectResponse(f"/specialist/children/{cid}?done={done}", status_code=303)

    @r.get("/children/{cid}/protocol")
    async def protocol(request: Request, cid: str) -> Response:
        s = web.person(request, STAFF)
        cid = _id(cid)
        got = await call(request, s, "GET", "assessment", f"/v1/courses/{cid}/protocol")
        if not got.ok:
            return page(request, "message.html", status=got.status, title="Протокол недоступен",
                        text=got.refused.message if got.refused else "", back=f"/specialist/children/{cid}")
        return page(request, "specialist/protocol.html", title="Протокол контрольной оценки", cid=cid,
                    doc=json.loads(got.content), text=pretty(got.content), sha=got.headers.get("x-protocol-sha256"),
                    done=DONE["protocol"] if request.query_params.get("done") else None, **COMMON)

    return r


# The two scored forms, one handling: the scale's ratings (baseline, control) and the parental questionnaire
# (before, after); per kind its fields' prefix, the version field, the body's key, its date field, the refusal.
SCORED = {"ratings": ("r-", "scale_version", "ratings", "assessed_on", "нужна оценка числом"),
          "questionnaire": ("q-", "questionnaire_version", "answers", "answered_on", "нужен ответ числом")}
SCORED_ACTIONS = ("ratings-baseline", "ratings-control", "questionnaire-before", "questionnaire-after")


def _scores(form: Any, prefix: str) -> tuple[dict[str, int], str | None]:
    values: dict[str, int] = {}
    for k, v in form.items():
        if k.startswith(prefix):
            raw = str(v).strip()
            if not raw.lstrip("-").isdigit():
                return values, k[len(prefix):]
            values[k[len(prefix):]] = int(raw)
    return values, None
