"""The run's report, computed by reading every service's API (never by trusting the simulator)."""

from __future__ import annotations

import base64
from collections import Counter
from pathlib import Path
from typing import Any

from kria_cli.demo import published
from kria_cli.demo.topics import dlq_events
from kria_cli.journey.actors import Actor, ApiError, paged

FINISHED = {"completed", "terminated_early", "settled"}


async def all_certificates(sfr: Actor) -> list[dict[str, Any]]:
    return await paged(sfr, "certificates", "/v1/certificates", page=1000)


async def collect(
    sfr: Actor, head: Actor, providers: dict[str, Actor], import_report: dict[str, Any], ecp_dir: Path,
    bootstrap: str, prefix: str = "", since_ms: int | None = None,
) -> dict[str, Any]:
    certs = await all_certificates(sfr)
    details = {c["certificate_id"]: await sfr.get("certificates", f"/v1/certificates/{c['certificate_id']}")
               for c in certs if c.get("organisation_id")}
    costs: dict[str, Any] = {}
    for cid in details:
        try:
            costs[cid] = await sfr.get("costing", f"/v1/certificates/{cid}/costs")
        except ApiError as exc:
            if exc.status != 404:
                raise
    courses: dict[str, Any] = {}
    for cid, d in details.items():
        org = d.get("organisation_id")
        if org in providers and d.get("start_date"):
            try:
                courses[cid] = await providers[org].get("assessment", f"/v1/courses/{cid}")
            except ApiError as exc:
                if exc.status != 404:
                    raise
    conclusions = await _conclusions(head)
    by_cert = {c["certificate_id"]: c for c in conclusions}
    verified = await _verify_all(head, conclusions, ecp_dir)
    dlq = await dlq_events(bootstrap, prefix, since_ms)
    return {"certs": certs, "details": details, "costs": costs, "courses": courses, "conclusions": conclusions,
            "by_cert": by_cert, "verified": verified, "dlq": dlq, "import": import_report}


async def _conclusions(head: Actor) -> list[dict[str, Any]]:
    items = await paged(head, "signing", "/v1/conclusions")
    return [await head.get("signing", f"/v1/conclusions/{c['conclusion_id']}") for c in items]


async def _verify_all(head: Actor, conclusions: list[dict[str, Any]], ecp_dir: Path) -> dict[str, bool]:
    """Verify what was submitted to the ЕЦП (the files), through the bureau's verification endpoint."""
    result: dict[str, bool] = {}
    for c in conclusions:
        cid = c["conclusion_id"]
        doc, sig = ecp_dir / f"{cid}.json", ecp_dir / f"{cid}.p7s"
        if not (doc.exists() and sig.exists()):
            result[cid] = False
            continue
        report = await head.post("signing", "/v1/verify", {
            "document": base64.b64encode(doc.read_bytes()).decode(),
            "signature": base64.b64encode(sig.read_bytes()).decode()})
        result[cid] = report.get("indication") == "PASSED"
    return result


