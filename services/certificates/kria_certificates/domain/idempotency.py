"""Idempotency keys of commands: a retried request with the key it was first sent with is not applied again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kria_shared.errors import Conflict


@dataclass(frozen=True)
class CommandKey:
    """The client's ``Idempotency-Key`` and a digest of what it was sent with (the command and its body)."""

    key: str
    digest: str

    @classmethod
    def of(cls, key: str, command: str, body: str) -> CommandKey:
        return cls(key, hashlib.sha256(f"{command}|{body}".encode()).hexdigest())

    def check_repeat(self, earlier_digest: str | None) -> None:
        """The key was used before: for the same request it is a replay; for another one a 409."""
        if earlier_digest != self.digest:
            raise Conflict("idempotency_key_reused", "этот Idempotency-Key уже использован для другой команды",
                           field="Idempotency-Key")
