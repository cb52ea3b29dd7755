"""The four MSE documents per child of the pilot: the form of information and its three extracts.

Layout, wording and numbering follow the Sverdlovsk bureau's templates (reference: ``pilot_forms/*.txt`` and
``pilot_form_field_codes.csv`` from the public repository AnufrievSY/PILOT, commit 82d7f51). One layout is
written once; every line names the documents it appears in, so an extract holds only what the field-code table
gives its addressee: the diagnosis and the degree of impairment stay in the bureau's form, the organisation
sees the limitations of life activity but not the diagnosis, the Social Fund neither, the parents only the
child's name, age and the recommendation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kria_certificates.domain import snils as snils_rules
from kria_shared.documents import Block, Document, Field, Heading, Note, Paragraph, SignatureBlock, Table
from kria_shared.errors import Forbidden


class Addressee(StrEnum):
    FORM = "form"  # the form itself, kept by the bureau
    SFR = "sfr"  # the Social Fund and the region's executive body of social protection
    ORGANISATION = "organisation"
    PARENTS = "parents"


def check_provider_may_read(kind: Addressee) -> None:
    """A provider reads only the organisation's extract of its child's MSE documents (DOMAIN.md: who sees what)."""
    if kind is not Addressee.ORGANISATION:
        raise Forbidden("document_not_for_addressee",
                        "организации доступна только выписка для организации (kind=organisation)", field="kind")


F, S, ORG, P = Addressee.FORM, Addressee.SFR, Addressee.ORGANISATION, Addressee.PARENTS
ALL = frozenset(Addressee)
WITH_PERSONAL_DATA = frozenset({F, S, ORG})

TITLES = {
    F: "Сведения о ребенке-инвалиде, нуждающемся в оказании услуг по комплексной реабилитации и абилитации "
       "детей-инвалидов",
    S: "Выписка из формы сведений о ребенке-инвалиде, нуждающемся в оказании услуг по комплексной реабилитации "
       "и абилитации",
    ORG: "Выписка из формы сведений о ребенке-инвалиде, нуждающемся в оказании услуг по комплексной реабилитации "
       "и абилитации",
    P: "Выписка из формы сведений о ребенке-инвалиде, нуждающемся в оказании услуг по комплексной реабилитации "
       "и абилитации",
}
PURPOSE = {
    S: "для направления в Фонд социального страхования Российской Федерации (Социальный фонд России) и высший "
       "исполнительный орган государственной власти пилотного региона в сфере социальной защиты",
    ORG: "для направления в организацию или федеральное учреждение, подведомственное Министерству труда и "
       "социальной защиты Российской Федерации, оказывающие услуги по комплексной реабилитации и абилитации",
    P: "для выдачи (направления) родителям (законным представителям) ребенка-инвалида",
}
# the seven categories of life activity, in the export's and the form's order (23.1-23.7)
CATEGORIES = (
    ("self_care", "способность к самообслуживанию"), ("movement", "способность к передвижению"),
    ("communication", "способность к общению"), ("orientation", "способность к ориентации"),
    ("learning", "способность к обучению"), ("behaviour", "способность к контролю за своим поведением"),
    ("work", "способность к трудовой деятельности"),
)
DIRECTIONS = ("Социально-средовая реабилитация или абилитация",
              "Социально-психологическая реабилитация или абилитация",
              "Социокультурная реабилитация или абилитация", "Социально-бытовая адаптация",
              "Профессиональная ориентация")
_DEGREES = {"первая": 1, "вторая": 2, "третья": 3, "1": 1, "2": 2, "3": 3}
_NUMBER = re.compile(r"^(\d+)\.(\d+)\.(\d+)/(\d{4})$")
_POSTCODE = re.compile(r"^\s*(\d{6})\s*[,;]?\s*")
MARK = "X"
# The export's columns (lower-cased headers, reference: pilot_mse_export_columns.csv) the documents print
# beyond what the certificate itself keeps.
EXPORT_COLUMNS = (
    "гражданство", "адрес", "адрес.тип", "телефон(email) гражданина", "телефон(email) представителя",
    "гражданин. тип документа, удостоверяющего личность", "гражданин. серия документа, удостоверяющего личность",
    "гражданин. номер документа, удостоверяющего личность",
    "гражданин. кем выдан документ, удостоверяющий личность",
    "гражданин. дата выдачи документа, удостоверяющего личность",
    "представитель. тип документа, удостоверяющего личность",
    "представитель. серия документа, удостоверяющего личность",
    "представитель. номер документа, удостоверяющего личность",
    "представитель. кем выдан документ, удостоверяющий личность",
    "представитель. дата выдачи документа, удостоверяющего личность",
    "основное заболевание.текст", "основное заболевание.код мкб", "сопутствующее заболевание.код мкб",
    'инвалидность установлена "до"', "максимально выраженное в процентах нарушение функций организма",
    "способность к самообслуживанию (степень)", "способность к передвижению (степень)",
    "способность к общению (степень)", "способность к ориентации (степень)", "способность к обучению (степень)",
    "способность к контролю за своим поведением (степень)", "способность к трудовой деятельности (степень)",
)


@dataclass(frozen=True)
class IdentityDocument:
    kind: str = ""
    series: str = ""
    number: str = ""
    issued_by: str = ""
    issued_on: str = ""


@dataclass(frozen=True)
class MseFormData:
    """What the four documents say, as the bureau wrote it (texts of the export, dates as ДД.ММ.ГГГГ)."""

    protocol_number: str  # NNN.BB.RR/YYYY: sequence, bureau, region, year — also the documents' number
    bureau_body: str  # "ФКУ «ГБ МСЭ по Свердловской области» Минтруда России"
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date
    decided_on: date
    snils: str  # eleven digits
    sex: str = ""  # МУЖ | ЖЕН
    citizenship: str = ""
    address: str = ""
    address_type: str = ""
    child_document: IdentityDocument = IdentityDocument()
    representative: str = ""
    representative_document: IdentityDocument = IdentityDocument()
    phones: tuple[str, ...] = ()
    main_disease: str = ""
    main_icd: str = ""
    other_icd: str = ""
    disability_from: str = ""
    disability_until: str = ""
    act_number: str = ""
    ipra_number: str = ""
    max_impairment_percent: str = ""
    limitations: dict[str, int] = field(default_factory=dict)  # category key -> degree 1..3 (absent: none)
    main_group: tuple[str, str] = ("", "")  # (code, name) of the group
    main_subgroup: tuple[str, str] = ("", "")  # (code, name) of the subgroup, if the code is one
    additional_groups: tuple[tuple[str, str], ...] = ()
    medical_indications: bool = True
    contraindications: bool = False
    recommended_organisation: str = ""
    limitations_known: bool = True  # False when the decision came without the export's degrees (JSON channel)


def degree(text: str) -> int:
    """The export's 'Первая'/'Вторая'/'Третья' (or 1-3) as a number; 'Не установлено' or blank is 0."""
    return _DEGREES.get(text.strip().lower(), 0)


