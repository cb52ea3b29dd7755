"""The travel ledger's rules (DOMAIN.md §2: paid by СФР under its own procedure, linked to the certificate).

A line's amount and date have sane bounds; a wrong line is never deleted or edited but reversed by a
correcting entry (a new line of the opposite amount naming the original, with its actor and reason); a
line sent again with the same idempotency key is the first one, not a second payment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kria_shared.errors import Conflict, DomainError

# The largest amount any line may have whatever the configuration says: 2·10^9 kopecks (20 million roubles),
# within the store's integer column on PostgreSQL (32 bits). Totals are summed in Python, never by the store,
# so no number of lines can overflow a sum.
KOPECKS_CEILING = 2_000_000_000


@dataclass(frozen=True)
class TravelRules:
    """[config travel.yaml] The largest line, and how long after the validity a trip can still be paid."""

    version: str
    max_line_kopecks: int
    days_after_validity: int

    def __post_init__(self) -> None:
        if not 0 < self.max_line_kopecks <= KOPECKS_CEILING:
            raise ValueError(f"max_line_kopecks must be in 1..{KOPECKS_CEILING}")
        if not 0 <= self.days_after_validity <= 366:
            raise ValueError("days_after_validity must be in 0..366")


@dataclass(frozen=True)
class LineRequest:
    kind: str
    traveller: str
    amount_kopecks: int
    on: date
    note: str | None

    def digest(self) -> str:
        """What an idempotency key stands for: the same key with another body is a different request."""
        text = "|".join([self.kind, self.traveller, str(self.amount_kopecks), self.on.isoformat(), self.note or ""])
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Line:
    """A line as recorded (the ledger's view: what the rules need of it)."""

    line_id: str
    amount_kopecks: int
    request_digest: str | None = None
    reverses_line_id: str | None = None
    reason: str | None = None


def check_request(req: LineRequest, *, decided_on: date, valid_until: date, rules: TravelRules) -> None:
    if not 0 < req.amount_kopecks <= rules.max_line_kopecks:
        raise DomainError("travel_amount_out_of_range",
                          f"сумма строки проезда — от 1 до {rules.max_line_kopecks} копеек",
                          field="amount_kopecks", max_kopecks=rules.max_line_kopecks)
    latest = valid_until + timedelta(days=rules.days_after_validity)
    if not decided_on <= req.on <= latest:
        raise DomainError("travel_date_out_of_range",
                          f"дата проезда — от даты решения МСЭ {decided_on} до {latest}", field="on",
                          earliest=decided_on.isoformat(), latest=latest.isoformat())


def replayed(earlier: Line | None, req: LineRequest) -> Line | None:
    """The line already recorded under this idempotency key, or None; the same key for another body is a 409."""
    if earlier is None:
        return None
    if earlier.request_digest != req.digest():
        raise Conflict("idempotency_key_reused",
                       "этот Idempotency-Key уже использован для другой строки проезда", field="Idempotency-Key",
                       line_id=earlier.line_id)
    return earlier


def reversal_amount(original: Line, earlier_reversal: Line | None, reason: str) -> int | None:
    """The amount of the correcting entry for ``original``; None when the same reversal was already recorded."""
    if original.reverses_line_id is not None:
        raise DomainError("reversal_of_a_reversal", "строка сторно не сторнируется: внесите новую строку проезда",
                          field="line_id")
    if earlier_reversal is not None:
        if earlier_reversal.reason == reason:
            return None
        raise Conflict("already_reversed", "эта строка проезда уже сторнирована", field="line_id",
                       reversal_line_id=earlier_reversal.line_id)
    return -original.amount_kopecks


def total(amounts: Iterable[int]) -> int:
    """Python's integers: a sum never overflows, whatever the store."""
    return sum(amounts)
