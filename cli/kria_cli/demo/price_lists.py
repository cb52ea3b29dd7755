"""The demo's price lists: each organisation's economist drafts from the example normalisation, its head approves
the draft by an order (four eyes), and every approved list is downloaded as XLSX and PDF documents."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import yaml
from rich.console import Console

from kria_cli.journey.actors import Actor

DOWNLOADS_IN_FLIGHT = 4  # the costing service renders as many PDFs at once as it has worker processes


async def approve_all(urls: dict[str, str], client: httpx.AsyncClient, economists: dict[str, Actor],
                      providers: list[dict[str, Any]], console: Console) -> list[dict[str, Any]]:
    """Every organisation's list approved by its head with an order numbered per organisation; the approvals."""
    text = resources.files("kria_costing").joinpath("config/examples/normalisation_example.yaml").read_text("utf-8")
    normalisation = yaml.safe_load(text)
    today = date.today().isoformat()  # the services' Moscow day is never earlier than the machine's UTC day
    approved = []
    for n, p in enumerate(providers, start=1):
        org = p["organisation_id"]
        draft = await economists[org].post("costing", f"/v1/organisations/{org}/price-lists", normalisation)
        head = Actor(urls, client, f"head-{org}", "provider_head", org=org)
        order = {"order_number": f"{n}-ОД", "order_date": today, "effective_from": today}
        body = await head.post("costing", f"/v1/organisations/{org}/price-lists/{draft['version']}/approve", order)
        approved.append({**body, "region": p["region"], "head": head})
    console.print(f"price lists drafted by the economists and approved by the heads of {len(approved)} organisations")
    return approved


async def write_documents(approved: list[dict[str, Any]], out: Path, console: Console) -> list[dict[str, Any]]:
    """Every approved list (all regions) as XLSX and PDF, downloaded from the costing API a few at a time: the
    service renders each PDF in a worker process, so several requests in flight keep its cores busy."""
    started = time.monotonic()
    gate = asyncio.Semaphore(DOWNLOADS_IN_FLIGHT)

    async def one(a: dict[str, Any]) -> dict[str, Any]:
        org, version = a["organisation_id"], a["version"]
        paths = {}
        for fmt in ("xlsx", "pdf"):
            async with gate:
                content = await a["head"].get("costing",
                                              f"/v1/organisations/{org}/price-lists/{version}/document.{fmt}")
            path = out / f"preyskurant-{org}-v{version}.{fmt}"
            await asyncio.to_thread(_save, path, content)
            paths[fmt] = str(path)
        return {"organisation_id": org, "region": a["region"], "version": version, "order": a["order"],
                "approved_by": a["approved_by"], **paths}

    written = list(await asyncio.gather(*(one(a) for a in approved)))
    console.print(f"price-list documents: {len(written)} XLSX + PDF pairs in {out} "
                  f"({time.monotonic() - started:.0f} s)")
    return written


def _save(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
