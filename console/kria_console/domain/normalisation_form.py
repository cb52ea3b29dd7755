"""The economist's cost normalisation as a web form: its fields read into the body of costing's
``POST .../price-lists`` (every problem named by its field, in Russian), and a stored body written back into them.

The form is flat (``spec-0-salary``); each repeated table (specialists, materials, ...) has numbered rows, and a row
left wholly blank is no row. Money is typed in rubles (``52 000,50``) and sent as decimal strings: the service keeps
them exact and converts to kopecks itself. Which specialists, time norms and group sizes are asked for comes from
the course standards in force (``needs``), so the form asks for what the service will check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kria_console.domain.costing_names import ACTIVITIES, AGE_BANDS, DELIVERIES, EATERS, FORMS, PRICE_BASIS

Values = dict[str, list[str]]  # every form field's values as sent (a multiple choice has several)
MAX_RUBLES = Decimal(10_000_000)  # the service's own bound on any one figure
DIRECTION_CODES = ("social_household", "social_environmental", "social_pedagogical", "social_psychological",
                   "sociocultural", "career_guidance", "adaptive_pe")
EATER_FIELDS = (("q46", "4-6"), ("q717", "7-17"), ("qcomp", "companion"))


@dataclass(frozen=True)
class Table:
    """A repeated part of the form: its field prefix, heading and columns (field suffix → Russian label)."""

    prefix: str
    title: str
    columns: tuple[tuple[str, str], ...]
    multi: tuple[str, ...] = ()  # columns chosen from a list (several values)


STAFF_COLUMNS = (("title", "должность"), ("salary", "оклад в месяц, руб."), ("positions", "ставок"))
TABLES = {t.prefix: t for t in (
    Table("premsemi", "Помещения полустационарной формы за год", (("item", "статья"), ("rub", "сумма за год, руб."))),
    Table("premin", "Помещения стационарной формы за год", (("item", "статья"), ("rub", "сумма за год, руб."))),
    Table("spec", "Специалисты", (("code", "код по стандарту"), ("title", "должность"),
                                  ("salary", "оклад в месяц, руб."), ("hours", "рабочих часов в год"))),
    Table("mat", "Материалы и услуги", (("item", "наименование"), ("price", "цена единицы, руб."),
                                        ("qty", "количество на одно мероприятие"), ("types", "виды мероприятий"),
                                        ("directions", "направления"), ("groups", "группы ЦРГ"),
                                        ("basis", "основа цены"), ("source", "источник цены")),
          multi=("types", "directions")),
    Table("plan", "Плановое число детей", (("group", "группа ЦРГ"), ("form", "форма"), ("band", "возраст"),
                                           ("children", "детей в год"))),
    Table("adm", "Административно-управленческий персонал", STAFF_COLUMNS),
    Table("sup", "Вспомогательный персонал", STAFF_COLUMNS),
    Table("kitchen", "Персонал пищеблока", STAFF_COLUMNS),
    Table("ration", "Суточный рацион", (("product", "продукт"), ("unit", "единица"), ("price", "цена единицы, руб."),
                                        ("basis", "основа цены"), ("source", "источник цены"),
                                        ("q46", "в день: ребёнок 4–6 лет"), ("q717", "в день: ребёнок 7–17 лет"),
                                        ("qcomp", "в день: сопровождающий"))),
    Table("accstaff", "Персонал проживания", STAFF_COLUMNS),
)}
SINGLE = {
    "organisation_name": "наименование организации", "period": "период планирования",
    "accruals_rate": "начисления на оплату труда (доля)", "territorial_coefficient": "территориальный коэффициент",
    "working_days_per_year": "рабочих дней в году", "target_groups": "группы ЦРГ в прейскуранте",
    "meals-share": "доля рациона в полустационарной форме", "meals-days": "плановых рационо-дней в год",
    "acc-upkeep": "содержание спальных помещений за год, руб.", "acc-utilities": "коммунальные услуги за год, руб.",
    "acc-linen": "постельное бельё и стирка за год, руб.", "acc-beddays": "плановых койко-дней в год",
}
PREMISES = (("premsemi", "semi_inpatient"), ("premin", "inpatient"))
STAFF_LISTS = (("adm", "administrative_staff"), ("sup", "support_staff"))


@dataclass(frozen=True)
class Problem:
    field: str  # the form field's name (and id), to mark it and link to it
    label: str  # the field as the person reads it
    reason: str

    @property
    def message(self) -> str:
        return f"Поле «{self.label}»: {self.reason}."


@dataclass(frozen=True)
class Needs:
    """What the covered course standards ask the normalisation to price."""

    specialists: tuple[str, ...] = ()
    minutes: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (type, delivery) → range
    minutes_4_6: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    group_sizes: dict[str, int] = field(default_factory=dict)  # activity type → the standard's largest group
    groups: tuple[str, ...] = ()


@dataclass
class Parsed:
    body: dict[str, Any] | None
    problems: list[Problem]
    where: dict[str, str]  # the body's dotted paths → form fields (to name a field the service refused)


def label(name: str) -> str:
    """The Russian name of a form field: ``spec-1-salary`` → ``Специалисты, строка 2: оклад в месяц, руб.``."""
    if name in SINGLE:
        return SINGLE[name]
    parts = name.split("-")
    if parts[0] in ("tn", "tn46") and len(parts) == 3:
        ages = " (4–6 лет)" if parts[0] == "tn46" else ""
        return f"минут: {ACTIVITIES.get(parts[1], parts[1])}, {DELIVERIES.get(parts[2], parts[2])}{ages}"
    if parts[0] == "gs" and len(parts) == 2:
        return f"детей в группе: {ACTIVITIES.get(parts[1], parts[1])}"
    table = TABLES.get(parts[0])
    if table is not None and len(parts) == 3 and parts[1].isdigit():
        column = dict(table.columns).get(parts[2], parts[2])
        return f"{table.title}, строка {int(parts[1]) + 1}: {column}"
    return TABLES[name].title if name in TABLES else name


def one(values: Mapping[str, Sequence[str]], name: str) -> str:
    got = values.get(name) or [""]
    return str(got[0]).strip()


def rows(values: Mapping[str, Sequence[str]], prefix: str) -> list[int]:
    """The row numbers of a table that have anything typed in them."""
    found = set()
    for name, vs in values.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit() and any(str(v).strip() for v in vs):
            found.add(int(parts[1]))
    return sorted(found)


def row_count(values: Mapping[str, Sequence[str]], prefix: str) -> int:
    """How many rows the form shows for a table before its blank ones: up to the last row with anything in it."""
    present = rows(values, prefix)
    return present[-1] + 1 if present else 0


def with_needed_specialists(values: Values, needed: Sequence[str]) -> Values:
    """The values with a specialists' row for each code the standards need and no row names yet, the code filled
    in: appended one after another under the rows already typed (the economist adds the salaries)."""
    out = {k: list(v) for k, v in values.items()}
    typed = {one(values, f"spec-{i}-code") for i in rows(values, "spec")}
    first = row_count(values, "spec")  # counted once: each added row must not push the next one further down
    for n, code in enumerate(c for c in needed if c not in typed):
        out[f"spec-{first + n}-code"] = [code]
    return out


class _Reader:
    def __init__(self, values: Mapping[str, Sequence[str]]) -> None:
        self.values = values
        self.problems: list[Problem] = []
        self.where: dict[str, str] = {}

    def bad(self, name: str, reason: str) -> None:
        self.problems.append(Problem(name, label(name), reason))

    def text(self, name: str, path: str, *, required: bool = True, max_len: int = 500) -> str | None:
        self.where[path] = name
        raw = one(self.values, name)
        if not raw:
            if required:
                self.bad(name, "заполните его")
            return None
        if len(raw) > max_len:
            self.bad(name, f"не длиннее {max_len} знаков")
            return None
        return raw

    def number(self, name: str, path: str, *, places: int | None, low: Decimal, high: Decimal,
               above: bool = False, required: bool = True) -> Decimal | None:
        """A decimal typed the Russian way (``52 000,5``): at most ``places`` decimals, inside the bounds."""
        self.where[path] = name
        raw = one(self.values, name).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not raw:
            if required:
                self.bad(name, "заполните его")
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.bad(name, "нужно число, например 1234,56")
            return None
        if not value.is_finite():
            self.bad(name, "нужно число, например 1234,56")
            return None
        if places is not None and -value.as_tuple().exponent > places:  # type: ignore[operator]
            self.bad(name, "не больше двух знаков после запятой (копейки)" if places == 2
                     else "нужно целое число" if places == 0 else f"не больше {places} знаков после запятой")
            return None
        too_low = value <= low if above else value < low
        if too_low or value > high:
            floor = f"больше {_plain(low)}" if above else f"не меньше {_plain(low)}"
            self.bad(name, f"нужно число {floor} и не больше {_plain(high)}")
            return None
        return value

    def integer(self, name: str, path: str, low: int, high: int, *, required: bool = True) -> int | None:
        got = self.number(name, path, places=0, low=Decimal(low), high=Decimal(high), required=required)
        return None if got is None else int(got)

    def money(self, name: str, path: str, *, positive: bool = False) -> str | None:
        got = self.number(name, path, places=2, low=Decimal(0), high=MAX_RUBLES, above=positive)
        return None if got is None else _plain(got)

    def choice(self, name: str, path: str, allowed: Iterable[str]) -> str | None:
        self.where[path] = name
        raw = one(self.values, name)
        if raw not in set(allowed):
            self.bad(name, "выберите один из вариантов")
            return None
        return raw

    def choices(self, name: str, path: str, allowed: Iterable[str], *, at_least_one: bool) -> list[str] | None:
        self.where[path] = name
        chosen = [str(v) for v in self.values.get(name, []) if str(v).strip()]
        allowed_set = set(allowed)
        if any(c not in allowed_set for c in chosen):
            self.bad(name, "выберите из списка")
            return None
        if at_least_one and not chosen:
            self.bad(name, "отметьте хотя бы один вариант")
            return None
        return chosen

    def group_list(self, name: str, path: str) -> list[str] | None:
        """ЦРГ codes typed as ``2, 6.6``."""
        self.where[path] = name
        raw = one(self.values, name)
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        for c in codes:
            head, _, sub = c.partition(".")
            if not head.isdigit() or not 1 <= int(head) <= 11 or (sub and not sub.isdigit()):
                self.bad(name, f"«{c[:20]}» — не группа ЦРГ; укажите номера через запятую, например 2, 6.6")
                return None
        return codes

    def staff(self, prefix: str, path: str) -> list[dict[str, Any]]:
        out = []
        for n, i in enumerate(rows(self.values, prefix)):
            at, p = f"{prefix}-{i}", f"{path}.{n}"
            self.where[p] = f"{at}-title"
            title = self.text(f"{at}-title", f"{p}.title", max_len=200)
            salary = self.money(f"{at}-salary", f"{p}.monthly_salary_rub", positive=True)
            positions = self.number(f"{at}-positions", f"{p}.positions", places=4, low=Decimal(0),
                                    high=Decimal(1000), above=True)
            if title is not None and salary is not None and positions is not None:
                out.append({"title": title, "monthly_salary_rub": salary, "positions": _plain(positions)})
        return out


def _plain(d: Decimal) -> str:
    """A decimal as the service reads it: no exponent, no trailing zeros beyond the kopecks."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def body_of(values: Mapping[str, Sequence[str]], needs: Needs) -> Parsed:
    """The normalisation from the form, or every problem found (the body is None then)."""
    r = _Reader(values)
    body: dict[str, Any] = {}
    for key in ("organisation_name", "period"):
        got = r.text(key, key, required=False, max_len=300)
        if got is not None:
            body[key] = got
    rate = r.number("accruals_rate", "accruals_rate", places=6, low=Decimal(0), high=Decimal(10))
    coefficient = r.number("territorial_coefficient", "territorial_coefficient", places=4, low=Decimal(0),
                           high=Decimal(10), above=True)
    body["accruals_rate"] = None if rate is None else _plain(rate)
    body["territorial_coefficient"] = None if coefficient is None else _plain(coefficient)
    body["working_days_per_year"] = r.integer("working_days_per_year", "working_days_per_year", 1, 366)
    groups = r.group_list("target_groups", "target_groups")
    body["target_groups"] = groups or None  # empty: every ЦРГ of the standards
    premises: dict[str, dict[str, str]] = {}
    for prefix, form in PREMISES:
        premises[form] = {}
        r.where[f"premises_annual_rub.{form}"] = prefix
        for i in rows(values, prefix):
            item = r.text(f"{prefix}-{i}-item", f"premises_annual_rub.{form}", max_len=100)
            rub = r.money(f"{prefix}-{i}-rub", f"premises_annual_rub.{form}.{item or i}")
            if item is not None and rub is not None:
                if item in premises[form]:
                    r.bad(f"{prefix}-{i}-item", "такая статья уже есть в этой форме")
                premises[form][item] = rub
    body["premises_annual_rub"] = premises
    body["specialists"] = _specialists(r, needs)
    body["time_norms_minutes"] = _minutes(r, "tn", "time_norms_minutes", needs.minutes, required=True)
    body["time_norms_minutes_4_6"] = _minutes(r, "tn46", "time_norms_minutes_4_6", needs.minutes_4_6,
                                              required=False)
    sizes: dict[str, int] = {}
    for activity in sorted(needs.group_sizes):  # a group larger than the standard's is priced at its largest
        size = r.integer(f"gs-{activity}", f"group_sizes.{activity}", 2, 50)
        if size is not None:
            sizes[activity] = size
    body["group_sizes"] = sizes
    body["materials"] = _materials(r)
    body["planned_children"] = _planned(r)
    for prefix, key in STAFF_LISTS:
        r.where[key] = f"{prefix}-0-title"
        body[key] = r.staff(prefix, key)
    body["accompanying"] = _accompanying(r)
    if r.problems:
        return Parsed(None, r.problems, r.where)
    return Parsed(body, [], r.where)


