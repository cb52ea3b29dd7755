"""Why a criterion got its points, in Russian, from the inputs the bureau's scoring kept (not its English text)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kria_console.domain.labels import DIRECTIONS, directions, name_of


def _seq(inputs: Mapping[str, Any], key: str) -> list[str]:
    value = inputs.get(key) or []
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _int(inputs: Mapping[str, Any], key: str) -> int | None:
    value = inputs.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def why(criterion: Mapping[str, Any]) -> str:
    """One sentence for the expert: what was looked at and what it led to."""
    code, points = criterion.get("code"), criterion.get("points")
    inputs: Mapping[str, Any] = criterion.get("inputs") or {}
    if code == "comprehensiveness":
        return _comprehensiveness(inputs, points)
    if code == "activity_count":
        return _activity_count(inputs, points)
    if code == "rehabilitation_effect":
        return _effect(inputs, points)
    if code == "parental_competence":
        return _parental(inputs, points)
    return f"Баллы: {points} (критерий {code} этой версии консоли не описан)."


def _comprehensiveness(inputs: Mapping[str, Any], points: object) -> str:
    required = _seq(inputs, "required_directions")
    missing, below, above = (_seq(inputs, k) for k in ("missing", "below_range", "above_range"))
    if not required:
        return "В протоколе нет ни одного обязательного направления."
    if missing:
        return f"Не оказаны обязательные направления: {directions(missing)}."
    out = below + ([] if inputs.get("above_max_is_within", True) else above)
    if out:
        return f"Все обязательные направления затронуты, но вне нормы по объёму: {directions(out)}."
    return f"Все {len(required)} обязательных направлений оказаны в пределах нормы."


def _activity_count(inputs: Mapping[str, Any], points: object) -> str:
    delivered, planned = _int(inputs, "delivered_total"), _int(inputs, "planned_total")
    percent = _int(inputs, "percent_of_plan_floor")
    text = f"Проведено {delivered} из {planned} запланированных мероприятий ({percent} % плана)"
    if points == 2:
        return text + ": объём достаточен."
    if points == 1:
        return text + ": объём частично достаточен."
    return text + ": ниже порога методики."


def _effect(inputs: Mapping[str, Any], points: object) -> str:
    assessed = _int(inputs, "assessed_domains") or 0
    improved, worsened = _seq(inputs, "improved"), _seq(inputs, "worsened")
    if assessed == 0:
        return "Контрольная оценка не проводилась: эффект не оценён."
    text = f"Улучшение в {len(improved)} из {assessed} оценённых доменов"
    if worsened:
        text += f", ухудшение в {len(worsened)}"
    if points == 2:
        return text + ": большинство."
    if points == 1:
        return text + ": не большинство."
    return text + "."


def _parental(inputs: Mapping[str, Any], points: object) -> str:
    before, after, top = _int(inputs, "before"), _int(inputs, "after"), _int(inputs, "max")
    share = _int(inputs, "significant_percent_of_max")
    if after is None:
        return "Анкета после курса не заполнена: улучшение не показано."
    gain = after - (before or 0)
    if gain <= 0:
        return f"Улучшения нет ({before} → {after} из {top})."
    if points == 2:
        return f"Прирост {gain} баллов ({before} → {after} из {top}) — не меньше {share} % максимума."
    return f"Прирост {gain} баллов ({before} → {after} из {top}) — меньше {share} % максимума."


def direction_name(code: str) -> str:
    return name_of(DIRECTIONS, code)
