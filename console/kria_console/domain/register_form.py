"""The office's register forms read into the certificates service's bodies, or a refusal naming the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kria_console.domain.refusals import Refusal

GROUPS = tuple(str(n) for n in range(1, 12))  # ЦРГ groups 1..11 (Decree 2339's list)
AGE_BANDS = {"до 14": "до 14 лет", "14-17": "14–17 лет"}
COVERAGES = {"named": "названное МО", "others": "прочие МО региона", "whole_region": "весь регион"}
FORMS = {"semi_inpatient": "полустационарная", "inpatient": "стационарная"}
STATUSES = {"active": "действует", "suspended": "приостановлена", "withdrawn": "исключена"}
CHANGES = {"added": "включена", "suspended": "приостановлена", "reinstated": "возобновлена", "withdrawn": "исключена"}
# What each change is called on its button and which statuses admit it (the service decides; this hides the rest).
ACTIONS = {"suspend": ("Приостановить", ("active",)), "reinstate": ("Возобновить", ("suspended",)),
           "withdraw": ("Исключить из реестра", ("active", "suspended"))}


@dataclass(frozen=True)
class Parsed:
    body: dict[str, Any] | None
    refused: Refusal | None


def _effective(raw: str) -> date | Refusal:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return Refusal("Поле «дата вступления в силу»: нужна дата в виде ГГГГ-ММ-ДД.", "effective_on")


def change_body(effective_on: str, reason: str) -> Parsed:
    """Suspend, reinstate or withdraw: the date it takes effect and its grounds (an order, a letter)."""
    day = _effective(effective_on.strip())
    if isinstance(day, Refusal):
        return Parsed(None, day)
    if not reason.strip():
        return Parsed(None, Refusal("Поле «основание»: укажите приказ или письмо, по которому вносится изменение.",
                                    "reason"))
    return Parsed({"effective_on": day.isoformat(), "reason": reason.strip()[:500]}, None)


def addition_body(form: Mapping[str, str], groups: Sequence[str], bands: Sequence[str],
                  forms: Sequence[str]) -> Parsed:
    """One organisation: every chosen ЦРГ group × age band in one municipality (or the region's others / all)."""
    name, region = form.get("name", "").strip(), form.get("region", "").strip()
    municipality, coverage = form.get("municipality", "").strip(), form.get("coverage", "named")
    if len(name) < 3:
        return Parsed(None, Refusal("Поле «наименование организации»: укажите полное наименование.", "name"))
    if len(region) != 2 or not region.isdigit():
        return Parsed(None, Refusal("Поле «регион»: нужен двузначный код региона, например 58.", "region"))
    if coverage not in COVERAGES:
        return Parsed(None, Refusal("Поле «охват»: выберите один из вариантов.", "coverage"))
    if coverage == "named" and not municipality:
        return Parsed(None, Refusal("Поле «муниципальное образование»: укажите его название.", "municipality"))
    chosen_groups = [g for g in groups if g in GROUPS]
    if not chosen_groups:
        return Parsed(None, Refusal("Поле «целевая группа»: отметьте хотя бы одну группу ЦРГ.", "target_group"))
    chosen_bands = [b for b in bands if b in AGE_BANDS]
    if not chosen_bands:
        return Parsed(None, Refusal("Поле «возрастная группа»: отметьте хотя бы одну.", "age_band"))
    chosen_forms = [f for f in forms if f in FORMS]
    if not chosen_forms:
        return Parsed(None, Refusal("Поле «формы обслуживания»: отметьте хотя бы одну.", "forms"))
    raw_capacity = form.get("capacity", "").strip()
    if raw_capacity and (not raw_capacity.isdigit() or not 1 <= int(raw_capacity) <= 100_000):
        return Parsed(None, Refusal("Поле «число мест»: целое число от 1 до 100 000 или пусто (без ограничения).",
                                    "capacity"))
    change = change_body(form.get("effective_on", ""), form.get("reason", ""))
    if change.body is None:
        return change
    where = municipality if coverage == "named" else (municipality or COVERAGES[coverage])
    lines = [{"target_group": g, "municipality": where, "coverage": coverage, "age_band": b}
             for g in chosen_groups for b in chosen_bands]
    return Parsed({"name": name, "region": region, "lines": lines, "forms": chosen_forms,
                   "capacity": int(raw_capacity) if raw_capacity else None, **change.body}, None)