def document_number(protocol_number: str) -> str:
    """The documents carry the protocol's number NNN.BB.RR/YYYY (pilot_forms: '№{{p_0_1}}.{{p_0_2}}.66/2022')."""
    return protocol_number.strip()


def bureau_of(protocol_number: str) -> str:
    match = _NUMBER.match(protocol_number.strip())
    return str(int(match[2])) if match else ""


def age_text(birth: date, on: date) -> str:
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if years % 10 == 1 and years % 100 != 11:
        word = "год"
    elif years % 10 in (2, 3, 4) and years % 100 not in (12, 13, 14):
        word = "года"
    else:
        word = "лет"
    return f"{years} {word}"


def build(data: MseFormData, to: Addressee) -> Document:
    lines: list[tuple[frozenset[Addressee], Block]] = [*_general(data), *_conclusion(data), *_recommendation(data),
                                                       *_closing(data)]
    blocks = tuple(b for audience, b in lines if to in audience)
    header: tuple[str, ...] = ("Приложение к приказу Министерства труда и социальной защиты Российской Федерации",)
    if to in PURPOSE:
        header = (*header, PURPOSE[to])
    bureau = bureau_of(data.protocol_number)
    header = (*header, data.bureau_body, f"Бюро № {bureau} — филиал {data.bureau_body}" if bureau else "",
              "(наименование федерального государственного учреждения медико-социальной экспертизы)")
    return Document(title=TITLES[to], number=f"№ {document_number(data.protocol_number)}",
                    header=tuple(h for h in header if h), blocks=blocks,
                    keywords=("КРиА", "МСЭ", to.value, document_number(data.protocol_number)))


def _mark(on: bool) -> str:
    return MARK if on else ""


def _doc(d: IdentityDocument) -> str:
    parts = [d.kind, f"серия {d.series}" if d.series else "", f"№ {d.number}" if d.number else "",
             f"кем выдан: {d.issued_by}" if d.issued_by else "", f"когда выдан: {d.issued_on}" if d.issued_on else ""]
    return ", ".join(p for p in parts if p)


