"""The four MSE documents of a certificate: its data gathered from the store, rendered as PDF or DOCX."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from sqlmodel.ext.asyncio.session import AsyncSession

from kria_certificates.documents.lean_pdf import to_pdf
from kria_certificates.documents.wordml import to_docx_fast
from kria_certificates.domain import mse_forms
from kria_certificates.domain.mse_forms import Addressee, IdentityDocument, MseFormData, degree
from kria_certificates.domain.target_groups import group_of
from kria_certificates.store import repository as store
from kria_certificates.store.models import CertificateRow, ChildRow, MseFormRow
from kria_shared.documents import Document

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parent / "config"


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"


MEDIA_TYPES = {Format.PDF: "application/pdf",
               Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# the kit's renderers with less work per document (same output: see lean_pdf and wordml)
RENDERERS: dict[Format, Callable[[Document], bytes]] = {Format.PDF: to_pdf, Format.DOCX: to_docx_fast}
FILE_STEMS = {Addressee.FORM: "svedeniya", Addressee.SFR: "vypiska-sfr", Addressee.ORGANISATION: "vypiska-organizaciya",
              Addressee.PARENTS: "vypiska-roditeli"}
# export column (lower-cased) of each category's degree, in mse_forms.CATEGORIES order
_DEGREE_COLUMNS = dict(zip((k for k, _ in mse_forms.CATEGORIES), (
    "способность к самообслуживанию (степень)", "способность к передвижению (степень)",
    "способность к общению (степень)", "способность к ориентации (степень)", "способность к обучению (степень)",
    "способность к контролю за своим поведением (степень)", "способность к трудовой деятельности (степень)",
), strict=True))


@dataclass(frozen=True)
class MseSource:
    certificate: CertificateRow
    child: ChildRow
    form: MseFormRow | None


@lru_cache(maxsize=1)
def _bureaus() -> tuple[str, dict[str, str]]:
    data = yaml.safe_load((HERE / "mse_bureaus.yaml").read_text(encoding="utf-8"))
    return str(data["pattern"]), {str(k): str(v) for k, v in data["regions"].items()}


@lru_cache(maxsize=1)
def _group_names() -> dict[str, str]:
    names: dict[str, str] = {}
    with (CONFIG / "target_groups_order176.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names[row["group_code"].strip()] = row["group_name"].strip()
            if row["subgroup_code"].strip():
                names[row["subgroup_code"].strip()] = row["subgroup_name"].strip()
    return names


def bureau_body(region: str) -> str:
    pattern, names = _bureaus()
    return pattern.format(name=names.get(region, f"субъекту Российской Федерации с кодом {region}"))


async def load(session: AsyncSession, certificate: CertificateRow) -> MseSource | None:
    child = await store.child(session, certificate.child_id)
    if child is None:
        return None
    return MseSource(certificate, child, await session.get(MseFormRow, certificate.id))


def _day(text: str) -> str:
    """'11.10.2028 0:00' -> '11.10.2028' (the export writes a time the form does not print)."""
    return text.split(" ", 1)[0].strip()


def form_data(src: MseSource) -> MseFormData:
    c, child = src.certificate, src.child
    cols = src.form.columns if src.form else {}
    names = _group_names()

    def col(name: str) -> str:
        return cols.get(name, "").strip()

    def identity(who: str) -> IdentityDocument:
        return IdentityDocument(col(f"{who}. тип документа, удостоверяющего личность"),
                                col(f"{who}. серия документа, удостоверяющего личность"),
                                col(f"{who}. номер документа, удостоверяющего личность"),
                                col(f"{who}. кем выдан документ, удостоверяющий личность"),
                                _day(col(f"{who}. дата выдачи документа, удостоверяющего личность")))

    group = group_of(c.main_group)
    subgroup = c.main_group if "." in c.main_group else ""
    return MseFormData(
        protocol_number=c.protocol_number, bureau_body=bureau_body(c.region), last_name=child.last_name,
        first_name=child.first_name, patronymic=child.patronymic, birth_date=child.birth_date,
        decided_on=c.decided_on, snils=child.snils, sex=child.sex, citizenship=col("гражданство"),
        address=col("адрес"), address_type=col("адрес.тип"), child_document=identity("гражданин"),
        representative=child.representative, representative_document=identity("представитель"),
        phones=tuple(p for p in (col("телефон(email) гражданина"), col("телефон(email) представителя")) if p),
        main_disease=col("основное заболевание.текст"), main_icd=col("основное заболевание.код мкб"),
        other_icd=col("сопутствующее заболевание.код мкб"),
        disability_from=c.disability_established_on.strftime("%d.%m.%Y"),
        disability_until=_day(col('инвалидность установлена "до"')), act_number=c.act_number,
        ipra_number=c.ipra_number,
        max_impairment_percent=col("максимально выраженное в процентах нарушение функций организма"),
        limitations={k: d for k, column in _DEGREE_COLUMNS.items() if (d := degree(col(column)))},
        main_group=(group, names.get(group, "")), main_subgroup=(subgroup, names.get(subgroup, "")),
        additional_groups=tuple((g, names.get(g, "")) for g in c.additional_groups),
        limitations_known=src.form is not None,
    )


def document(src: MseSource, to: Addressee) -> Document:
    return mse_forms.build(form_data(src), to)


def render(src: MseSource, to: Addressee, fmt: Format) -> bytes:
    return RENDERERS[fmt](document(src, to))


def file_name(src: MseSource, to: Addressee, fmt: Format) -> str:
    number = src.certificate.protocol_number.replace("/", "-")
    return f"{FILE_STEMS[to]}-{number}.{fmt.value}"
