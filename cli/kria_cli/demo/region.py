"""One pilot region played against the running stack: set-up, import, courses, bureau, report."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress

from kria_cli.demo import clocks, closing, fates, price_lists
from kria_cli.demo import documents as printed
from kria_cli.demo import report as reporting
from kria_cli.demo.families import DEMO_FAMILY_SNILS
from kria_cli.demo.heads import organisation_heads
from kria_cli.demo.population import Child, Offer, generate, to_export
from kria_cli.demo.scenario import Region, bureau_work, run_child
from kria_cli.demo.summary import print_summary
from kria_cli.demo.topics import events_total
from kria_cli.journey import Instruments, lookups
from kria_cli.journey.actors import Actor
from kria_cli.stack import Stack


@dataclass
class Cast:
    """The region's people once set up: the operator (who also moves the services' clocks), the social fund's
    office and the rest of ``region``, and the register's organisations they serve."""

    operator: Actor
    region: Region
    providers: list[dict[str, Any]]


async def assemble(urls: dict[str, str], client: httpx.AsyncClient, seed: int, rng: random.Random,
                   pki_dir: Path) -> Cast:
    ops = Actor(urls, client, "platform-operator", "platform_operator", "mse_head")
    head_snils = await lookups.bureau_head_snils(ops)
    sfr = Actor(urls, client, "sfr-operator-1", "sfr_operator")
    region = Region(
        sfr=sfr, expert=Actor(urls, client, "mse-expert-1", "mse_expert"),
        head=Actor(urls, client, "mse-head", "mse_head", snils=head_snils), providers={}, rng=rng, seed=seed,
        instruments=await Instruments.fetch(Actor(urls, client, "probe", "platform_operator")),
    )
    # Every pilot region's organisations (real and generated) take part: an export's children may live in
    # any pilot region, and each is served by an organisation of their own region.
    providers = await sfr.get("certificates", "/v1/providers")
    for p in providers:
        region.providers[p["organisation_id"]] = Actor(urls, client, f"staff-{p['organisation_id']}", "provider",
                                                       org=p["organisation_id"])
    region.heads = organisation_heads(urls, client, [p["organisation_id"] for p in providers], pki_dir)
    return Cast(ops, region, providers)


async def children_of_export(cast: Cast, args: argparse.Namespace, console: Console
                             ) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Child]]:
    """The MSE export (generated, or the given file) imported by the office: the import's answer, the issued
    rows and the child of each issued certificate; the services' clocks caught up with the latest decision."""
    region, sfr = cast.region, cast.region.sfr
    found = await lookups.offers(sfr, args.region, [p for p in cast.providers if p["region"] == args.region])
    children, export = _population(args, list(found), region.rng)
    console.print(f"MSE export: {len(children) if children else '?'} children; importing...")
    imported = await sfr.call("certificates", "POST", "/v1/mse-imports", content=export.encode(),
                              headers={"content-type": "text/csv"})
    issued = [r for r in imported["entries"] if r["outcome"] == "issued"]
    console.print(f"import: {imported['totals']}")
    # The office records the demo families' SNILS (from their applications) on the first issued certificates,
    # so that a family signing in to the console finds its child (console/kria_console/people.py).
    for (_, _, snils), entry in zip(DEMO_FAMILY_SNILS, issued, strict=False):
        await sfr.put("certificates", f"/v1/certificates/{entry['certificate_id']}/representative",
                      {"snils": snils})
    families = await _children(region, issued, {c.row: c for c in children})
    shift = await clocks.catch_up(cast.operator, max((c.decided_on for c in families.values()), default=None),
                                  region.today)
    if shift:
        region.today += timedelta(days=shift)
        console.print(f"the services' clocks moved {shift} days ahead: the export's latest decision is too "
                      "recent for its course to have ended by today")
    return imported, issued, families


async def play(args: argparse.Namespace, stack: Stack, bootstrap: str, prefix: str, console: Console,
               t0: float) -> dict[str, Any]:
    urls = {n: stack.url(n) for n in stack.services}
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        cast = await assemble(urls, client, args.seed, rng, stack.var_dir / "pki")
        ops, region, sfr = cast.operator, cast.region, cast.region.sfr
        approved = await price_lists.approve_all(urls, client, region.providers, cast.providers, console)
        imported, issued, families = await children_of_export(cast, args, console)
        await _courses(region, issued, families, args, console)
        await closing.settled(sfr, console, region.errors)
        federal, documents = await closing.after_run(urls, client, ops, sfr, stack.var_dir, region.today)
        since_ms = int((time.time() - (time.monotonic() - t0)) * 1000)  # the run's start on the wall clock
        data = await reporting.collect(sfr, region.head, region.providers, imported, stack.var_dir / "ecp",
                                       bootstrap, prefix, since_ms)
        documents["price_lists"] = await price_lists.write_documents(
            approved, stack.var_dir / "documents" / "price-lists", console)
        total = await events_total(bootstrap, prefix)
        documents.update(await printed.write_all(sfr, region, issued, data, stack.var_dir / "documents", console))
    result = reporting.summarise(data, len(imported["entries"]), time.monotonic() - t0, total,
                                 stack.var_dir / "ecp", stack.var_dir / "pki" / "root.pem")
    add_journeys(result, region)
    result.update(federal_access=federal, documents=documents)
    print_summary(console, result)
    return result