def _specialists(r: _Reader, needs: Needs) -> dict[str, Any]:
    out: dict[str, Any] = {}
    r.where["specialists"] = "spec-0-code"
    seen: set[str] = set()
    for i in rows(r.values, "spec"):
        at = f"spec-{i}"
        code = r.text(f"{at}-code", "specialists", max_len=60)
        path = f"specialists.{code or i}"
        r.where[path] = f"{at}-code"
        if code is not None and code in seen:
            r.bad(f"{at}-code", "этот специалист уже указан в другой строке")
        title = r.text(f"{at}-title", f"{path}.title", max_len=200)
        salary = r.money(f"{at}-salary", f"{path}.monthly_salary_rub", positive=True)
        hours = r.number(f"{at}-hours", f"{path}.annual_work_hours", places=2, low=Decimal(0),
                         high=Decimal(8784), above=True)
        if code is not None:
            seen.add(code)
            if title is not None and salary is not None and hours is not None:
                out[code] = {"title": title, "monthly_salary_rub": salary, "annual_work_hours": _plain(hours)}
    for code in needs.specialists:
        if code not in seen:
            r.problems.append(Problem("spec-0-code", "Специалисты",
                                      f"стандарты требуют специалиста с кодом «{code}»: добавьте строку"))
    if not seen and not needs.specialists:
        r.bad("spec-0-code", "укажите хотя бы одного специалиста")
    return out