def _general(d: MseFormData) -> list[tuple[frozenset[Addressee], Block]]:
    personal = WITH_PERSONAL_DATA
    postcode_match = _POSTCODE.match(d.address)
    postcode = postcode_match[1] if postcode_match else ""
    rest = d.address[postcode_match.end():] if postcode_match else d.address
    sex = d.sex.strip().upper()
    citizen = d.citizenship.strip().lower()
    return [
        (frozenset({F, S, ORG}), Heading("Общая часть")),
        (ALL, Field("1. Фамилия, имя, отчество (при наличии)", " ".join(
            p for p in (d.last_name, d.first_name, d.patronymic) if p))),
        (ALL, Field("2. Дата рождения", d.birth_date.strftime("%d.%m.%Y"))),
        (ALL, Field("3. Возраст", age_text(d.birth_date, d.decided_on))),
        (personal, Field("4. Пол (отметить Х)", f"4.1. [{_mark(sex.startswith('М'))}] мужской   "
                                                f"4.2. [{_mark(sex.startswith('Ж'))}] женский")),
        (personal, Table(("5. Гражданство", "отметка"), (
            ("гражданин Российской Федерации", _mark(citizen == "гражданин российской федерации")),
            ("гражданин иностранного государства, находящийся на территории Российской Федерации",
             _mark(citizen.startswith("гражданин иностранного"))),
            ("лицо без гражданства, находящееся на территории Российской Федерации",
             _mark(citizen.startswith("лицо без гражданства"))),
        ))),
        (personal, Heading(f"6. {d.address_type or 'Адрес места жительства'}", 3)),
        (personal, Field("государство", "Российская Федерация" if d.address else "")),
        (personal, Field("индекс", postcode)),
        (personal, Field("адрес (субъект, район, населенный пункт, улица, дом, квартира)", rest.strip())),
        (personal, Field("7. Место постоянной регистрации", "")),
        (personal, Field("8. Страховой номер индивидуального лицевого счета (СНИЛС) ребенка-инвалида",
                         snils_rules.printed(d.snils))),
        (personal, Field("9. Документ, удостоверяющий личность ребенка-инвалида", _doc(d.child_document))),
        (personal, Field("10. Фамилия, имя, отчество (при наличии) законного представителя ребенка-инвалида",
                         d.representative)),
        (personal, Field("11. Документ, удостоверяющий личность законного представителя",
                         _doc(d.representative_document))),
        (personal, Field("12. Документ, удостоверяющий полномочия законного представителя", "")),
        (personal, Field("13. СНИЛС законного (уполномоченного) представителя", "")),
        (frozenset({F, S}), Field("14. Степень родства законного представителя", "")),
        (personal, Field("15. Контактные телефоны", ", ".join(p for p in d.phones if p))),
        (personal, Field("адрес электронной почты", "")),
        (personal, Field("предпочтительный способ связи", "по телефону" if any(d.phones) else "")),
        (frozenset({F, S}), Field("16. Номер национального платежного инструмента (карты МИР) родителя "
                                  "(законного представителя)", "")),
    ]


