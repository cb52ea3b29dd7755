"""The run's last steps: wait until every finished course is settled, look at the federal window, and write the
documents of the run (the monitoring report's XLSX)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from kria_cli.demo import report as reporting
from kria_cli.journey.actors import Actor, paged, wait_for


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
    """The federal bureau lists the conclusions inside its window and reads one, then again 11 days later."""
    federal = Actor(urls, client, "federal-mse", "federal_mse")
    listed = await paged(federal, "signing", "/v1/federal/conclusions", page=500)
    if not listed:
        return {"checked": False, "inside_window": []}
    cid = listed[0]["conclusion_id"]
    statuses = {}
    for label, days in (("after_submission", 0), ("day_11", 11)):
        if days:
            await ops.post("signing", "/v1/dev/clock", {"advance_days": days})
        r = await client.get(f"{urls['signing']}/v1/conclusions/{cid}", headers=federal.headers)
        statuses[label] = r.status_code
    listed_day_11 = (await federal.get("signing", "/v1/federal/conclusions?limit=1"))["total"]
    await ops.post("signing", "/v1/dev/clock", {"advance_days": -11})
    progress = await federal.get("signing", "/v1/federal/progress")
    inside = [{k: c.get(k) for k in ("conclusion_id", "certificate_id", "region", "organisation_id", "verdict",
                                     "reason", "submitted_at", "federal_access_until")} for c in listed]
    return {"checked": True, "conclusion_id": cid, **statuses, "inside_window": inside,
            "listed_on_day_11": listed_day_11, "progress": progress}


async def documents(sfr: Actor, var_dir: Path, today: date) -> dict[str, Any]:
    """The monitoring report (order 525н) of the run's year as XLSX, downloaded from the certificates service."""
    out = var_dir / "documents" / "monitoring" / f"monitoring-{today.year}-year.xlsx"
    body = await sfr.get("certificates", f"/v1/reports/monitoring/xlsx?year={today.year}&period=year")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    return {"monitoring": str(out)}


async def after_run(urls: dict[str, str], client: httpx.AsyncClient, ops: Actor, sfr: Actor, var_dir: Path,
                    today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return await federal_window(urls, client, ops), await documents(sfr, var_dir, today)