def _minutes(r: _Reader, prefix: str, path: str, needed: Mapping[tuple[str, str], tuple[int, int]], *,
             required: bool) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (activity, delivery), (low, high) in sorted(needed.items()):
        name = f"{prefix}-{activity}-{delivery}"
        got = r.integer(name, f"{path}.{activity}.{delivery}", 1, 480, required=required)
        if got is None:
            continue
        if not low <= got <= high:
            r.bad(name, f"стандарт задаёт от {low} до {high} минут")
            continue
        out.setdefault(activity, {})[delivery] = got
    return out


def _materials(r: _Reader) -> list[dict[str, Any]]:
    out = []
    for n, i in enumerate(rows(r.values, "mat")):
        at, p = f"mat-{i}", f"materials.{n}"
        r.where[p] = f"{at}-item"
        item = r.text(f"{at}-item", f"{p}.item", max_len=300)
        price = r.money(f"{at}-price", f"{p}.unit_price_rub")
        qty = r.number(f"{at}-qty", f"{p}.quantity_per_service", places=4, low=Decimal(0), high=Decimal(1000),
                       above=True)
        types = r.choices(f"{at}-types", f"{p}.activity_types", ACTIVITIES, at_least_one=True)
        directions = r.choices(f"{at}-directions", f"{p}.directions", DIRECTION_CODES, at_least_one=False)
        groups = r.group_list(f"{at}-groups", f"{p}.groups")
        basis = r.choice(f"{at}-basis", f"{p}.price_basis", PRICE_BASIS)
        source = r.text(f"{at}-source", f"{p}.price_source", max_len=500)
        if None not in (item, price, qty, types, directions, groups, basis, source):
            out.append({"item": item, "unit_price_rub": price, "quantity_per_service": _plain(qty or Decimal(0)),
                        "activity_types": types, "directions": directions, "groups": groups,
                        "price_basis": basis, "price_source": source})
    return out


