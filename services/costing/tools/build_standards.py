"""Build the per-ЦРГ standard CSVs from the published Mintrud counts (config/standards/sources/).

Run from the repository root:  uv run --frozen python services/costing/tools/build_standards.py

Published (copied as printed): the average count and range of every activity type × direction of ЦРГ 2 (2022,
2023), 5 and 11 (2022). Derived here, and said so in index.yaml and on the documents:
  - a published "Диагностика" count is split into primary and control diagnostics (1 + 1; a count of 1 is the
    primary one, with the control one allowed up to the range's top);
  - "Практические занятия" are split between individual and group delivery, half each (individual rounded down);
  - "Профотбор" and "Профподбор" are one activity type here (professional_selection): their counts add up;
  - the band "до 14" has no career guidance: its average count moves to the practical sessions of the household,
    environmental, pedagogical and sociocultural directions in turn, each inside its range;
  - who delivers a line (individual pedagogy: a typhlopedagogue in ЦРГ 2, a speech therapist in 3-5), its
    largest group and its durations (20-30 min for individual sessions at ages 4-6, DOMAIN.md §4) are a layout
    shared by the groups;
  - ЦРГ 1, 3, 4, 6-10 (no published standard found) copy ЦРГ 2 (2023).
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
STANDARDS = HERE.parent / "kria_costing" / "config" / "standards"
SOURCE = STANDARDS / "sources" / "mintrud_crg_activity_counts.csv"

DIRECTIONS = {
    "Социально-бытовая": "social_household",
    "Социально-средовая": "social_environmental",
    "Социально-педагогическая": "social_pedagogical",
    "Социально-психологическая": "social_psychological",
    "Социокультурная": "sociocultural",
    "Профессиональная ориентация": "career_guidance",
    "Адаптивная физическая культура": "adaptive_pe",
}
ACTIVITIES = {
    "Диагностика": "diagnostics",
    "Информирование": "informing",
    "Консультирование": "counselling",
    "Практические занятия": "practical",
    "Тренинги": "training",
    "Юридическое консультирование": "legal_counselling",
    "Досуговые мероприятия": "leisure",
    "Просвещение": "education",
    "Профотбор": "professional_selection",
    "Профподбор": "professional_selection",
}
SPECIALIST = {
    "social_household": "rehab_specialist",
    "social_environmental": "social_worker",
    "social_pedagogical": "social_pedagogue",
    "social_psychological": "psychologist",
    "sociocultural": "cultural_organiser",
    "career_guidance": "careers_adviser",
    "adaptive_pe": "afk_instructor",
}
SPEECH_GROUPS = {"3", "4", "5"}  # hearing, deaf-blind, speech: individual pedagogy by a speech therapist
VISION_GROUPS = {"2"}  # vision: individual pedagogy by a typhlopedagogue
UNDER_14_TAKERS = ("social_household", "social_environmental", "social_pedagogical", "sociocultural")
COLUMNS = ["direction", "activity_type", "delivery", "specialists", "max_group_size", "minutes_min", "minutes_max",
           "minutes_min_4_6", "minutes_max_4_6", "planned_14_17", "min_14_17", "max_14_17", "planned_under_14",
           "min_under_14", "max_under_14"]

Counts = tuple[int, int, int]  # average, min, max


def read_published(year: str, group: str) -> dict[tuple[str, str], Counts]:
    with SOURCE.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    out: dict[tuple[str, str], Counts] = {}
    for r in rows:
        if r["year"] != year or r["crg"] != group or r["activity"] == "ИТОГО МЕРОПРИЯТИЙ":
            continue
        low, _, high = r["dpk"].partition("-")
        avg, lo, hi = int(r["upk"]), int(low), int(high or low)
        hi = max(hi, avg)  # ЦРГ 5 career practical: 7 with a printed range of 2-6; the average is kept
        key = (DIRECTIONS[r["direction"]], ACTIVITIES[r["activity"]])
        prev = out.get(key, (0, 0, 0))
        out[key] = (prev[0] + avg, prev[1] + lo, prev[2] + hi)
    return out


def layout(direction: str, activity: str, delivery: str, group: str) -> tuple[str, int, int, int, str, str]:
    """specialists, largest group, minutes range, minutes range at ages 4-6 (blank: the same)."""
    specialist = SPECIALIST[direction]
    if direction == "social_pedagogical" and activity == "practical" and delivery == "individual":
        specialist = ("speech_therapist" if group in SPEECH_GROUPS
                      else "typhlopedagogue" if group in VISION_GROUPS else "defectologist")
    if direction == "social_environmental" and activity == "practical":
        specialist = "rehab_specialist"
    if activity == "legal_counselling":
        specialist = "lawyer"
    if activity.startswith("diagnostics"):
        return specialist, 1, 45, 60, "", ""
    if delivery == "group":
        size = 8 if activity in ("leisure", "education") or direction == "sociocultural" else 6
        return specialist, size, 40, 60, "", ""
    if activity in ("informing", "counselling", "legal_counselling"):
        return specialist, 1, 30, 45, "", ""  # a consultation keeps 30-45 min at every age (journal rules)
    return specialist, 1, 30, 45, "20", "30"


def split(counts: Counts) -> tuple[Counts, Counts]:
    avg, lo, hi = counts
    individual = (avg // 2, lo // 2, hi // 2)
    return individual, (avg - individual[0], lo - individual[1], hi - individual[2])


def lines(published: dict[tuple[str, str], Counts]) -> list[tuple[str, str, str, Counts]]:
    out: list[tuple[str, str, str, Counts]] = []
    for (direction, activity), counts in published.items():
        avg, lo, hi = counts
        if activity == "diagnostics":
            out.append((direction, "diagnostics_primary", "individual", (1, 1, 1)))
            if hi > 1:  # a published count of 1 (range 1) has no control diagnostics
                out.append((direction, "diagnostics_control", "individual", (avg - 1, max(lo - 1, 0), hi - 1)))
        elif activity == "practical":
            individual, group = split(counts)
            out.append((direction, "practical", "individual", individual))
            out.append((direction, "practical", "group", group))
        else:
            delivery = "group" if activity in ("informing", "training", "leisure", "education") else "individual"
            if direction == "career_guidance" and activity == "informing":
                delivery = "individual"
            out.append((direction, activity, delivery, counts))
    return out


def under_14(plan: list[tuple[str, str, str, Counts]]) -> dict[int, Counts]:
    """The band without career guidance: its average count moved to practical group sessions, inside ranges."""
    moved = sum(c[0] for d, _, _, c in plan if d == "career_guidance")
    counts = {i: (c if d != "career_guidance" else (0, 0, 0)) for i, (d, _, _, c) in enumerate(plan)}
    takers = [i for i, (d, a, dl, _) in enumerate(plan) if d in UNDER_14_TAKERS and a == "practical"]
    while moved:
        progressed = False
        for i in takers:
            avg, lo, hi = counts[i]
            if moved and avg < hi:
                counts[i] = (avg + 1, lo, hi)
                moved -= 1
                progressed = True
        if not progressed:
            raise SystemExit("the band до 14 cannot take the career-guidance activities inside the ranges")
    return counts


def write(path: Path, group: str, plan: list[tuple[str, str, str, Counts]]) -> None:
    young = under_14(plan)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for i, (direction, activity, delivery, counts) in enumerate(plan):
            spec, size, lo_min, hi_min, lo_young, hi_young = layout(direction, activity, delivery, group)
            w.writerow([direction, activity, delivery, spec, size, lo_min, hi_min, lo_young, hi_young,
                        *counts, *young[i]])


def main() -> None:
    for year, group, name in (("2023", "2", "crg_02.csv"), ("2022", "2", "crg_02_2022.csv"),
                              ("2022", "5", "crg_05.csv"), ("2022", "11", "crg_11.csv")):
        write(STANDARDS / name, group, lines(read_published(year, group)))
    base = lines(read_published("2023", "2"))  # the layout follows each group (a typhlopedagogue only for ЦРГ 2)
    for group in ("1", "3", "4", "6", "7", "8", "9", "10"):
        write(STANDARDS / f"crg_{int(group):02d}.csv", group, base)


if __name__ == "__main__":
    main()
