"""Server-side sessions: the cookie holds only a random id; the token never reaches the browser.

In memory, so one console replica holds its sessions (the k8s manifest runs one); a restart signs people out.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

COOKIE = "kria_console_session"


@dataclass
class Session:
    sid: str
    csrf: str
    expires_at: float
    token: str | None = None  # the person's bearer token, sent to the services as theirs
    person: dict[str, Any] = field(default_factory=dict)  # name, roles, organisation, bureau, snils
    pending: dict[str, Any] = field(default_factory=dict)  # OIDC state/nonce/verifier, the place to return to
    last_import: dict[str, Any] | None = None  # the office's latest import report, read page by page

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    @property
    def roles(self) -> set[str]:
        return set(self.person.get("roles", []))

    def csrf_ok(self, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(self.csrf, str(sent))


class SessionStore:
    def __init__(self, ttl_s: int) -> None:
        self.ttl_s = ttl_s
        self._sessions: dict[str, Session] = {}

    def new(self) -> Session:
        self._sweep()
        s = Session(sid=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), expires_at=time.time() + self.ttl_s)
        self._sessions[s.sid] = s
        return s

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        s = self._sessions.get(sid)
        if s is None or s.expires_at < time.time():
            self._sessions.pop(sid, None)
            return None
        return s

    def renew(self, old: Session) -> Session:
        """At sign-in: a fresh id and CSRF token (an id planted before sign-in is worth nothing after it)."""
        self._sessions.pop(old.sid, None)
        fresh = self.new()
        fresh.pending = dict(old.pending)
        return fresh

    def drop(self, sid: str) -> None:
        self._sessions.pop(sid, None)

    def _sweep(self) -> None:
        now = time.time()
        for sid in [k for k, v in self._sessions.items() if v.expires_at < now]:
            self._sessions.pop(sid, None)