def _planned(r: _Reader) -> list[dict[str, Any]]:
    out = []
    for n, i in enumerate(rows(r.values, "plan")):
        at, p = f"plan-{i}", f"planned_children.{n}"
        r.where[p] = f"{at}-group"
        group = r.group_list(f"{at}-group", f"{p}.group")
        if group is not None and len(group) != 1:
            r.bad(f"{at}-group", "укажите одну группу ЦРГ")
            group = None
        form = r.choice(f"{at}-form", f"{p}.form", FORMS)
        band = r.choice(f"{at}-band", f"{p}.age_band", AGE_BANDS)
        children = r.integer(f"{at}-children", f"{p}.children", 0, 100_000)
        if group is not None and form is not None and band is not None and children is not None:
            out.append({"group": group[0], "form": form, "age_band": band, "children": children})
    return out


def _accompanying(r: _Reader) -> dict[str, Any]:
    m = "accompanying.meals"
    ration: list[dict[str, Any]] = []
    r.where[f"{m}.ration"] = "ration-0-product"
    for n, i in enumerate(rows(r.values, "ration")):
        at, p = f"ration-{i}", f"{m}.ration.{n}"
        r.where[p] = f"{at}-product"
        product = r.text(f"{at}-product", f"{p}.product", max_len=200)
        unit = r.text(f"{at}-unit", f"{p}.unit", max_len=20)
        price = r.money(f"{at}-price", f"{p}.price_rub", positive=True)
        basis = r.choice(f"{at}-basis", f"{p}.price_basis", PRICE_BASIS)
        source = r.text(f"{at}-source", f"{p}.price_source", max_len=500)
        per_day = {}
        for suffix, eater in EATER_FIELDS:
            q = r.number(f"{at}-{suffix}", f"{p}.per_day.{eater}", places=4, low=Decimal(0), high=Decimal(100),
                         required=False)
            if q is not None:
                per_day[eater] = _plain(q)
        if not per_day:
            r.bad(f"{at}-q46", "укажите количество в день хотя бы для одного едока")
        if None not in (product, unit, price, basis, source) and per_day:
            ration.append({"product": product, "unit": unit, "price_rub": price, "price_basis": basis,
                           "price_source": source, "per_day": per_day})
    if not rows(r.values, "ration"):
        r.bad("ration-0-product", "рацион не может быть пустым: добавьте продукты")
    else:
        fed = {e for item in ration for e, q in item["per_day"].items() if Decimal(q) > 0}
        hungry = [EATERS[e] for _, e in EATER_FIELDS if e not in fed]
        if ration and hungry:
            r.problems.append(Problem("ration-0-q46", "Суточный рацион",
                                      "рацион никого не кормит из: " + ", ".join(hungry)))
    share = r.number("meals-share", f"{m}.semi_inpatient_share", places=4, low=Decimal(0), high=Decimal(1),
                     above=True)
    days = r.integer("meals-days", f"{m}.planned_ration_days", 1, 10_000_000)
    r.where["accompanying.meals.kitchen_staff"] = "kitchen-0-title"
    kitchen = r.staff("kitchen", f"{m}.kitchen_staff")
    a = "accompanying.accommodation"
    accommodation = {
        "premises_upkeep_rub": r.money("acc-upkeep", f"{a}.premises_upkeep_rub"),
        "utilities_rub": r.money("acc-utilities", f"{a}.utilities_rub"),
        "linen_rub": r.money("acc-linen", f"{a}.linen_rub"),
        "planned_bed_days": r.integer("acc-beddays", f"{a}.planned_bed_days", 1, 10_000_000),
        "staff": r.staff("accstaff", f"{a}.staff"),
    }
    meals = {"ration": ration, "semi_inpatient_share": None if share is None else _plain(share),
             "kitchen_staff": kitchen, "planned_ration_days": days}
    return {"meals": meals, "accommodation": accommodation}


