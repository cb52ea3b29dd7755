"""The run's printable documents under ``<var>/documents/``: MSE documents, protocols, conclusions, settlement
acts and the payment registry.

Each fetched over its owner's API by whom may read it: the MSE documents (certificates) by the Social Fund's
operator, the protocols (assessment) by their organisation, the conclusions (signing) by the bureau's head,
with the verification each conclusion's QR code opens, the settlement acts and the period's payment registry
(certificates) by the Social Fund's operator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console

from kria_cli.demo.scenario import Region
from kria_cli.journey.actors import Actor

KINDS = {"form": "svedeniya", "sfr": "vypiska-sfr", "organisation": "vypiska-organizaciya",
         "parents": "vypiska-roditeli"}


async def mse_forms(sfr: Actor, issued: list[dict[str, Any]], out: Path) -> list[dict[str, Any]]:
    """One entry per certificate: its number (the protocol's NNN.BB.RR/YYYY) and the path of each document."""
    directory = out / "mse_forms"
    directory.mkdir(parents=True, exist_ok=True)
    listed = []
    for entry in issued:
        cid = entry["certificate_id"]
        number = (await sfr.get("certificates", f"/v1/certificates/{cid}"))["protocol_number"]
        files = {}
        for kind, stem in KINDS.items():
            body = await sfr.get("certificates", f"/v1/certificates/{cid}/mse-documents/{kind}",
                                 params={"format": "pdf"})
            path = directory / f"{stem}-{number.replace('/', '-')}.pdf"
            path.write_bytes(body)
            files[kind] = str(path)
        listed.append({"certificate_id": cid, "number": number, "files": files})
    return listed


async def protocols(providers: dict[str, Actor], details: dict[str, Any], conclusions: list[dict[str, Any]],
                    out: Path) -> list[dict[str, Any]]:
    """The protocol PDF of every course that reached a conclusion, fetched by its organisation."""
    directory = out / "protocols"
    directory.mkdir(parents=True, exist_ok=True)
    listed = []
    for c in conclusions:
        cid = c["certificate_id"]
        org = (details.get(cid) or {}).get("organisation_id")
        if org not in providers:
            continue
        body = await providers[org].get("assessment", f"/v1/courses/{cid}/protocol.pdf")
        path = directory / f"protocol-{c['protocol_id']}.pdf"
        path.write_bytes(body)
        listed.append({"certificate_id": cid, "number": c["protocol_id"], "path": str(path)})
    return listed


async def conclusions(head: Actor, listed_conclusions: list[dict[str, Any]], out: Path) -> list[dict[str, Any]]:
    """Every signed conclusion's PDF, and the verification its QR code opens (the same address)."""
    directory = out / "conclusions"
    directory.mkdir(parents=True, exist_ok=True)
    listed = []
    for c in listed_conclusions:
        if c.get("state") not in ("signed", "submitted"):
            continue
        cid = c["conclusion_id"]
        detail = await head.get("signing", f"/v1/conclusions/{cid}")
        body = await head.get("signing", f"/v1/conclusions/{cid}/document.pdf")
        path = directory / f"conclusion-{cid}.pdf"
        path.write_bytes(body)
        verified = await head.get("signing", f"/v1/conclusions/{cid}/verification",
                                  params={"streebog256": detail["document_streebog256"]})
        signed = await head.get("signing", f"/v1/conclusions/{cid}/document")  # the very bytes signed (JSON)
        listed.append({"certificate_id": c["certificate_id"], "number": cid, "path": str(path),
                       "signature_valid": bool(verified["valid"]), "document_version": signed["schema_version"],
                       "names_child_act_ipra_signer": _names_everyone(signed)})
    return listed


def _names_everyone(document: dict[str, Any]) -> bool:
    """A v2 conclusion names the child, the MSE act, the IPRA and the signer (issue 16.3); the report counts it."""
    child, act, signer = document.get("child") or {}, document.get("mse_act") or {}, document.get("signer") or {}
    return bool(child.get("snils") and child.get("full_name") and child.get("birth_date") and act.get("number")
                and document.get("ipra_number") and signer.get("full_name") and signer.get("position"))


async def acts(sfr: Actor, details: dict[str, Any], out: Path) -> list[dict[str, Any]]:
    """The act of services delivered of every settled certificate, as PDF and XLSX."""
    directory = out / "acts"
    directory.mkdir(parents=True, exist_ok=True)
    listed = []
    for cid, detail in sorted(details.items()):
        if detail.get("state") != "settled":
            continue
        files = {}
        for fmt in ("pdf", "xlsx"):
            body = await sfr.get("certificates", f"/v1/certificates/{cid}/settlement-act", params={"format": fmt})
            path = directory / f"act-{cid}.{fmt}"
            path.write_bytes(body)
            files[fmt] = str(path)
        listed.append({"certificate_id": cid, "files": files})
    return listed


async def payment_registry(sfr: Actor, out: Path) -> list[dict[str, Any]]:
    """The payment registry of every act of the run (no period bounds: the run is the period), PDF and XLSX."""
    directory = out / "payment_registry"
    directory.mkdir(parents=True, exist_ok=True)
    listed = []
    for fmt in ("pdf", "xlsx"):
        body = await sfr.get("certificates", "/v1/settlements/registry", params={"format": fmt})
        path = directory / f"reestr-platezhej.{fmt}"
        path.write_bytes(body)
        listed.append({"format": fmt, "path": str(path)})
    return listed


async def write_all(sfr: Actor, region: Region, issued: list[dict[str, Any]], data: dict[str, Any], out: Path,
                    console: Console) -> dict[str, Any]:
    """The run's MSE documents, protocols and conclusions under ``out``: the report's ``documents`` entries."""
    mse_forms_listed = await mse_forms(sfr, issued, out)
    protocols_listed = await protocols(region.providers, data["details"], data["conclusions"], out)
    conclusions_listed = await conclusions(region.head, data["conclusions"], out)
    acts_listed = await acts(sfr, data["details"], out)
    registry_listed = await payment_registry(sfr, out)
    console.print(f"documents in {out}: the four MSE documents of {len(mse_forms_listed)} certificates, "
                  f"{len(protocols_listed)} protocols, {len(conclusions_listed)} conclusions, "
                  f"{len(acts_listed)} settlement acts, the payment registry")
    return {"mse_forms": mse_forms_listed, "protocols": protocols_listed, "conclusions": conclusions_listed,
            "acts": acts_listed, "payment_registry": registry_listed}
