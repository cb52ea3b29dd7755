"""The run's printable documents under ``<var>/documents/``: the four MSE documents of every issued certificate.

Fetched over certificates' API as the Social Fund's operator would download them (PDF). The protocols, the
conclusions, the settlement acts and the payment registry of issue 16 are not rendered yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kria_cli.demo.actors import Actor

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