def values_of(body: Mapping[str, Any]) -> Values:
    """A normalisation (a stored list's inputs) as the form's fields, to start a new draft from it."""
    v: Values = {}

    def put(name: str, value: Any) -> None:
        if value is not None:
            v[name] = [str(value).replace(".", ",") if isinstance(value, int | float | Decimal) or _numeric(value)
                       else str(value)]

    for key in ("organisation_name", "period"):
        if body.get(key) is not None:
            v[key] = [str(body[key])]
    for key in ("accruals_rate", "territorial_coefficient", "working_days_per_year"):
        put(key, body.get(key))
    if body.get("target_groups"):
        v["target_groups"] = [", ".join(str(g) for g in body["target_groups"])]
    for prefix, form in PREMISES:
        for i, (item, rub) in enumerate((body.get("premises_annual_rub") or {}).get(form, {}).items()):
            v[f"{prefix}-{i}-item"] = [str(item)]
            put(f"{prefix}-{i}-rub", rub)
    for i, (code, s) in enumerate((body.get("specialists") or {}).items()):
        v[f"spec-{i}-code"] = [str(code)]
        v[f"spec-{i}-title"] = [str(s.get("title", ""))]
        put(f"spec-{i}-salary", s.get("monthly_salary_rub"))
        put(f"spec-{i}-hours", s.get("annual_work_hours"))
    for prefix, key in (("tn", "time_norms_minutes"), ("tn46", "time_norms_minutes_4_6")):
        for activity, by in (body.get(key) or {}).items():
            for delivery, minutes in by.items():
                put(f"{prefix}-{activity}-{delivery}", minutes)
    for activity, size in (body.get("group_sizes") or {}).items():
        put(f"gs-{activity}", size)
    for i, m in enumerate(body.get("materials") or []):
        v[f"mat-{i}-item"] = [str(m.get("item", ""))]
        put(f"mat-{i}-price", m.get("unit_price_rub"))
        put(f"mat-{i}-qty", m.get("quantity_per_service"))
        v[f"mat-{i}-types"] = [str(t) for t in m.get("activity_types") or []]
        v[f"mat-{i}-directions"] = [str(d) for d in m.get("directions") or []]
        v[f"mat-{i}-groups"] = [", ".join(str(g) for g in m.get("groups") or [])]
        v[f"mat-{i}-basis"] = [str(m.get("price_basis") or "identical")]
        v[f"mat-{i}-source"] = [str(m.get("price_source") or "")]
    for i, p in enumerate(body.get("planned_children") or []):
        v[f"plan-{i}-group"], v[f"plan-{i}-form"] = [str(p.get("group", ""))], [str(p.get("form", ""))]
        v[f"plan-{i}-band"] = [str(p.get("age_band", ""))]
        put(f"plan-{i}-children", p.get("children"))
    accompanying = body.get("accompanying") or {}
    meals, acc = accompanying.get("meals") or {}, accompanying.get("accommodation") or {}
    staff_lists = ((p, body.get(k) or []) for p, k in STAFF_LISTS)
    for prefix, staff in (*staff_lists, ("kitchen", meals.get("kitchen_staff") or []),
                          ("accstaff", acc.get("staff") or [])):
        for i, s in enumerate(staff):
            v[f"{prefix}-{i}-title"] = [str(s.get("title", ""))]
            put(f"{prefix}-{i}-salary", s.get("monthly_salary_rub"))
            put(f"{prefix}-{i}-positions", s.get("positions"))
    for i, item in enumerate(meals.get("ration") or []):
        v[f"ration-{i}-product"], v[f"ration-{i}-unit"] = [str(item.get("product", ""))], [str(item.get("unit", ""))]
        put(f"ration-{i}-price", item.get("price_rub"))
        v[f"ration-{i}-basis"] = [str(item.get("price_basis") or "identical")]
        v[f"ration-{i}-source"] = [str(item.get("price_source") or "")]
        for suffix, eater in EATER_FIELDS:
            put(f"ration-{i}-{suffix}", (item.get("per_day") or {}).get(eater))
    put("meals-share", meals.get("semi_inpatient_share"))
    put("meals-days", meals.get("planned_ration_days"))
    for name, key in (("acc-upkeep", "premises_upkeep_rub"), ("acc-utilities", "utilities_rub"),
                      ("acc-linen", "linen_rub"), ("acc-beddays", "planned_bed_days")):
        put(name, acc.get(key))
    return v


