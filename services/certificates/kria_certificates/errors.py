"""HTTP-facing errors of this service on top of the kit's (mapped to JSON bodies by the kit)."""

from __future__ import annotations

from kria_shared.errors import DomainError


class Forbidden(DomainError):
    """The caller's role is right but the resource is another organisation's."""

    http_status = 403
