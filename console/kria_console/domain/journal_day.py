"""One day of the course journal as typed: rows of activities (or missed ones with their reason), the standard's
duration limits for each row, and a day copied from the one before."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kria_console.domain.refusals import Refusal

ROWS = 10  # a day holds 6-10 activities
FIELDS = ("direction", "activity_type", "delivery", "minutes", "specialist", "status", "missed_reason",
          "missed_text")
# The row's fields as the journal page labels them (a refusal names the field a person sees).
FIELD_NAMES = {"direction": "направление", "activity_type": "вид", "delivery": "форма", "specialist": "специалист",
               "minutes": "минут", "missed_reason": "причина пропуска", "missed_text": "пояснение причины"}
MISS_REASONS = ("child_health", "family_refused_activities", "family_refused_course", "organisation_failure",
                "other")


@dataclass(frozen=True)
class Limit:
    activity_types: frozenset[str]  # empty: any
    delivery: str | None
    age_from: int | None
    age_to: int | None
    low: int
    high: int


def limits_of(journal_rules: Mapping[str, Any]) -> list[Limit]:
    return [Limit(frozenset(r.get("activity_types") or ()), r.get("delivery"), r.get("age_from"), r.get("age_to"),
                  int(r["min_minutes"]), int(r["max_minutes"])) for r in journal_rules.get("durations", [])]


def limit_for(limits: Sequence[Limit], activity_type: str, delivery: str, age: int) -> Limit | None:
    """The first matching rule, as the assessment service applies them."""
    for r in limits:
        if r.activity_types and activity_type not in r.activity_types:
            continue
        if r.delivery and r.delivery != delivery:
            continue
        if r.age_from is not None and r.age_to is not None and not r.age_from <= age <= r.age_to:
            continue
        return r
    return None


def blank_rows(n: int = ROWS) -> list[dict[str, str]]:
    return [dict.fromkeys(FIELDS, "") | {"status": "delivered"} for _ in range(n)]


def copied(previous: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The previous day's activities as this day's rows, all delivered (the specialist marks what was missed)."""
    rows = [{"direction": str(e["direction"]), "activity_type": str(e["activity_type"]),
             "delivery": str(e["delivery"]), "minutes": str(e.get("minutes") or ""),
             "specialist": str(e["specialist"]), "status": "delivered", "missed_reason": "", "missed_text": ""}
            for e in previous]
    return rows + blank_rows(max(0, ROWS - len(rows)))


def entries(on: str, rows: Sequence[Mapping[str, str]], limits: Sequence[Limit],
            age: int) -> tuple[list[dict[str, Any]], Refusal | None]:
    """The filled rows as the API's entries; the first problem names its row and field."""
    out: list[dict[str, Any]] = []
    for n, row in enumerate(rows, start=1):
        if not row.get("direction") and not row.get("activity_type"):
            continue
        where = f"строка {n}"
        missing = [f for f in ("direction", "activity_type", "delivery", "specialist") if not row.get(f)]
        if missing:
            return out, Refusal(f"Поле «{FIELD_NAMES[missing[0]]}» ({where}): не заполнено.", missing[0])
        missed = row.get("status") == "missed"
        raw = (row.get("minutes") or "").strip()
        if raw and not raw.isdigit():
            return out, Refusal(f"Поле «минут» ({where}): нужно целое число минут.", "minutes")
        minutes = int(raw) if raw else 0
        if not missed:
            lim = limit_for(limits, row["activity_type"], row["delivery"], age)
            if lim is not None and not lim.low <= minutes <= lim.high:
                return out, Refusal(f"Поле «минут» ({where}): {minutes} мин вне {lim.low}–{lim.high} мин "
                                    "по стандарту.", "minutes")
        entry: dict[str, Any] = {"direction": row["direction"], "activity_type": row["activity_type"],
                                 "delivery": row["delivery"], "on": on, "minutes": minutes,
                                 "specialist": row["specialist"].strip(),
                                 "status": "missed" if missed else "delivered"}
        if missed:
            reason = row.get("missed_reason") or ""
            if reason not in MISS_REASONS:
                return out, Refusal(f"Поле «причина пропуска» ({where}): укажите причину пропуска.", "missed_reason")
            entry["missed_reason"] = reason
            if reason == "other":
                text = (row.get("missed_text") or "").strip()
                if not text:
                    return out, Refusal(f"Поле «пояснение причины» ({where}): для иной причины нужен текст.",
                                        "missed_text")
                entry["missed_text"] = text
        out.append(entry)
    if not out:
        return out, Refusal("Поле «занятия»: заполните хотя бы одну строку дня.", "entries")
    return out, None
