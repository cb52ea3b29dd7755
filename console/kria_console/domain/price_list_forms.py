"""The head's approval order, the price list's filters, and the protocol signature a head uploads: read into
the services' bodies, or a refusal naming the field in Russian."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date
from typing import Any

from kria_console.domain.costing_names import FORMS
from kria_console.domain.refusals import Refusal

MAX_SIGNATURE_BYTES = 256 * 1024  # assessment's own bound on a detached CMS


@dataclass(frozen=True)
class Parsed:
    body: dict[str, Any] | None
    refused: Refusal | None


def _day(raw: str, name: str, field: str) -> date | Refusal:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return Refusal(f"Поле «{name}»: нужна дата в виде ГГГГ-ММ-ДД.", field)


def approval_body(order_number: str, order_date: str, effective_from: str) -> Parsed:
    """The order approving a price list: its number, its date and the day the prices take effect (not before)."""
    number = order_number.strip()
    if not number:
        return Parsed(None, Refusal("Поле «номер приказа»: укажите номер приказа об утверждении.", "order_number"))
    if len(number) > 50 or any(ord(c) < 32 or ord(c) == 127 for c in number):
        return Parsed(None, Refusal("Поле «номер приказа»: не длиннее 50 знаков, без служебных символов.",
                                    "order_number"))
    day = _day(order_date, "дата приказа", "order_date")
    if isinstance(day, Refusal):
        return Parsed(None, day)
    start = _day(effective_from, "дата начала действия", "effective_from") if effective_from.strip() else day
    if isinstance(start, Refusal):
        return Parsed(None, start)
    if start < day:
        return Parsed(None, Refusal("Поле «дата начала действия»: не раньше даты приказа.", "effective_from"))
    return Parsed({"order_number": number, "order_date": day.isoformat(), "effective_from": start.isoformat()}, None)


def price_filter(group: str, form: str, groups: list[str]) -> tuple[str, str]:
    """The ЦРГ and form whose prices the page shows (the whole list is ~900 lines): the first priced by default."""
    chosen_group = group if group in groups else (groups[0] if groups else "")
    return chosen_group, form if form in FORMS else "semi_inpatient"


def uploaded_signature(content: bytes) -> Parsed:
    """A detached CAdES made on the head's own workstation, uploaded as DER (.p7s/.sig) or its base64."""
    if not content:
        return Parsed(None, Refusal("Поле «файл подписи»: файл пуст.", "signature"))
    if len(content) > MAX_SIGNATURE_BYTES * 2:
        return Parsed(None, Refusal("Поле «файл подписи»: файл больше 256 КБ — это не откреплённая подпись.",
                                    "signature"))
    der = content
    if content[:1] != b"\x30":  # not DER: base64 (PEM armour allowed)
        text = b"".join(line for line in content.splitlines() if not line.startswith(b"-----"))
        try:
            der = base64.b64decode(text, validate=False)
        except (binascii.Error, ValueError):
            der = b""
    if der[:1] != b"\x30" or len(der) > MAX_SIGNATURE_BYTES:
        return Parsed(None, Refusal("Поле «файл подписи»: нужна откреплённая подпись CMS (DER или base64).",
                                    "signature"))
    return Parsed({"signature": base64.b64encode(der).decode()}, None)