def summarise(data: dict[str, Any], children: int, elapsed_s: float, events_total: int,
              ecp_dir: Path, trust_anchor: Path) -> dict[str, Any]:
    details, costs, courses, by_cert = data["details"], data["costs"], data["courses"], data["by_cert"]
    imp = data["import"]
    rows = imp.get("entries", [])
    outcome_counts = Counter(r["outcome"] for r in rows)
    code_counts = Counter(f"{r['outcome']}:{r['code']}" for r in rows if r.get("code"))
    states = Counter(c["state"] for c in data["certs"])
    finished = {cid: d for cid, d in details.items() if d["state"] in FINISHED}
    ended = Counter((d.get("termination_reason") and "terminated_early") or "completed" for d in finished.values())
    concl = data["conclusions"]
    ineffective_by = Counter(c.get("reason") or "none" for c in concl if not c["effective"])
    money = {
        # Every issued certificate commits its face value: the chosen form's, else the largest (no form chosen).
        "face_value_kopecks": sum(_face_value(c) for c in data["certs"]),
        "estimated_kopecks": sum(d.get("estimate_kopecks") or 0 for d in details.values()),
        "settled_kopecks": sum(d.get("paid_kopecks") or 0 for d in details.values()),
        "released_kopecks": sum(d.get("released_kopecks") or 0 for d in details.values()),
    }
    settled = [d for d in details.values() if d["state"] == "settled"]
    invariants = {  # an empty set proves nothing: a run where nothing settled or finished fails them
        "settled_within_value": bool(settled) and all(_within_value(d) for d in settled),
        "every_finished_course_has_signed_conclusion": bool(finished) and all(
            cid in by_cert and by_cert[cid]["state"] in ("signed", "submitted") for cid in finished),
        "every_signature_verifies": bool(concl) and all(data["verified"].get(c["conclusion_id"]) for c in concl),
        "no_event_in_dlq": data["dlq"] == 0,
        "service_views_agree": _views_agree(details, costs, courses, by_cert),
    }
    return {
        "children": children,
        "import": {"outcomes": dict(outcome_counts), "codes": dict(code_counts),
                   "rows": [{"row": r["row"], "outcome": r["outcome"], "code": r.get("code"),
                             **({"field": r["field"]} if r.get("field") else {})} for r in rows]},
        "certificates": dict(states),
        "courses": {"completed": ended.get("completed", 0), "terminated_early": ended.get("terminated_early", 0)},
        "conclusions": {
            "effective": sum(1 for c in concl if c["effective"]),
            "ineffective": sum(1 for c in concl if not c["effective"]),
            "signed": sum(1 for c in concl if c["state"] in ("signed", "submitted")),
            "verified": sum(1 for v in data["verified"].values() if v),
            "submitted": sum(1 for c in concl if c["state"] == "submitted"),
            "ineffective_by_reason": dict(ineffective_by),
        },
        "money": money,
        "calibration": calibration(concl, states, money["face_value_kopecks"], ineffective_by),
        "invariants": invariants,
        "ecp_dir": str(ecp_dir),
        "trust_anchor": str(trust_anchor),
        "elapsed_s": round(elapsed_s, 1),
        "events_total": events_total,
    }


def calibration(concl: list[dict[str, Any]], states: Counter[str], face_value_kopecks: int,
                ineffective_by: Counter[str]) -> dict[str, Any]:
    """The demo's outcomes beside the pilot's published figures (published.py)."""
    effective = sum(1 for c in concl if c["effective"])
    share = round(effective * 100 / len(concl), 1) if concl else None
    certificates = sum(states.values())
    average = round(face_value_kopecks / certificates / 100) if certificates else None
    low, high = published.EFFECTIVE_BAND
    vlow, vhigh = published.AVERAGE_VALUE_BAND_RUB
    return {
        "demo": {"effective_percent": share, "conclusions": len(concl),
                 "ineffective_by_reason": dict(ineffective_by),
                 "certificates_unused": states.get("issued", 0), "certificates_expired": states.get("expired", 0),
                 "certificates_annulled": states.get("annulled", 0), "average_value_rub": average},
        "published": published.figures(),
        "inside_bands": {"effective_percent": share is not None and low <= share <= high,
                         "average_value_rub": average is not None and vlow <= average <= vhigh},
    }


def _face_value(c: dict[str, Any]) -> int:
    chosen = c.get("value_kopecks")
    return int(chosen) if chosen is not None else int(max((c.get("face_values_kopecks") or {}).values(), default=0))


def _within_value(d: dict[str, Any]) -> bool:
    value, paid, released = d.get("value_kopecks"), d.get("paid_kopecks"), d.get("released_kopecks")
    if value is None or paid is None or released is None:
        return False
    return bool(paid <= value and paid + released == value)


def _views_agree(details: dict[str, Any], costs: dict[str, Any], courses: dict[str, Any],
                 by_cert: dict[str, Any]) -> bool:
    for cid, d in details.items():
        if d["state"] == "settled":
            s = (costs.get(cid) or {}).get("settlement")
            if not s or s["paid_kopecks"] != d["paid_kopecks"] or s["released_kopecks"] != d["released_kopecks"]:
                return False
        if d["state"] in FINISHED:
            course = courses.get(cid)
            if not course or course["state"] != "closed" or course.get("days_used") != d.get("days_used"):
                return False
            expected = "terminated_early" if d.get("termination_reason") else "completed"
            if course.get("outcome") != expected:
                return False
            c = by_cert.get(cid)
            if not c or (c.get("protocol") or {}).get("outcome") != expected:
                return False
        if d.get("estimate_kopecks") is not None:
            est = [e for e in (costs.get(cid) or {}).get("estimates", []) if e.get("estimate_id") == d["estimate_id"]]
            if not est or est[0].get("total_kopecks") != d["estimate_kopecks"]:
                return False
    return True
