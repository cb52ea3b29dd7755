"""A signature validation report modelled on the structure of ETSI TS 119 102-2 (issue 16.5), and its print.

The indication follows the standard's main status (TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE) with the
sub-indication the verifier gave; the report carries the signature's constraints as run, the certificate chain,
the signer's qualification and authority, and the signing time. It is JSON in the standard's shape, not the
standard's XML schema: the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kria_shared.documents import Block, Document, Field, Heading, Note, Table

MAIN_STATUS = {"PASSED": "TOTAL-PASSED", "FAILED": "TOTAL-FAILED", "INDETERMINATE": "INDETERMINATE"}
STATUS_WORDS = {"TOTAL-PASSED": "подпись действительна", "TOTAL-FAILED": "подпись недействительна",
                "INDETERMINATE": "действительность подписи не установлена"}
QUALIFICATION_CHECKS = ("qualified_fields", "qualified_status")
AUTHORITY_CHECKS = ("authorised_signer", "bureau")
CHECK_WORDS = {
    "content": "содержимое передано", "format": "формат CMS", "signer_certificate": "сертификат подписанта найден",
    "algorithms": "алгоритмы ГОСТ", "signing_certificate_v2": "ссылка на сертификат подписанта",
    "message_digest": "хеш документа совпадает", "signature": "значение подписи верно",
    "validity": "срок действия сертификата", "qualified_fields": "поля квалифицированного сертификата",
    "qualified_status": "статус квалифицированного сертификата", "authorised_signer": "полномочия подписанта",
    "bureau": "подписант — должностное лицо этого бюро", "trust_anchor": "доверенный корневой сертификат",
    "chain_validity": "цепочка сертификатов", "revocation": "отзыв (CRL)", "key_usage": "назначение ключа",
}


@dataclass(frozen=True)
class ChainCertificate:
    subject: str
    issuer: str
    serial_hex: str
    not_before: datetime
    not_after: datetime


def report(verification: Mapping[str, Any], chain: Sequence[ChainCertificate], *, document_streebog256: str,
           document_bytes: int, validated_at: datetime) -> dict[str, Any]:
    checks: dict[str, bool] = dict(verification.get("checks") or {})
    signer = verification.get("signer") or {}
    status = MAIN_STATUS.get(str(verification.get("indication")), "INDETERMINATE")

    def part(names: Sequence[str]) -> bool | None:
        seen = [checks[n] for n in names if n in checks]
        return None if not seen else all(seen)

    return {
        "model": "ETSI TS 119 102-2 (signature validation report): structure followed, JSON instead of its XML",
        "validation_time": validated_at.isoformat(),
        "signed_data": {"streebog256": document_streebog256, "size_bytes": document_bytes},
        "signature": {
            "indication": status,
            "sub_indication": verification.get("sub_indication"),
            "failing_constraint": verification.get("failing_check"),
            "message": verification.get("message"),
            "signing_time": verification.get("signing_time"),
            "signer": None if not signer else {
                "common_name": signer.get("common_name"), "title": signer.get("title"), "ogrn": signer.get("ogrn"),
                "certificate_serial_hex": format(int(signer.get("serial", 0)), "X"),
                "not_before": signer.get("not_before"), "not_after": signer.get("not_after"),
            },
            "qualification": {"qualified": part(QUALIFICATION_CHECKS),
                              "checks": {n: checks[n] for n in QUALIFICATION_CHECKS if n in checks}},
            "authority": {"authorised": part(AUTHORITY_CHECKS),
                          "checks": {n: checks[n] for n in AUTHORITY_CHECKS if n in checks}},
            "constraints": [{"name": n, "status": "PASSED" if ok else "FAILED"} for n, ok in checks.items()],
            "chain": [{"subject": c.subject, "issuer": c.issuer, "serial_hex": c.serial_hex,
                       "not_before": c.not_before.isoformat(), "not_after": c.not_after.isoformat()} for c in chain],
        },
    }


def _yes_no(value: bool | None) -> str:
    return "не проверялось" if value is None else ("да" if value else "нет")


def printed(r: Mapping[str, Any]) -> Document:
    sig = r["signature"]
    signer = sig.get("signer") or {}
    blocks: list[Block] = [
        Heading("Итог проверки"),
        Field("Индикация", f"{sig['indication']} — {STATUS_WORDS[sig['indication']]}"),
        Field("Уточнение (sub-indication)", sig.get("sub_indication") or "—"),
        Field("Время проверки", r["validation_time"]),
        Field("Время подписания (signingTime)", sig.get("signing_time") or "—"),
        Field("Хеш документа (Стрибог-256)", r["signed_data"]["streebog256"]),
        Heading("Подписант"),
        Field("Владелец сертификата", str(signer.get("common_name") or "—")),
        Field("Должность", str(signer.get("title") or "—")),
        Field("Серийный номер сертификата", str(signer.get("certificate_serial_hex") or "—")),
        Field("Квалифицированный сертификат", _yes_no(sig["qualification"]["qualified"])),
        Field("Полномочия подписывать от имени бюро", _yes_no(sig["authority"]["authorised"])),
        Heading("Цепочка сертификатов"),
        Table(("владелец", "издатель", "серийный номер", "действует"),
              tuple((c["subject"], c["issuer"], c["serial_hex"], f"{c['not_before'][:10]} — {c['not_after'][:10]}")
                    for c in sig["chain"])),
        Heading("Проверки"),
        Table(("проверка", "результат"), tuple((CHECK_WORDS.get(c["name"], c["name"]),
                                                "пройдена" if c["status"] == "PASSED" else "НЕ пройдена")
                                               for c in sig["constraints"])),
        Note("Отчет построен по структуре ETSI TS 119 102-2 (отчет о проверке подписи) в формате JSON/PDF, не по "
             "XML-схеме стандарта; алгоритмы — ГОСТ Р 34.10-2012 / 34.11-2012."),
    ]
    return Document(title="Отчет о проверке электронной подписи", number="", blocks=tuple(blocks),
                    header=("Служба подписи KRiA",), keywords=("КРиА", "проверка подписи"))
