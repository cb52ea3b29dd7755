"""The run's last steps: wait until every finished course is settled, then look at the federal window."""

from __future__ import annotations

from typing import Any

import httpx
from rich.console import Console

from kria_cli.demo import report as reporting
from kria_cli.demo.actors import Actor, wait_for


async def settled(sfr: Actor, console: Console, errors: list[str], timeout_s: float = 180.0) -> None:
    """Wait until no certificate waits for its settlement any more (a timeout is recorded, not raised)."""
    waiting: list[str] = []

    async def done() -> bool:
        certs = await reporting.all_certificates(sfr)
        waiting[:] = [c["certificate_id"] for c in certs if c["state"] in ("completed", "terminated_early")]
        return not waiting

    try:
        await wait_for(done, timeout_s=timeout_s, every_s=0.5)
    except TimeoutError:
        errors.append(f"settlement: {len(waiting)} finished certificates still unsettled after {timeout_s:.0f} s")
        console.print(f"[red]{errors[-1]}[/red]")
        return
    console.print("every finished course is settled")
    expired = await sfr.post("certificates", "/v1/admin/expire-sweep")  # unused ones whose 12 months ran out
    console.print(f"expiry sweep: {expired['expired']} unused certificates expired")


async def federal_window(urls: dict[str, str], client: httpx.AsyncClient, ops: Actor) -> dict[str, Any]:
    """The federal bureau reads a submitted conclusion now, and again after the signing clock moved 11 days."""
    federal = Actor(urls, client, "federal-mse", "federal_mse")
    page = await ops.get("signing", "/v1/conclusions?state=submitted&limit=1")
    if not page["items"]:
        return {"checked": False}
    cid = page["items"][0]["conclusion_id"]
    statuses = {}
    for label, days in (("after_submission", 0), ("day_11", 11)):
        if days:
            await ops.post("signing", "/v1/dev/clock", {"advance_days": days})
        r = await client.get(f"{urls['signing']}/v1/conclusions/{cid}", headers=federal.headers)
        statuses[label] = r.status_code
    await ops.post("signing", "/v1/dev/clock", {"advance_days": -11})
    return {"checked": True, "conclusion_id": cid, **statuses}
