"""Synthetic children of a pilot region, written as an MSE information-system export (45 columns).

The spread is realistic on purpose: ages 4–17, every target group a provider of the region covers, both
forms, companions for the young in the inpatient form, a share of early terminations and family refusals,
and a few ineligible or malformed rows (each outcome code of the import appears).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from kria_cli.demo import fates
from kria_cli.demo import snils as snils_gen

FIRST_M = ["Иван", "Михаил", "Артём", "Максим", "Лев", "Марк", "Матвей", "Тимофей", "Илья", "Даниил"]
FIRST_F = ["Анна", "Мария", "София", "Ева", "Алиса", "Виктория", "Полина", "Дарья", "Вера", "Ксения"]
LAST = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров"]
PATRONYMIC_M = ["Петрович", "Андреевич", "Сергеевич", "Игоревич", "Олегович"]
PATRONYMIC_F = ["Петровна", "Андреевна", "Сергеевна", "Игоревна", "Олеговна"]


@dataclass(frozen=True)
class Offer:
    """A (target group, municipality, age band) some registered organisation of the region serves."""

    region: str
    group: str
    municipality: str
    age_band: str


@dataclass
class Child:
    row: int
    region: str
    municipality: str
    group: str
    subgroup: str
    birth_date: date
    decided_on: date
    established_on: date
    snils: str
    sex: str
    first: str
    last: str
    patronymic: str
    indications: bool = True
    contraindications: bool = False
    expected: str = "issued"  # what the import should answer (issued or a reason code)
    # the family's choices and the course's fate
    form: str = "semi_inpatient"
    companion: bool = False
    terminate_day: int | None = None
    terminate_reason: str | None = None
    refusals: int = 0
    fate: str = "completes"  # fates.py: how the certificate ends
    limitations: dict[str, str] = field(default_factory=dict)  # export columns 17-23: category -> degree
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def age(self) -> int:
        d, b = self.decided_on, self.birth_date
        return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def _birth_for_age(rng: random.Random, decided: date, age: int) -> date:
    """A birthday 1-230 days before the decision, so no child changes age band before the course ends."""
    latest = decided.replace(year=decided.year - age)
    return latest - timedelta(days=rng.randint(1, 230))


def generate(
    n: int, rng: random.Random, offers: list[Offer], subgroups: dict[str, list[str]], today: date
) -> list[Child]:
    """``n`` children; ~5 % ineligible or malformed, the rest eligible and matched to an offer."""
    children: list[Child] = []
    specials = ["age_out_of_range", "not_pilot_region", "contraindications", "invalid_snils",
                "active_certificate_exists", "no_medical_indications", "age_out_of_range", "unknown_target_group"]
    n_special = min(len(specials), max(0, n // 20)) if n >= 10 else 0
    for i in range(n):
        offer = rng.choice(offers)
        decided = today - timedelta(days=rng.randint(55, 75))
        young = offer.age_band == "до 14"
        age = rng.randint(4, 13) if young else rng.randint(14, 17)
        sex = rng.choice("МЖ")
        child = Child(
            row=i + 1, region=offer.region, municipality=offer.municipality, group=offer.group,
            subgroup=rng.choice(subgroups.get(offer.group, [offer.group])),
            birth_date=date(2000, 1, 1), decided_on=decided,
            established_on=decided - timedelta(days=rng.randint(1, 5)), snils=snils_gen.make(rng), sex=sex,
            first=rng.choice(FIRST_M if sex == "М" else FIRST_F),
            last=rng.choice(LAST) + ("" if sex == "М" else "а"),
            patronymic=rng.choice(PATRONYMIC_M if sex == "М" else PATRONYMIC_F),
        )
        child.birth_date = _birth_for_age(rng, decided, age)
        child.form = "inpatient" if rng.random() < 0.4 else "semi_inpatient"
        child.companion = child.form == "inpatient" and age <= 10 and rng.random() < 0.8
        child.limitations = _limitations(rng)
        if rng.random() < 0.1:
            child.refusals = rng.randint(3, 12)  # the family refused some individual activities
        children.append(child)
    for child, code in zip(children[len(children) - n_special:], specials[:n_special], strict=True):
        _make_special(child, code, children[0], rng)
    fates.assign(children, rng)
    return children


DEGREE_COLUMNS = [f"Способность к {name} (степень)" for name in (
    "контролю за своим поведением", "обучению", "общению", "ориентации", "передвижению", "самообслуживанию",
    "трудовой деятельности")]


def _limitations(rng: random.Random) -> dict[str, str]:
    """The MSE's degrees: one to four impaired categories, the rest not established (as in the real export)."""
    impaired = rng.sample(DEGREE_COLUMNS, rng.randint(1, 4))
    return {c: rng.choice(["Первая", "Вторая", "Вторая", "Третья"]) if c in impaired else "Не установлено"
            for c in DEGREE_COLUMNS}


def _make_special(child: Child, code: str, first: Child, rng: random.Random) -> None:
    child.expected = code
    if code == "age_out_of_range":
        age = rng.choice([3, 18])
        child.birth_date = child.decided_on.replace(year=child.decided_on.year - age)  # birthday on the decision date
    elif code == "not_pilot_region":
        child.region, child.municipality = "77", "Москва"
    elif code == "contraindications":
        child.contraindications = True
    elif code == "no_medical_indications":
        child.indications = False
    elif code == "invalid_snils":
        child.snils = snils_gen.corrupt(child.snils)
    elif code == "active_certificate_exists":
        child.snils, child.birth_date, child.first, child.last = first.snils, first.birth_date, first.first, first.last
        child.patronymic, child.sex = first.patronymic, first.sex
    elif code == "unknown_target_group":
        child.subgroup = "12.1"


def d(x: date) -> str:
    return x.strftime("%d.%m.%Y") + " 0:00"


def to_export(children: list[Child], header: list[str]) -> str:
    """The MSE export: semicolon-separated, quoted where needed, dates `dd.mm.yyyy 0:00`."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for c in children:
        protocol = f"{1000 + c.row}.8.{c.region}/{c.decided_on.year}"
        values = {
            "№ протокола": protocol, "Дата вынесения решения": d(c.decided_on), "Имя": c.first,
            "Отчество": c.patronymic, "Фамилия": c.last, "СНИЛС": c.snils, "Дата рождения": d(c.birth_date),
            "Пол": "МУЖ" if c.sex == "М" else "ЖЕН", "Представитель. ФИО": f"{c.last} Мария Викторовна",
            "Адрес": f"620000, обл; {c.municipality} г, ул. Ленина, д. {c.row}",
            "Адрес.Тип": "Адрес места жительства", "Возраст": f"{c.age} лет",
            "Гражданство": "гражданин Российской Федерации", "Номер акта": protocol,
            "№ ИПРА (ребенка-инвалида)": f"{2000 + c.row}.8.{c.region}/{c.decided_on.year}",
            'Инвалидность установлена "с"': d(c.established_on), "ЦРГ": c.subgroup, "ЦРГ дополнительные": "",
            "Медицинские показания": "да" if c.indications else "нет",
            "Противопоказания": "да" if c.contraindications else "нет",
            **c.limitations,
        }
        w.writerow([values.get(h, "") for h in header])
    return out.getvalue()
