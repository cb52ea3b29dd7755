"""Russian names of the codes the services answer with (states, verdicts, reasons, directions, outcomes)."""

from __future__ import annotations

CONCLUSION_STATES = {
    "awaiting_reason": "ждёт причину неэффективности",
    "ready_to_sign": "готово к подписи",
    "signed": "подписано, отправляется в ЕЦП",
    "submitted": "принято ЕЦП",
    "submission_failed": "ЕЦП не приняла — нужна повторная отправка",
}
SUBMISSION_STATUS = {
    "signed": "отправлено",
    "submitted": "получено",
    "submission_failed": "ошибка отправки",
}
VERDICTS = {"effective": "эффективна", "ineffective": "неэффективна"}
REASONS = {
    "child_health": "состояние здоровья ребёнка",
    "family_refused_activities": "отказ семьи от отдельных мероприятий",
    "family_refused_course": "отказ семьи от курса",
    "organisation_failure": "неисполнение организацией",
    "other": "иная причина (указать текстом)",
}
# Read in old conclusions (before the two family refusals were told apart); never offered as a choice.
REASON_NAMES = {**REASONS, "family_refusal": "отказ семьи (до разделения причин)"}
REASON_SOURCES = {"expert": "эксперт", "prefilled": "по журналу пропусков", "journal": "по журналу пропусков"}
CRITERIA = {
    "comprehensiveness": "Комплексность (все обязательные направления)",
    "activity_count": "Объём мероприятий относительно плана",
    "rehabilitation_effect": "Реабилитационный эффект по доменам",
    "parental_competence": "Родительская компетентность",
}
DIRECTIONS = {
    "social_household": "социально-бытовая",
    "social_environmental": "социально-средовая",
    "social_pedagogical": "социально-педагогическая",
    "social_psychological": "социально-психологическая",
    "sociocultural": "социокультурная",
    "career_guidance": "профориентация",
    "adaptive_pe": "адаптивная физическая культура",
}
# The 7 categories of life activity the ICF scale rates (assessment's config/scales/icf-7-v1.yaml).
LIFE_DOMAINS = {
    "self_care": "самообслуживание",
    "mobility": "самостоятельное передвижение",
    "orientation": "ориентация",
    "communication": "общение",
    "behaviour_control": "контроль за своим поведением",
    "learning": "обучение",
    "work_play": "трудовая (игровая) деятельность",
}
RANGE_STATUS = {"below_range": "ниже нормы", "within_range": "в пределах нормы", "above_range": "выше нормы"}
COURSE_OUTCOMES = {"completed": "завершён полностью", "terminated_early": "прекращён досрочно"}
CERTIFICATE_STATES = {
    "issued": "выдан",
    "reservation_pending": "бронирование рассматривается",
    "reserved": "забронирован",
    "in_service": "курс идёт",
    "completed": "курс завершён",
    "terminated_early": "курс прекращён досрочно",
    "settled": "расчёт произведён",
    "expired": "истёк срок",
    "annulled": "аннулирован",
}
IMPORT_OUTCOMES = {"issued": "выдан сертификат", "refused": "отказ", "invalid": "ошибка в строке"}
DECISION_CODES = {
    "not_pilot_region": "регион не участвует в пилотном проекте в год решения",
    "age_out_of_range": "возраст ребёнка на дату решения вне 4–17 полных лет",
    "right_expired": "решение позже 12 месяцев со дня установления инвалидности",
    "no_medical_indications": "нет медицинских показаний",
    "contraindications": "есть противопоказания",
    "active_certificate_exists": "у ребёнка уже есть действующий сертификат",
    "not_first_time": "категория установлена не впервые",
    "no_face_value": "для региона и года не задан номинал сертификата",
    "missing_field": "не заполнено обязательное поле",
    "invalid_snils": "СНИЛС неверного формата или с неверной контрольной суммой",
    "bad_date": "неверная дата",
    "unknown_target_group": "неизвестная целевая реабилитационная группа",
    "bad_value": "значение неверного вида",
    "malformed_row": "строка файла повреждена (кавычки)",
    "unprocessable": "строку не удалось сохранить",
}
ROLES = {
    "sfr_operator": "специалист отделения СФР",
    "mse_expert": "эксперт главного бюро МСЭ",
    "mse_head": "руководитель главного бюро МСЭ",
    "federal_mse": "специалист федерального бюро МСЭ",
    "platform_operator": "оператор платформы",
    "mse_system": "информационная система МСЭ",
    "provider": "сотрудник реабилитационной организации",
    "provider_head": "руководитель реабилитационной организации",
    "region_ministry": "министерство региона",
    "legal_representative": "законный представитель",
}
SIGNER_ROLES = {"head": "руководитель", "deputy": "заместитель"}


def name_of(table: dict[str, str], code: str | None) -> str:
    """The Russian name, or the code itself when the service answers one this console does not know yet."""
    if code is None:
        return "—"
    return table.get(code, code)


def directions(codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(name_of(DIRECTIONS, c) for c in codes)