def _numeric(value: Any) -> bool:
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return True


def needs(standards: Mapping[str, Any], groups: Sequence[str] | None) -> Needs:
    """What the standards of the groups priced (all when none are named) ask for: the specialists they name,
    a time norm per activity type and delivery inside every standard's range, a group size per group activity."""
    chosen = [s for s in standards.get("standards", [])
              if not groups or s.get("group") in {g.split(".")[0] for g in groups}]
    specialists: set[str] = set()
    minutes: dict[tuple[str, str], tuple[int, int]] = {}
    young: dict[tuple[str, str], tuple[int, int]] = {}
    sizes: dict[str, int] = {}
    for s in chosen:
        for line in s.get("lines", []):
            key = (str(line["activity_type"]), str(line["delivery"]))
            specialists.update(str(c) for c in line.get("specialists", []))
            minutes[key] = _narrow(minutes.get(key), line["minutes"])
            if line.get("minutes_4_6"):
                young[key] = _narrow(young.get(key), line["minutes_4_6"])
            if key[1] == "group":
                sizes[key[0]] = min(sizes.get(key[0], 50), int(line.get("max_group_size") or 50))
    return Needs(tuple(sorted(specialists)), minutes, young, sizes, tuple(str(s.get("group")) for s in chosen))


def _narrow(known: tuple[int, int] | None, line: Mapping[str, Any]) -> tuple[int, int]:
    low, high = int(line["min"]), int(line["max"])
    return (low, high) if known is None else (max(known[0], low), min(known[1], high))


