"""MSE decisions in, against the real broker and both stores: the export file and the JSON endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kria_certificates.usecases.intake.file_import import import_bytes_locally
from kria_shared.contracts.topics import Topics
from kria_shared.testing.kafka import read_topic

from .support import decision_json, example_table, export_file, export_row, mse, operator, provider, service

pytestmark = pytest.mark.kafka

# One row per outcome and reason code the issue names (rows are numbered from 1 after the header).
ROWS = [
    (export_row(1), "issued", None),
    (export_row(2, **{"Дата рождения": "16.10.2022 0:00"}), "refused", "age_out_of_range"),  # 3 years old
    (export_row(3, **{"№ протокола": "703.8.77/2026"}), "refused", "not_pilot_region"),
    (export_row(4, **{"Медицинские показания": "нет"}), "refused", "no_medical_indications"),
    (export_row(5, **{"Противопоказания": "да"}), "refused", "contraindications"),
    (export_row(6, **{"СНИЛС": export_row(1)[5]}), "refused", "active_certificate_exists"),  # row 1's child again
    (export_row(7, **{'Инвалидность установлена "с"': "14.10.2025 0:00"}), "refused", "right_expired"),
    (export_row(8, **{"СНИЛС": "123-400-000 71"}), "invalid", "invalid_snils"),
    (export_row(9, **{"ЦРГ": "12.4"}), "invalid", "unknown_target_group"),
    (export_row(10, **{"Дата вынесения решения": ""}), "invalid", "missing_field"),
    (export_row(11, **{"Дата рождения": "31.02.2012"}), "invalid", "bad_date"),
    (export_row(12, **{"ЦРГ": "1.3", "ЦРГ дополнительные": "5, 7.1"}), "issued", None),
]


async def test_an_export_file_with_every_reason_code_then_the_same_file_again(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    data = export_file([row for row, _, _ in ROWS])  # BOM, CRLF, columns reversed, headers lower-cased
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        r = await svc.client.post("/v1/mse-imports", files={"file": ("export.csv", data, "text/csv")}, headers=mse())
        assert r.status_code == 200, r.text
        report = r.json()
        got = [(e["row"], e["outcome"], e["code"]) for e in report["entries"]]
        assert got == [(i, outcome, code) for i, (_, outcome, code) in enumerate(ROWS, start=1)]
        assert report["totals"] == {"issued": 2, "refused": 6, "invalid": 4, "held": 0}
        first = report["entries"][0]
        assert first["snils_masked"].startswith("***-***-*") and first["snils_masked"][-5:] == ROWS[0][0][5][-5:]
        assert all((e["certificate_id"] is not None) == (e["outcome"] == "issued") for e in report["entries"])
        assert next(e for e in report["entries"] if e["code"] == "missing_field")["field"] == "decided_on"

        csv_body = {**operator(), "content-type": "text/csv"}
        again = await svc.client.post("/v1/mse-imports", content=data, headers=csv_body)
        assert again.status_code == 200
        assert [(e["outcome"], e["code"], e["certificate_id"]) for e in again.json()["entries"]] == [
            (e["outcome"], e["code"], e["certificate_id"]) for e in report["entries"]
        ]
        assert again.json()["replayed"] == len(ROWS)
        assert len(await svc.outbox("CertificateIssued")) == 2
        assert len(await svc.outbox("DecisionRefused")) == 10
        listed = await svc.client.get("/v1/certificates", headers=operator())
        assert listed.json()["count"] == 2

        issued = await svc.outbox("CertificateIssued")
        payload = issued[0]["data"]
        assert set(payload) >= {"certificate_id", "child_id", "face_values_kopecks", "valid_until"}
        assert "snils" not in str(issued).lower() and "Смирнов" not in str(issued)  # no personal data in events
        assert payload["face_values_kopecks"] == {"semi_inpatient": 10_000_000, "inpatient": 11_539_500}
        # the MSE's baseline (columns 17-23) is kept and passed on
        assert payload["mse_limitations"] == {"behaviour_control": 0, "learning": 1, "communication": 0,
                                              "orientation": 0, "mobility": 0, "self_care": 2, "work_play": 0}
        on_broker = await read_topic(kafka_bootstrap, svc.prefix + Topics.CERTIFICATES, expect=12, timeout_s=30)
        assert len(on_broker) == 12


async def test_the_json_endpoint_validates_the_same_way_and_a_resend_is_answered_with_the_first_outcome(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        r = await svc.client.post("/v1/mse-decisions", json=decision_json(1), headers=mse())
        assert r.status_code == 201, r.text
        cid = r.json()["certificate_id"]
        resend = await svc.client.post("/v1/mse-decisions", json=decision_json(1), headers=operator())
        assert (resend.status_code, resend.json()["certificate_id"], resend.json()["replayed"]) == (200, cid, True)

        other = await svc.client.post("/v1/mse-decisions", json=decision_json(1, protocol_number="9.8.66/2026"),
                                      headers=mse())
        assert (other.status_code, other.json()["outcome"], other.json()["code"]) == (
            200, "refused", "active_certificate_exists")
        bad = await svc.client.post("/v1/mse-decisions", json=decision_json(2, birth_date="2012-13-01"), headers=mse())
        assert bad.status_code == 422
        assert bad.json()["error"] == "bad_date" and bad.json()["details"]["field"] == "birth_date"
        no_group = await svc.client.post("/v1/mse-decisions", json=decision_json(3, target_group=None), headers=mse())
        assert (no_group.status_code, no_group.json()["details"]["field"]) == (422, "target_group")
        by_address = await svc.client.post("/v1/mse-decisions", headers=mse(), json=decision_json(
            4, municipality=None, address="622001, Свердловская обл; г. Нижний Тагил, ул. Мира, 1"))
        assert by_address.status_code == 201
        assert (await svc.certificate(by_address.json()["certificate_id"]))["municipality"] == "Нижний Тагил"
        wrong_shape = await svc.client.post("/v1/mse-decisions", json={"snils": 12}, headers=mse())
        assert wrong_shape.status_code == 422
        forbidden = await svc.client.post("/v1/mse-decisions", json=decision_json(5), headers=provider("org-x"))
        assert forbidden.status_code == 403
        assert len(await svc.outbox("CertificateIssued")) == 2
        assert [e["data"]["code"] for e in await svc.outbox("DecisionRefused")] == [
            "active_certificate_exists", "bad_date", "missing_field"]


async def test_the_command_line_import_writes_to_the_store_and_the_service_publishes(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    data = export_file([export_row(1), export_row(2, **{"СНИЛС": "bad"})], bom=False, crlf=False)
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        report = await import_bytes_locally("file.csv", data, svc.settings)
        assert [(e["row"], e["outcome"], e["code"]) for e in report["entries"]] == [
            (1, "issued", None), (2, "invalid", "invalid_snils")]
        cid = report["entries"][0]["certificate_id"]
        records = await read_topic(kafka_bootstrap, svc.prefix + Topics.CERTIFICATES, expect=2, timeout_s=30)
        assert {r.key for r in records} >= {cid.encode()}  # published by the running service's relay
        assert (await svc.certificate(cid))["state"] == "issued"
        unreadable = await import_bytes_locally("bad.csv", "Фамилия;Имя\n".encode("cp1251"), svc.settings)
        assert unreadable["error"] == "unreadable_file"


def broken_file(base: int) -> tuple[bytes, str]:
    """Five rows: 2 opens a quote that never closes, 4 has a 200 000-character address; 1, 3 and 5 are good."""
    snils = export_row(base + 2)[5]
    rows = [export_row(base + 1), export_row(base + 2, **{"СНИЛС": "@unbalanced@"}), export_row(base + 3),
            export_row(base + 4, Адрес="ул. " + "д" * 200_000), export_row(base + 5)]
    data = export_file(rows).replace(b";@unbalanced@;", f';"{snils};'.encode())
    return data, snils


EXPECTED_BROKEN = [(1, "issued", None, None), (2, "invalid", "malformed_row", "snils"), (3, "issued", None, None),
                   (4, "invalid", "bad_value", "address"), (5, "issued", None, None)]


async def test_a_malformed_record_and_an_overlong_value_are_invalid_rows_and_the_rest_of_the_file_is_taken(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    data, snils = broken_file(40)
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        r = await svc.client.post("/v1/mse-imports", files={"file": ("broken.csv", data, "text/csv")}, headers=mse())
        assert r.status_code == 200, r.text
        entries = r.json()["entries"]
        assert [(e["row"], e["outcome"], e["code"], e.get("field")) for e in entries] == EXPECTED_BROKEN
        assert entries[1]["snils_masked"][-5:] == snils[-5:]  # the row is recognisable in the report
        again = await svc.client.post("/v1/mse-imports", content=data, headers={**operator(),
                                                                               "content-type": "text/csv"})
        assert again.status_code == 200 and again.json()["replayed"] == 5
        assert len(await svc.outbox("CertificateIssued")) == 3
        assert sorted(e["data"]["code"] for e in await svc.outbox("DecisionRefused")) == ["bad_value", "malformed_row"]

        # the command line's path (into the store, without HTTP) reads the same way
        local, _ = broken_file(50)
        report = await import_bytes_locally("broken.csv", local, svc.settings)
        assert [(e["row"], e["outcome"], e["code"], e.get("field")) for e in report["entries"]] == EXPECTED_BROKEN


async def test_control_characters_are_refused_with_the_field_named_on_both_channels_and_both_stores(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        for n, changes, field in [(60, {"last_name": "Тес\u0000тов"}, "last_name"),
                                  (61, {"municipality": "Екатеринбург\u0007"}, "municipality")]:
            r = await svc.client.post("/v1/mse-decisions", content=json.dumps(decision_json(n, **changes)),
                                      headers={**mse(), "content-type": "application/json"})  # \ud800 escaped
            assert r.status_code == 422, r.text
            body = r.json()
            assert (body["error"], body["details"]["field"], body["details"]["outcome"]) == ("bad_value", field,
                                                                                             "invalid")
            assert "Тес" not in body["message"]  # the reason names the character, not the text
        # A lone surrogate is not text at all: the kit's strict JSON refuses the body before the intake sees it.
        surrogate = json.dumps(decision_json(62, patronymic="Тест\ud800ович"))  # \ud800 escaped
        r = await svc.client.post("/v1/mse-decisions", content=surrogate,
                                  headers={**mse(), "content-type": "application/json"})
        assert r.status_code == 422 and r.json()["details"]["field"] == "patronymic", r.text
        assert "Тес" not in r.json()["message"]
        data = export_file([export_row(63, Фамилия="Ив\x00анов"), export_row(64)])
        r = await svc.client.post("/v1/mse-imports", files={"file": ("nul.csv", data, "text/csv")}, headers=mse())
        assert r.status_code == 200, r.text
        assert [(e["outcome"], e["code"], e.get("field")) for e in r.json()["entries"]] == [
            ("invalid", "bad_value", "last_name"), ("issued", None, None)]
        assert len(await svc.outbox("CertificateIssued")) == 1


def sverdlovsk_in(n: int, year: int) -> dict[str, object]:
    return decision_json(n, protocol_number=f"{900 + n}.8.66/{year}", decided_on=f"{year}-10-15",
                         birth_date=f"{year - 10}-05-03", disability_established_on=f"{year}-10-12")


async def test_a_pilot_year_without_a_face_value_is_refused_as_such_not_as_outside_the_pilot(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        first_year = await svc.client.post("/v1/mse-decisions", json=sverdlovsk_in(70, 2022), headers=mse())
        assert first_year.status_code == 201, first_year.text  # Sverdlovsk ran the pilot in 2022
        cert = await svc.certificate(first_year.json()["certificate_id"])
        assert cert["face_values_kopecks"] == {"semi_inpatient": 7_980_000, "inpatient": 10_290_000}
        assert cert["face_values_assumed"] is False

        no_value = await svc.client.post("/v1/mse-decisions", json=sverdlovsk_in(71, 2023), headers=mse())
        assert (no_value.status_code, no_value.json()["outcome"], no_value.json()["code"]) == (
            200, "refused", "no_face_value")
        outside = await svc.client.post("/v1/mse-decisions", headers=mse(),
                                        json=decision_json(72, protocol_number="972.8.77/2026"))
        assert outside.json()["code"] == "not_pilot_region"
        assert [e["data"]["code"] for e in await svc.outbox("DecisionRefused")] == [
            "no_face_value", "not_pilot_region"]


async def test_a_child_whose_earlier_certificate_ended_gets_no_second_one_and_a_flag_in_the_file_refuses(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    async with service(kafka_bootstrap, database_url, tmp_path) as svc:
        first = await svc.client.post("/v1/mse-decisions", json=decision_json(80), headers=mse())
        cid = first.json()["certificate_id"]
        annul = await svc.client.post(f"/v1/certificates/{cid}/annul", json={"reason": "category_withdrawn"},
                                      headers=operator())
        assert annul.status_code == 200, annul.text
        again = await svc.client.post("/v1/mse-decisions", headers=mse(),
                                      json=decision_json(80, protocol_number="990.8.66/2026", first_time=True))
        assert (again.status_code, again.json()["outcome"], again.json()["code"]) == (
            200, "refused", "earlier_certificate_exists")

        header = ";".join([*example_table()[0], "Впервые"])
        rows = [";".join(f'"{c}"' for c in [*export_row(n), flag]) for n, flag in ((81, "нет"), (82, "да"))]
        flagged = "\n".join([header, *rows]).encode()
        r = await svc.client.post("/v1/mse-imports", files={"file": ("f.csv", flagged, "text/csv")}, headers=mse())
        assert [(e["outcome"], e["code"]) for e in r.json()["entries"]] == [
            ("refused", "not_first_time"), ("issued", None)]
        assert len(await svc.outbox("CertificateIssued")) == 2