def _conclusion(d: MseFormData) -> list[tuple[frozenset[Addressee], Block]]:
    personal = WITH_PERSONAL_DATA
    out: list[tuple[frozenset[Addressee], Block]] = [
        (personal, Heading("Заключение бюро (главного бюро) медико-социальной экспертизы")),
        (frozenset({F}), Heading("17. Клинико-функциональный диагноз", 3)),
        (frozenset({F}), Field("основное заболевание", d.main_disease)),
        (frozenset({F}), Field("код по МКБ", d.main_icd)),
        (frozenset({F}), Field("коды сопутствующих заболеваний по МКБ", d.other_icd)),
        (personal, Heading("18. Инвалидность", 3)),
        (personal, Field("категория «ребенок-инвалид» установлена с", d.disability_from)),
        (personal, Field("категория «ребенок-инвалид» установлена на срок до", d.disability_until)),
        (personal, Field("акт медико-социальной экспертизы №", d.act_number)),
        (personal, Field("протокол проведения медико-социальной экспертизы №", d.protocol_number)),
        (personal, Heading("19. Индивидуальная программа реабилитации или абилитации (ИПРА) ребенка-инвалида", 3)),
        (personal, Field("ИПРА ребенка-инвалида разработана на срок до", d.disability_until)),
        (personal, Field("номер ИПРА ребенка-инвалида", d.ipra_number)),
        (frozenset({F}), Field("20. Максимально выраженное в процентах стойкое нарушение функций организма",
                               f"{d.max_impairment_percent} %" if d.max_impairment_percent else "")),
    ]
    grid = tuple((name, *(_mark(d.limitations.get(key, 0) == n) for n in (1, 2, 3))) for key, name in CATEGORIES)
    out += [
        (frozenset({F, ORG}), Heading("21. Заключение о видах и степени выраженности ограничений основных категорий "
                                    "жизнедеятельности ребенка-инвалида", 3)),
        (frozenset({F, ORG}), Table(("категория жизнедеятельности", "1 степень", "2 степень", "3 степень"), grid)),
        (frozenset({F, ORG}), Heading("22. Нуждаемость в мероприятиях в соответствии с ИПРА ребенка-инвалида", 3)),
        (frozenset({F, ORG}), Table(("мероприятия", "нуждается / не нуждается", "срок", "исполнитель"),
                                  tuple((name, "", "", "") for name in DIRECTIONS))),
        (frozenset({F, ORG}), Note("Нуждаемость в мероприятиях ИПРА в выгрузке МСЭ не передается: графы заполняет "
                                 "бюро.")),
        (personal, Heading("23. Целевая реабилитационная группа и подгруппа (приказ Минтруда России от 28 марта "
                           "2022 г. № 176)", 3)),
        (personal, Field("код основной целевой реабилитационной группы", d.main_group[0])),
        (personal, Field("наименование целевой реабилитационной группы", d.main_group[1])),
        (personal, Field("код целевой реабилитационной подгруппы", d.main_subgroup[0])),
        (personal, Field("наименование целевой реабилитационной подгруппы", d.main_subgroup[1])),
    ]
    for code, name in d.additional_groups:
        out.append((personal, Field(f"дополнительная целевая реабилитационная группа (подгруппа) {code}", name)))
    goal = tuple((f"ограничение {name.replace('способность', 'способности')}", _mark(d.limitations.get(key, 0) > 0))
                 for key, name in CATEGORIES)
    out += [
        (personal, Heading("24. Цель оказания услуг по комплексной реабилитации и абилитации", 3)),
        (personal, Paragraph("Проведение мероприятий, направленных на восстановление (формирование) способностей "
                             "ребенка-инвалида к выполнению определенных видов деятельности и полное или частичное "
                             "устранение или компенсацию ограничений следующих основных категорий "
                             "жизнедеятельности (отметить Х):")),
        (personal, Table(("категория", "отметка"), goal)),
        (personal, Field("определены медицинские показания к оказанию услуг (да, нет)",
                         "да" if d.medical_indications else "нет")),
        (personal, Field("отсутствуют медицинские противопоказания к оказанию услуг (да, нет)",
                         "нет" if d.contraindications else "да")),
        (personal, Field("определена нуждаемость в оказании услуги по комплексной реабилитации и абилитации "
                         "(да, нет)", "да")),
    ]
    if not d.limitations_known:
        out.append((personal, Note("Степени ограничений жизнедеятельности с решением не переданы: графы заполняет "
                                   "бюро.")))
    return out


def _recommendation(d: MseFormData) -> list[tuple[frozenset[Addressee], Block]]:
    return [
        (ALL, Heading("Рекомендации бюро (главного бюро) медико-социальной экспертизы")),
        (ALL, Paragraph("Родителям (законным представителям) ребенка-инвалида рекомендовано обратиться для получения "
                        "услуг по комплексной реабилитации и абилитации в организацию, предоставляющую услуги по "
                        "реабилитации и абилитации детей-инвалидов в субъекте Российской Федерации:")),
        (ALL, Field("рекомендуемая организация", d.recommended_organisation)),
        (ALL, Field("направление в ФГБУ «Федеральное бюро медико-социальной экспертизы» Минтруда России (да, нет)",
                    "нет")),
        (ALL, Field("направление в ФГБУ «Федеральный научный центр реабилитации инвалидов им. Г.А. Альбрехта» "
                    "Минтруда России (да, нет)", "нет")),
        (ALL, Field("иное (указать)", "")),
    ]


def _closing(d: MseFormData) -> list[tuple[frozenset[Addressee], Block]]:
    # the export carries no consent: the lines are left for the bureau
    consent = ""
    return [
        (frozenset({F, S}), Field("Согласие родителя (законного представителя) на участие в пилотном проекте",
                                  consent)),
        (frozenset({F, S}), Field("Согласие родителя (законного представителя) на обработку персональных данных в "
                                  "рамках пилотного проекта", consent)),
        (frozenset({F}), Table(("Выписка из формы сведений сформирована и направлена", "да", "нет"), (
            ("в Социальный фонд России и орган исполнительной власти пилотного региона", MARK, ""),
            ("в организацию, оказывающую услуги по комплексной реабилитации и абилитации", MARK, ""),
            ("родителям (законным представителям) ребенка-инвалида", MARK, ""),
        ))),
        (ALL, SignatureBlock("Руководитель бюро (главного бюро) медико-социальной экспертизы (должностное лицо, "
                             "уполномоченное руководителем главного бюро)")),
        (frozenset({P}), Paragraph("М.П.")),
        (ALL, Note(f"Документ сформирован по данным решения МСЭ от {d.decided_on.strftime('%d.%m.%Y')}; форма — по "
                   "шаблону бюро МСЭ Свердловской области (AnufrievSY/PILOT), раскладка приведена к печатной "
                   "странице.")),
    ]