def service_problems(status_body: Mapping[str, Any], where: Mapping[str, str]) -> list[Problem]:
    """Costing's 422 read back onto the form: FastAPI's ``detail[].loc`` or the kit's ``details.problems``."""
    found: list[tuple[str, str]] = []  # (the body's dotted path, the reason in Russian)
    detail = status_body.get("detail")
    if isinstance(detail, list):
        for d in detail:
            if isinstance(d, Mapping):
                loc = [str(p) for p in d.get("loc") or [] if p != "body"]
                found.append((".".join(loc), "значение не принято сервисом расчёта"))
    details = status_body.get("details")
    if isinstance(details, Mapping):
        for p in details.get("problems") or []:
            if isinstance(p, Mapping):
                found.append((str(p.get("field") or ""), SERVICE_CODES.get(str(p.get("code")),
                                                                            "значение не принято сервисом расчёта")))
        if not found and details.get("field"):
            found.append((str(details["field"]), SERVICE_CODES.get(str(status_body.get("error")),
                                                                    "значение не принято сервисом расчёта")))
    out = []
    for path, reason in found:
        name = _field_of(path, where)
        out.append(Problem(name, label(name) if name else "нормализация", f"{reason} ({path})" if not name
                           else reason))
    return out or [Problem("", "нормализация", "сервис расчёта не принял данные")]


def _field_of(path: str, where: Mapping[str, str]) -> str:
    """The form field of a body path: the path itself, else the nearest enclosing path the form knows."""
    parts = path.replace("[", ".").replace("]", "").split(".")
    while parts:
        hit = where.get(".".join(parts))
        if hit is not None:
            return hit
        parts.pop()
    return ""


# costing's coverage problems (its API.md), said for the economist.
SERVICE_CODES = {
    "missing_specialist": "стандарты требуют этого специалиста, а в нормализации его нет",
    "missing_time_norm": "нет нормы времени, которую требует стандарт",
    "time_norm_outside_standard": "норма времени вне диапазона стандарта",
    "missing_group_size": "нет размера группы для группового мероприятия",
    "unknown_target_group": "такой группы ЦРГ в стандартах нет",
    "duplicate_target_group": "группа ЦРГ указана дважды",
    "no_target_groups": "укажите хотя бы одну группу или оставьте поле пустым (все группы)",
    "group_not_covered": "эта группа не входит в группы ЦРГ прейскуранта",
    "no_planned_children": "штат есть, а плановых детей нет: укажите плановое число детей",
    "not_positive": "нужно число больше нуля",
    "effective_before_order": "дата начала действия не может быть раньше даты приказа",
}
