"""A service's refusal as a sentence a person understands, naming the field it is about."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kria_console.domain.labels import CERTIFICATE_STATES, CONCLUSION_STATES, DECISION_CODES, name_of

FIELDS = {
    "reason": "причина неэффективности",
    "text": "текст причины",
    "file": "файл выгрузки МСЭ",
    "state": "состояние",
    "verdict": "вывод",
    "from": "дата начала периода",
    "to": "дата конца периода",
    "region": "регион",
    "limit": "размер страницы",
    "offset": "номер страницы",
    "conclusion_id": "номер заключения",
    "certificate_id": "номер сертификата",
    "target_group": "целевая группа",
    "municipality": "муниципальное образование",
    "age_band": "возрастная группа",
    "organisation_id": "организация",
    "name": "наименование организации",
    "lines": "строки реестра",
    "forms": "формы обслуживания",
    "capacity": "число мест",
    "effective_on": "дата вступления в силу",
    "year": "год",
    "period": "период",
}
# The codes the services refuse with (their API.md), said for a person.
CODES = {
    "reason_text_required": "для иной причины нужно написать её текстом",
    "illegal_transition": "это действие сейчас недоступно для заключения в его состоянии",
    "state_changed": "заключение изменилось, пока вы его смотрели: откройте его снова и проверьте документ",
    "not_authorised_signer": "вы не значитесь в реестре подписантов бюро на сегодня",
    "no_signing_key": "ключа подписи этого подписанта здесь нет: загрузите подпись, сделанную в другом месте",
    "signature_rejected": "подпись не прошла проверку",
    "document_not_ready": "документ ещё не готов: не указана причина неэффективности",
    "not_signed": "заключение ещё не подписано",
    "federal_access_closed": "срок доступа федерального бюро к этому заключению истёк",
    "unreadable_file": "файл не читается: нужен текст UTF-8 с заголовком выгрузки МСЭ",
    "not_found": "такой записи нет",
    "not_your_organisation": "запись принадлежит другой организации",
    "forbidden": "у вашей роли нет доступа к этому действию",
    "too_large": "файл слишком большой",
    "document_changed": "документ изменился после того, как вам его показали: откройте его снова",
    "unknown_organisation": "такой организации нет в реестре",
    "organisation_suspended": "организация приостановлена в реестре на эту дату",
    "organisation_withdrawn": "организация исключена из реестра",
    "organisation_not_registered": "организация не включена в реестр для группы ЦРГ, муниципального образования "
                                   "и возраста ребёнка на эту дату",
    "form_not_registered": "эта форма обслуживания не включена в реестр для организации",
    "organisation_at_capacity": "у организации заняты все места",
    "organisation_configured": "организация из исходного реестра: её строки меняются только приказом о загрузке",
    "region_not_in_pilot": "регион не участвует в пилотном проекте",
    "organisation_in_another_region": "организация с таким наименованием уже включена в реестр другого региона",
    "unknown_age_band": "неизвестная возрастная группа",
    "register_change_not_allowed": "такое изменение недоступно для организации в её текущем статусе",
    "effective_date_before_last_change": "дата не может быть раньше последнего изменения организации",
    "bad_period": "начало периода позже его конца",
    **DECISION_CODES,
}
STATUS = {
    401: "сессия истекла: войдите снова",
    403: "у вашей роли нет доступа к этому действию",
    404: "такой записи нет",
    409: "действие недоступно в текущем состоянии записи",
    413: "файл слишком большой",
    422: "данные не приняты",
    429: "слишком много запросов: повторите через минуту",
}
STATES = {**CERTIFICATE_STATES, **CONCLUSION_STATES}
UNAVAILABLE = "Сервис временно недоступен: повторите попытку через минуту. Введённые данные сохранены в форме."


@dataclass(frozen=True)
class Refusal:
    message: str  # a whole Russian sentence
    field: str | None = None  # the form field it is about (the API's name), to mark it

    @property
    def field_label(self) -> str | None:
        return None if self.field is None else FIELDS.get(self.field, self.field)


def _field_of_loc(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "запрос"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def refusal(status: int, body: Mapping[str, Any] | None) -> Refusal:
    """The kit's ``{"error", "message", "details"}`` or FastAPI's ``{"detail": [...]}`` read into a sentence."""
    if status >= 500 or status == 503:
        return Refusal(UNAVAILABLE)
    body = body or {}
    detail = body.get("detail")
    if isinstance(detail, list) and detail and isinstance(detail[0], Mapping):
        where = _field_of_loc(list(detail[0].get("loc") or []))
        return Refusal(_sentence(f"поле «{FIELDS.get(where, where)}»: значение не принято"), where)
    code = body.get("error")
    raw_details = body.get("details")
    details: Mapping[str, Any] = raw_details if isinstance(raw_details, Mapping) else {}
    raw_field = details.get("field")
    field = raw_field if isinstance(raw_field, str) else None
    reason = (CODES.get(str(code)) if code else None) or STATUS.get(status, "запрос не выполнен")
    state = details.get("state")
    if code == "illegal_transition" and isinstance(state, str):
        reason += f" (сейчас: {STATES.get(state, state)})"
    if field:
        return Refusal(_sentence(f"поле «{FIELDS.get(field, field)}»: {reason}"), field)
    return Refusal(_sentence(reason))


def decision_reason(code: str | None, field: str | None = None) -> str:
    """One row of an import report: why it was refused or invalid, with the column if the service named it."""
    if code is None:
        return ""
    text = name_of(DECISION_CODES, code)
    return f"{text} (поле «{field}»)" if field else text
