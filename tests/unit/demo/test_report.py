"""The demo report: invariants that an empty run cannot pass, and the face value of every issued certificate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kria_cli.demo.report import summarise

FACE = {"inpatient": 30_000_00, "semi_inpatient": 20_000_00}


def cert(cid: str, state: str, value: int | None = None, **detail: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    summary = {"certificate_id": cid, "state": state, "face_values_kopecks": FACE, "value_kopecks": value,
               "organisation_id": "org-1" if value is not None else None}
    return summary, {**summary, **detail}


def data(*certs: tuple[dict[str, Any], dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"certs": [s for s, _ in certs], "details": {s["certificate_id"]: d for s, d in certs if d["value_kopecks"]},
            "costs": {}, "courses": {}, "conclusions": [], "by_cert": {}, "verified": {}, "dlq": 0,
            "import": {"entries": []}, **extra}


def report(d: dict[str, Any]) -> dict[str, Any]:
    return summarise(d, children=len(d["certs"]), elapsed_s=1.0, events_total=0, ecp_dir=Path("ecp"),
                     trust_anchor=Path("root.pem"))


def test_a_run_where_nothing_finished_fails_the_invariants() -> None:
    r = report(data(cert("c1", "issued"), cert("c2", "reserved", 20_000_00)))
    assert r["invariants"]["every_finished_course_has_signed_conclusion"] is False
    assert r["invariants"]["settled_within_value"] is False


def test_face_value_counts_certificates_without_an_organisation_too() -> None:
    r = report(data(cert("c1", "issued"), cert("c2", "reserved", 20_000_00), cert("c3", "expired")))
    # c2 its chosen form; c1 and c3 (no form chosen) the largest face value they may cost.
    assert r["money"]["face_value_kopecks"] == 20_000_00 + 2 * 30_000_00


def test_a_settled_certificate_within_its_value_passes() -> None:
    settled = cert("c1", "settled", 20_000_00, paid_kopecks=15_000_00, released_kopecks=5_000_00)
    over = cert("c2", "settled", 20_000_00, paid_kopecks=25_000_00, released_kopecks=0)
    assert report(data(settled))["invariants"]["settled_within_value"] is True
    assert report(data(settled, over))["invariants"]["settled_within_value"] is False
