"""Russian names of the codes the price list data keep (directions, activity types, forms, deliveries, ages)."""

from __future__ import annotations

DIRECTIONS = {
    "social_household": "Социально-бытовая реабилитация и абилитация",
    "social_environmental": "Социально-средовая реабилитация и абилитация",
    "social_pedagogical": "Социально-педагогическая реабилитация и абилитация",
    "social_psychological": "Социально-психологическая реабилитация и абилитация",
    "sociocultural": "Социокультурная реабилитация и абилитация",
    "career_guidance": "Профессиональная ориентация",
    "adaptive_pe": "Адаптивная физическая культура",
}
ACTIVITIES = {
    "diagnostics_primary": "Диагностика первичная",
    "diagnostics_control": "Диагностика контрольная",
    "informing": "Информирование",
    "counselling": "Консультирование",
    "practical": "Практические занятия",
    "training": "Тренинги",
    "legal_counselling": "Юридическое консультирование",
    "leisure": "Досуговые мероприятия",
    "education": "Просвещение",
    "professional_selection": "Профотбор, профподбор",
}
FORMS = {"semi_inpatient": "полустационарная форма", "inpatient": "стационарная форма"}
FORMS_SHORT = {"semi_inpatient": "полустац", "inpatient": "стац"}
DELIVERIES = {"individual": "индивидуальная", "group": "групповая"}
EATERS = {"4-6": "ребёнок 4–6 лет", "7-17": "ребёнок 7–17 лет", "companion": "сопровождающее лицо"}
PRICE_BASIS = {"identical": "идентичные товары", "homogeneous": "однородные товары"}
STAFF_KINDS = {"administrative": "административно-управленческий", "support": "вспомогательный"}
PER_DAY = {"child_meals": "питание ребёнка", "child_accommodation": "проживание ребёнка",
           "companion_meals": "питание сопровождающего", "companion_accommodation": "проживание сопровождающего"}
AGES = {"4-6": "4–6 лет", "7-13": "7–13 лет", "14-17": "14–17 лет", None: "все возрасты"}


def ages_of_price(ages: str | None) -> str:
    return "4–6 лет" if ages == "4-6" else "все возрасты" if ages is None else AGES.get(ages, ages)
