"""The control-assessment protocol's printable rendition (issue 16.2), built from the frozen protocol document.

The form is not published (reference README: "not found"): the layout is assumed and the document says so. The
organisation's signature of the protocol is not built yet; its block says "не подписан" until it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from kria_shared.documents import Block, Document, Field, Heading, Note, Qr, SignatureBlock, Table

OUTCOMES = {"completed": "курс завершен", "terminated_early": "курс прекращен досрочно"}
MISSED = {"child_health": "состояние здоровья ребенка", "family_refusal": "отказ семьи",
          "family_refused_activities": "отказ семьи от отдельных мероприятий",
          "family_refused_course": "отказ семьи от всего курса",
          "organisation_failure": "по вине организации", "other": "иная причина"}
STATUS = {"within_range": "в диапазоне", "below_range": "ниже диапазона", "above_range": "выше диапазона"}
DIRECTIONS = {"social_household": "социально-бытовая", "social_environmental": "социально-средовая",
              "social_pedagogical": "социально-педагогическая", "social_psychological": "социально-психологическая",
              "sociocultural": "социокультурная", "career_guidance": "профориентация",
              "adaptive_pe": "адаптивная физическая культура"}


def _date(iso: str | None) -> str:
    return "—" if not iso else ".".join(reversed(iso[:10].split("-")))


def build(doc: Mapping[str, Any], *, sha256: str, url: str, signature: Mapping[str, str] | None = None) -> Document:
    course, journal, ratings, parental = doc["course"], doc["journal"], doc["ratings"], doc["parental"]
    missed_by: dict[str, Counter[str]] = {}
    for m in journal.get("missed", []):
        missed_by.setdefault(m["direction"], Counter())[m.get("reason") or "other"] += 1
    directions = tuple(
        (DIRECTIONS.get(d["direction"], d["direction"]), "да" if d["required"] else "нет", str(d["planned"]),
         f"{d['min']}–{d['max']}",
         str(d["delivered"]), str(d["missed"]),
         ", ".join(f"{MISSED.get(r, r)}: {n}" for r, n in sorted(missed_by.get(d["direction"], Counter()).items()))
         or "—", STATUS.get(d.get("status", ""), d.get("status", "")))
        for d in journal["directions"])
    domains = tuple((r["domain"], str(r["baseline"]), "—" if r["control"] is None else str(r["control"]),
                     "—" if r["improved"] is None else ("да" if r["improved"] else "нет")) for r in ratings["domains"])
    blocks: list[Block] = [
        Heading("Сведения о курсе"),
        Field("Электронный сертификат", doc["certificate_id"]), Field("Организация", doc["organisation_id"]),
        Field("Целевая реабилитационная группа", str(doc["target_group"])),
        Field("Возраст ребенка (полных лет)", str(doc["age_years"])), Field("Форма", str(doc["form"])),
        Field("Начало курса", _date(course["start_date"])), Field("Окончание курса", _date(course["end_date"])),
        Field("Использовано дней", str(course["days_used"])),
        Field("Итог курса", OUTCOMES.get(course["outcome"], course["outcome"])),
    ]
    if course.get("termination_reason"):
        blocks.append(Field("Причина прекращения", MISSED.get(course["termination_reason"],
                                                              course["termination_reason"])
                            + (f": {course['termination_text']}" if course.get("termination_text") else "")))
    blocks += [
        Heading("Сводка журнала по направлениям"),
        Table(("направление", "обяз.", "план", "диапазон", "оказано", "пропущено", "пропуски по причинам", "итог"),
              directions),
        Field("Всего запланировано / оказано", f"{journal['planned_total']} / {journal['delivered_total']}"),
        Field("Пропуски по причинам", ", ".join(f"{MISSED.get(r, r)}: {n}"
                                                for r, n in sorted(journal["missed_by_reason"].items())) or "нет"),
        Heading("Оценка по доменам: исходная и контрольная"),
        Field("Шкала", f"{ratings['scale_version']} ("
              + ("меньше — лучше" if ratings["lower_is_better"] else "больше — лучше") + ")"),
        Field("Дата исходной оценки", _date(ratings["baseline_on"])),
        Field("Дата контрольной оценки", _date(ratings["control_on"])),
        Table(("домен", "исходная", "контрольная", "улучшение"), domains),
        Heading("Анкета родителей (законных представителей)"),
        Table(("анкета", "до курса", "после курса", "максимум"), ((
            parental["questionnaire_version"], f"{parental['before']} ({_date(parental['before_on'])})",
            "—" if parental["after"] is None else f"{parental['after']} ({_date(parental['after_on'])})",
            str(parental["max"])),)),
        Heading("Примечания"), Note(doc.get("notes") or "нет"),
    ]
    if signature:
        blocks.append(SignatureBlock("Подпись организации", tuple(f"{k}: {v}" for k, v in signature.items())))
    else:
        blocks.append(SignatureBlock("Подпись организации: не подписан", ("электронная подпись организации "
                                                                           "протокола еще не поддерживается",)))
    blocks += [
        Qr(url, "Протокол в службе оценки (канонический документ) и его хеш SHA-256"),
        Note(f"SHA-256 канонического документа протокола: {sha256}"),
        Note("Печатное представление протокола; действует канонический электронный документ (RFC 8785). Форма "
             "протокола контрольной оценки не опубликована: раскладка принята условно (assumed)."),
    ]
    return Document(title="Протокол контрольной оценки результатов реабилитации и абилитации ребенка-инвалида",
                    number=f"№ {doc['protocol_id']} от {_date(doc['submitted_at'])}",
                    header=("Организация, оказывающая услуги по комплексной реабилитации и абилитации",),
                    blocks=tuple(blocks), keywords=("КРиА", "протокол", doc["protocol_id"]))
