"""Russian names for the specialists' and the family's pages: activity types, delivery, forms, plain states."""

from __future__ import annotations

ACTIVITY_TYPES = {
    "diagnostics_primary": "первичная диагностика", "diagnostics_control": "контрольная диагностика",
    "informing": "информирование", "counselling": "консультирование", "practical": "практическое занятие",
    "training": "тренинг", "legal_counselling": "правовое консультирование", "leisure": "досуговое мероприятие",
    "education": "обучение", "professional_selection": "профподбор",
}
DELIVERY = {"individual": "индивидуально", "group": "в группе"}
FORMS = {"semi_inpatient": "полустационарная (днём)", "inpatient": "стационарная (с проживанием)"}
MISS_REASONS = {
    "child_health": "болезнь ребёнка", "family_refused_activities": "семья отказалась от занятия",
    "family_refused_course": "семья отказалась от курса", "organisation_failure": "по вине организации",
    "other": "иная причина (указать текстом)",
}
# What the family reads: the certificate's state said plainly.
FAMILY_STATES = {
    "issued": "Сертификат выдан. Выберите организацию и дайте согласие на курс.",
    "reservation_pending": "Организация бронирует курс: идёт расчёт стоимости.",
    "reserved": "Курс забронирован. Организация сообщит дату начала.",
    "in_service": "Курс идёт.",
    "completed": "Курс завершён. Ждём заключение бюро медико-социальной экспертизы.",
    "terminated_early": "Курс закончен досрочно. Ждём заключение бюро медико-социальной экспертизы.",
    "settled": "Курс завершён, организация получила оплату.",
    "expired": "Срок действия сертификата истёк.",
    "annulled": "Сертификат аннулирован.",
}
