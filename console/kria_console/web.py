"""Who is asking: the session behind the cookie, the roles a page admits, CSRF on every form, safe redirects."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from kria_console.sessions import Session, SessionStore


class SignInRequired(Exception):
    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class NotYourPage(Exception):
    """The signed-in person's roles do not include one this page is for."""


class BadForm(Exception):
    """The form's CSRF token is missing or not this session's."""


def store(request: Request) -> SessionStore:
    s: SessionStore = request.app.state.sessions
    return s


def session(request: Request) -> Session:
    """The caller's session; an anonymous one is made (and its cookie set) so the sign-in form has a CSRF token."""
    current: Session | None = getattr(request.state, "session", None)
    if current is not None:
        return current
    found = store(request).get(request.cookies.get(request.app.state.cookie_name))
    if found is None:
        found = store(request).new()
        request.state.new_cookie = True
    request.state.session = found
    return found


def person(request: Request, *roles: str) -> Session:
    s = session(request)
    if not s.signed_in:
        raise SignInRequired(safe_next(request.url.path + (f"?{request.url.query}" if request.url.query else "")))
    if roles and not s.roles.intersection(roles):
        raise NotYourPage()
    return s


def check_csrf(s: Session, sent: object) -> None:
    if not s.csrf_ok(sent if isinstance(sent, str) else None):
        raise BadForm()


def safe_next(raw: str | None) -> str:
    """Only a path of this console: never another host (``//evil``, ``/\\evil``, ``https://…``)."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or raw.startswith("/\\"):
        return "/"
    if any(c in raw for c in ("\\", "\r", "\n", "\t")) or raw.startswith("/signin"):
        return "/"
    return raw


def sign_in_url(next_path: str) -> str:
    return "/signin?next=" + quote(safe_next(next_path), safe="/")
