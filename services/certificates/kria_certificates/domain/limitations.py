"""The MSE's own baseline: the degree of limitation in each of the 7 life-activity categories.

The export's columns 17-23 "Способность к … (степень)" (pilot_mse_export_columns.csv). Kept on the certificate
and passed on: the domains with a degree of 1 or more are the child's impaired domains, over which the
rehabilitation effect is scored (criterion 3). The domain codes are those of the assessment scale (icf-7-v1).
"""

from __future__ import annotations

# RawDecision field -> domain code, in the export's column order
FIELDS: dict[str, str] = {
    "limitation_behaviour_control": "behaviour_control",
    "limitation_learning": "learning",
    "limitation_communication": "communication",
    "limitation_orientation": "orientation",
    "limitation_mobility": "mobility",
    "limitation_self_care": "self_care",
    "limitation_work_play": "work_play",
}
DOMAINS: tuple[str, ...] = tuple(FIELDS.values())
MAX_DEGREE = 3
_WORDS = {"не установлено": 0, "не установлена": 0, "нет": 0, "первая": 1, "вторая": 2, "третья": 3}


def degree(text: str) -> int:
    """'Не установлено' 0, 'Первая' 1, 'Вторая' 2, 'Третья' 3 (also the digits); ValueError otherwise."""
    value = " ".join(text.strip().lower().replace("ё", "е").split())
    if value in _WORDS:
        return _WORDS[value]
    if value.isdigit() and int(value) <= MAX_DEGREE:
        return int(value)
    raise ValueError(value)


def impaired(limitations: dict[str, int]) -> tuple[str, ...]:
    """The domains with a limitation (degree 1 or more), in the scale's order."""
    return tuple(d for d in DOMAINS if limitations.get(d, 0) > 0)
