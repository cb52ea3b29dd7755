"""Russian names of the costing service's codes, as the economist and the head read them (the service's documents
use the same words: kria_costing/documents/names.py)."""

from __future__ import annotations

ACTIVITIES = {
    "diagnostics_primary": "диагностика первичная",
    "diagnostics_control": "диагностика контрольная",
    "informing": "информирование",
    "counselling": "консультирование",
    "practical": "практические занятия",
    "training": "тренинги",
    "legal_counselling": "юридическое консультирование",
    "leisure": "досуговые мероприятия",
    "education": "просвещение",
    "professional_selection": "профотбор, профподбор",
}
DELIVERIES = {"individual": "индивидуально", "group": "в группе"}
FORMS = {"semi_inpatient": "полустационарная", "inpatient": "стационарная"}
AGE_BANDS = {"4-6": "4–6 лет", "до 14": "до 14 лет", "14-17": "14–17 лет"}
COURSE_AGES = {"4-6": "4–6 лет", "7-13": "7–13 лет", "14-17": "14–17 лет"}
PRICE_BASIS = {"identical": "идентичные товары", "homogeneous": "однородные товары"}
EATERS = {"4-6": "ребёнок 4–6 лет", "7-17": "ребёнок 7–17 лет", "companion": "сопровождающее лицо"}
PER_DAY = {"child_meals": "питание ребёнка", "child_accommodation": "проживание ребёнка",
           "companion_meals": "питание сопровождающего", "companion_accommodation": "проживание сопровождающего"}
STAFF_KINDS = {"administrative": "административно-управленческий", "support": "вспомогательный"}
PRICE_LIST_STATUS = {"draft": "проект", "approved": "утверждён"}
# The specialists the course standards name; the economist writes the organisation's own job titles.
SPECIALISTS = {
    "psychologist": "педагог-психолог",
    "speech_therapist": "учитель-логопед",
    "defectologist": "учитель-дефектолог",
    "typhlopedagogue": "учитель-дефектолог (тифлопедагог)",
    "social_pedagogue": "социальный педагог",
    "afk_instructor": "инструктор-методист по АФК",
    "social_worker": "специалист по социальной работе",
    "rehab_specialist": "специалист по реабилитационной работе",
    "cultural_organiser": "культорганизатор",
    "careers_adviser": "профконсультант",
    "lawyer": "юрисконсульт",
}
