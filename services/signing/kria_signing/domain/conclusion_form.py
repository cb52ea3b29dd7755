"""The printable rendition of a signed conclusion (issue 16.3): the conclusion in the form entered into the ЕЦП.

The official form's wording is not published (reference README: "not found"), so the layout is assumed and the
document says so. Everything printed comes from the signed document itself (what the signature is over): a
``kria.mse.conclusion.v2`` document names the child, the MSE act and IPRA, the organisation, the course dates
and the signer; a v1 document, signed before v2, does not, and those fields are printed as
"нет в подписанном документе (версия v1)" so a reader sees the gap, not a blank that looks filled. Each
criterion is worded in Russian from its code, points and inputs (the v1 ``why`` is the engine's English trace).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kria_shared.documents import Block, Document, Field, Heading, Note, Qr, SignatureBlock, Table

MOSCOW = ZoneInfo("Europe/Moscow")
ABSENT = "нет в подписанном документе (версия v1)"
NOT_GIVEN = "не указан в решении МСЭ"
CRITERIA = {
    "comprehensiveness": "Комплексность: оказание услуг по всем обязательным направлениям",
    "activity_count": "Объем: количество оказанных мероприятий относительно плана",
    "rehabilitation_effect": "Реабилитационный эффект: динамика по оцененным доменам",
    "parental_competence": "Компетентность родителей: результат анкетирования до и после курса",
}
REASONS = {
    "child_health": "состояние здоровья ребенка не позволило оказать услуги в полном объеме",
    "family_refused_activities": "отказ семьи от отдельных мероприятий",
    "family_refused_course": "отказ семьи от всего курса",
    "family_refusal": "отказ семьи от отдельных мероприятий или от курса",
    "organisation_failure": "организация не обеспечила оказание услуг",
    "other": "иная причина",
}


@dataclass(frozen=True)
class SignatureShown:
    signer: str  # the certificate's common name
    title: str
    serial: str
    issuer: str
    signed_at: datetime | None
    valid: bool


@dataclass(frozen=True)
class ConclusionPrint:
    conclusion_id: str
    certificate_id: str
    protocol_id: str
    organisation_id: str
    target_group: str
    criteria: Sequence[Mapping[str, Any]]  # the stored entries: number, code, points, inputs
    total_points: int
    effective: bool
    reason: str | None
    reason_text: str | None
    document_streebog256: str
    verify_url: str
    signature: SignatureShown | None
    named: NamedInDocument | None = None  # None: a v1 document, which names no person


@dataclass(frozen=True)
class NamedInDocument:
    """What a v2 document names besides the scores: the child, the MSE decision, the course and the signer."""

    child_snils: str
    child_full_name: str
    child_birth_date: date
    mse_act_number: str
    mse_act_date: date
    ipra_number: str
    organisation_name: str
    course_start: date | None
    course_end: date | None
    signer_full_name: str
    signer_position: str


def _list(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) and value else "—"


def criterion_words(code: str, points: int, inputs: Mapping[str, Any]) -> str:
    """Why the criterion got its points, in Russian, from the inputs the engine looked at."""
    if code == "comprehensiveness":
        if inputs.get("missing"):
            return f"не оказаны обязательные направления: {_list(inputs['missing'])}"
        outside = [*inputs.get("below_range", ()), *inputs.get("above_range", ())]
        if points == 1:
            return f"все обязательные направления затронуты, вне допустимого диапазона: {_list(outside)}"
        return f"все обязательные направления ({_list(inputs.get('required_directions', ()))}) оказаны в диапазоне"
    if code == "activity_count":
        return (f"оказано {inputs.get('delivered_total', 0)} из {inputs.get('planned_total', 0)} запланированных "
                f"мероприятий ({inputs.get('percent_of_plan_floor', 0)} % плана)")
    if code == "rehabilitation_effect":
        assessed = inputs.get("assessed_domains", 0)
        if not assessed:
            return "контрольная оценка не проводилась: эффект не оценен"
        better = inputs.get("improved", ())
        return (f"улучшение по {len(better)} из {assessed} оцененных доменов"
                + (f" ({_list(better)})" if better else "") + (": большинство" if points == 2 else ""))
    if code == "parental_competence":
        if inputs.get("after") is None:
            return "анкетирование после курса не проводилось: улучшение не показано"
        return (f"анкета родителей: {inputs.get('before')} → {inputs.get('after')} баллов из {inputs.get('max')} "
                f"(прирост {inputs.get('gain')}, значимым считается от {inputs.get('significant_percent_of_max')} % "
                "максимума)")
    return f"критерий {code}: {points} балл(ов)"


def _when(moment: datetime | None) -> str:
    return moment.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M:%S МСК") if moment else ABSENT


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _named_blocks(c: ConclusionPrint) -> tuple[list[Block], list[Block], list[Block]]:
    """The child, the certificate with the MSE decision, the organisation with the course."""
    n = c.named
    child: list[Block] = [Field("СНИЛС", n.child_snils if n else ABSENT),
                          Field("Фамилия, имя, отчество", n.child_full_name if n else ABSENT),
                          Field("Дата рождения", _day(n.child_birth_date) if n else ABSENT)]
    act = (f"{n.mse_act_number} от {_day(n.mse_act_date)}" if n.mse_act_number else NOT_GIVEN) if n else ABSENT
    decision: list[Block] = [
        Field("Электронный сертификат", c.certificate_id), Field("Акт медико-социальной экспертизы №", act),
        Field("Номер ИПРА ребенка-инвалида", (n.ipra_number or NOT_GIVEN) if n else ABSENT),
        Field("Основная целевая реабилитационная группа", c.target_group)]
    organisation = f"{n.organisation_name} ({c.organisation_id})" if n and n.organisation_name else c.organisation_id
    if n is None:
        course = ABSENT
    elif n.course_start is None and n.course_end is None:
        course = "не указаны в данных сертификата"
    else:
        course = f"с {_day(n.course_start)} по {_day(n.course_end)}"
    provider: list[Block] = [Field("Организация, оказавшая услуги", organisation),
                             Field("Протокол контрольной оценки", c.protocol_id), Field("Даты курса", course)]
    return child, decision, provider


def build(c: ConclusionPrint) -> Document:
    rows = tuple((str(e.get("number", "")), CRITERIA.get(str(e.get("code")), str(e.get("code"))),
                  str(e.get("points", 0)),  # a v2 document carries its words; a v1 one is worded here
                  str(e.get("explanation") or criterion_words(str(e.get("code")), int(e.get("points", 0)),
                                                              e.get("inputs") or {}))) for e in c.criteria)
    child, decision, provider = _named_blocks(c)
    blocks: list[Block] = [
        Note("Настоящий документ — печатное представление (визуализация) подписанного электронного документа "
             "заключения; юридическую силу имеет электронный документ с его подписью."),
        Heading("Ребенок-инвалид"), *child,
        Heading("Сертификат и решения МСЭ"), *decision,
        Heading("Организация и курс"), *provider,
        Heading("Оценка эффективности по критериям"),
        Table(("№", "критерий", "баллы", "обоснование"), rows),
        Field("Итого баллов", str(c.total_points)),
        Field("Заключение", "услуги оказаны эффективно" if c.effective else "услуги оказаны неэффективно"),
    ]
    if not c.effective:
        reason = REASONS.get(c.reason or "", c.reason or "не указана")
        blocks.append(Field("Причина неэффективности", reason + (f": {c.reason_text}" if c.reason_text else "")))
    n = c.named
    blocks += [Heading("Должностное лицо, подписавшее заключение"),
               Field("Фамилия, имя, отчество", n.signer_full_name if n else ABSENT),
               Field("Должность", n.signer_position if n else ABSENT)]
    sig = c.signature
    if sig is None:
        blocks.append(SignatureBlock("Электронная подпись: не подписан"))
    else:
        blocks.append(SignatureBlock("Документ подписан усиленной квалифицированной электронной подписью", (
            f"Владелец сертификата: {sig.signer}", f"Должность в сертификате: {sig.title or 'не указана'}",
            f"Сертификат № (серийный номер): {sig.serial}", f"Издатель сертификата: {sig.issuer}",
            f"Время подписания: {_when(sig.signed_at)}",
            "Результат проверки подписи: " + ("подпись действительна" if sig.valid else "подпись НЕ действительна"),
        )))
    blocks += [
        Qr(c.verify_url, "Проверка подписи этого документа (служба подписи, по его хешу ГОСТ Р 34.11-2012)"),
        Note(f"Хеш подписанного документа (Стрибог-256): {c.document_streebog256}"),
        Note("Форма заключения, вносимого в ЕЦП, не опубликована: раскладка документа, названия и порядок разделов, "
             "формулировки обоснований критериев и причин, а также должность подписанта, если реестр "
             "подписантов ее не указывает, приняты условно (assumed)."
             + ("" if n else " Документ версии v1 подписан до того, как заключение стало называть ребенка, акт МСЭ, "
                             "ИПРА и подписанта: поля «" + ABSENT + "» в нем отсутствуют.")),
    ]
    return Document(title="Заключение об эффективности оказания услуг по комплексной реабилитации и абилитации "
                          "ребенка-инвалида", number=f"№ {c.conclusion_id}",
                    header=("Главное бюро медико-социальной экспертизы",), blocks=tuple(blocks),
                    keywords=("КРиА", "заключение", c.conclusion_id))