def add_journeys(result: dict[str, Any], region: Region) -> None:
    """How the journeys ended, and the errors that stopped any (a stall fails ``scenario_finished``)."""
    # A stall ends the run with this report (and a non-zero exit) instead of a hang or a bare traceback.
    result["invariants"]["scenario_finished"] = not region.errors
    result["errors"] = list(region.errors)
    result["journeys"] = dict(region.outcomes)


def _population(args: argparse.Namespace, offers: list[Offer], rng: random.Random) -> tuple[list[Child], str]:
    if args.mse_export:
        return [], args.mse_export.read_text(encoding="utf-8-sig")
    children = generate(args.children, rng, offers, lookups.subgroups(), date.today())
    return children, export_of(children)


def export_of(children: list[Child]) -> str:
    """The children as the MSE information system exports them, in the columns of the shipped example."""
    example = resources.files("kria_certificates").joinpath("examples/mse_export_example.csv")
    header = next(csv.reader(io.StringIO(example.read_text("utf-8-sig")), delimiter=";"))
    return to_export(children, header)


async def _children(region: Region, issued: list[dict[str, Any]], by_row: dict[int, Child]) -> dict[str, Child]:
    """The child of each issued certificate: generated, or read back from the certificate (MSE export)."""
    sem = asyncio.Semaphore(16)

    async def one(row: dict[str, Any]) -> tuple[str, Child]:
        async with sem:
            cid = row["certificate_id"]
            return cid, by_row.get(row["row"]) or await _child_from_certificate(region, cid, row["row"])

    return dict(await asyncio.gather(*(one(r) for r in issued)))


async def _courses(region: Region, issued: list[dict[str, Any]], families: dict[str, Child],
                   args: argparse.Namespace, console: Console) -> None:
    sem = asyncio.Semaphore(args.concurrency)
    stop = asyncio.Event()
    with Progress(console=console, transient=False) as progress:
        courses = progress.add_task("courses", total=len(issued))
        signed = progress.add_task("conclusions submitted", total=None)
        region.progress = lambda n: progress.update(signed, completed=n)

        async def one(row: dict[str, Any]) -> None:
            async with sem:
                cid = row["certificate_id"]
                child = families[cid]
                org = None if child.fate in fates.SKIPPED else await _choose_org(region, cid, child)
                outcome = (await fates.skip(region, child, cid) if child.fate in fates.SKIPPED
                           else "no_provider" if org is None else await run_child(region, child, cid, org))
                region.outcomes[outcome] += 1
                progress.advance(courses)

        bureau = asyncio.create_task(bureau_work(region, 0, stop))
        await asyncio.gather(*(one(r) for r in issued))
        expected = sum(n for k, n in region.outcomes.items() if k in ("completed", "terminated_early"))
        stop.set()
        bureau.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bureau
        if not await bureau_work(region, expected, stop):
            console.print(f"[red]{region.errors[-1]}[/red]")


async def _child_from_certificate(region: Region, cid: str, row: int) -> Child:
    """A child of an MSE export file: the family's choices are drawn from the seed and the export row."""
    c = await region.sfr.get("certificates", f"/v1/certificates/{cid}")
    ch = c["child"]
    rng = random.Random(f"{region.seed}-family-{row}")  # not the course's own draws (seeded by the row too)
    child = Child(row=row, region=c["region"], municipality=c["municipality"], group=c["target_groups"]["main"],
                  subgroup=c["target_groups"]["main"], birth_date=date.fromisoformat(ch["birth_date"]),
                  decided_on=date.fromisoformat(c["decided_on"]),
                  established_on=date.fromisoformat(c["disability_established_on"]), snils="", sex=ch["sex"],
                  first="", last="", patronymic="")
    child.form = "inpatient" if rng.random() < 0.4 else "semi_inpatient"
    return child


async def _choose_org(region: Region, cid: str, child: Child) -> str | None:
    """The family chooses an organisation registered for the child's group, municipality and age band."""
    band = lookups.age_band(lookups.age_on(child.birth_date, child.decided_on))  # the decision's age governs
    group = child.subgroup.split(".")[0]
    found = await region.sfr.get(
        "certificates", "/v1/providers",
        params={"region": child.region, "target_group": group, "municipality": child.municipality, "age_band": band})
    return found[0]["organisation_id"] if found else None
