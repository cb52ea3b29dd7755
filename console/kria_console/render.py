"""Jinja2 pages: the filters that show money, dates and codes in Russian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kria_console.domain import formats, labels
from kria_console.domain.criteria import why

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)
env.filters.update({
    "roubles": formats.roubles, "msk": formats.moscow_time, "day": formats.day, "why": why,
    "state": lambda c: labels.name_of(labels.CONCLUSION_STATES, c),
    "cert_state": lambda c: labels.name_of(labels.CERTIFICATE_STATES, c),
    "verdict": lambda c: labels.name_of(labels.VERDICTS, c),
    "reason": lambda c: labels.name_of(labels.REASON_NAMES, c),
    "reason_source": lambda c: labels.name_of(labels.REASON_SOURCES, c),
    "criterion": lambda c: labels.name_of(labels.CRITERIA, c),
    "direction": lambda c: labels.name_of(labels.DIRECTIONS, c),
    "life_domain": lambda c: labels.name_of(labels.LIFE_DOMAINS, c),
    "range_status": lambda c: labels.name_of(labels.RANGE_STATUS, c),
    "outcome": lambda c: labels.name_of(labels.COURSE_OUTCOMES, c),
    "import_outcome": lambda c: labels.name_of(labels.IMPORT_OUTCOMES, c),
    "submission": lambda c: labels.name_of(labels.SUBMISSION_STATUS, c),
    "role": lambda c: labels.name_of(labels.ROLES, c),
    "signer_role": lambda c: labels.name_of(labels.SIGNER_ROLES, c),
})
env.globals.update({"REASONS": labels.REASONS, "CONCLUSION_STATES": labels.CONCLUSION_STATES,
                    "CERTIFICATE_STATES": labels.CERTIFICATE_STATES})


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    roles = session.roles if session is not None and session.signed_in else set()
    html = env.get_template(template).render(request=request, session=session, has=lambda *r: bool(roles & set(r)),
                                             csrf=session.csrf if session else "", **context)
    return HTMLResponse(html, status_code=status)
