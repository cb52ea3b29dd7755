"""`kria demo --keep-running`: work left for the console's people once the report is written.

The demo plays every child to the end and its heads sign every protocol, which would leave the people of the
console's development sign-in (console/kria_console/people.py) nothing to do. So, after the report, a few more
children of one organisation are brought each to a different step over the services' HTTP APIs, with the same
journey code as the demo (``scenario``): a certificate whose family has not chosen yet, a child whose family chose
the organisation and waits to be reserved, a course in progress with a few journal days, a finished course whose
protocol waits for the organisation head's signature, and a child with a signed conclusion for the family to read.

The organisation is the one the sign-in page's economist, head and first specialist work for: the register's
first for ЦРГ 6, Екатеринбург, 14-17 (people.SPECIALISTS_FOR; tests/unit/demo/test_share.py keeps them equal).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from rich.console import Console

from kria_cli.demo import region as playing
from kria_cli.demo.families import DEMO_FAMILY_SNILS
from kria_cli.demo.population import Child, Offer, generate
from kria_cli.demo.scenario import Region, bureau_work, journey_of, reserve, run_child, start, to_protocol
from kria_cli.journey import lookups
from kria_cli.journey.actors import Actor, ApiError, paged, wait_for

OFFER = Offer("66", "6", "Екатеринбург", "14-17")  # the console's SPECIALISTS_FOR
DAYS_KEPT = 3  # the running course's journal: its first days, up to yesterday
FAMILY_1, FAMILY_2 = DEMO_FAMILY_SNILS[0], DEMO_FAMILY_SNILS[1]
# The sign-in page's buttons (console/kria_console/people.py; the test keeps them equal)
ECONOMIST = "Белова Ирина Сергеевна (экономист)"
HEAD = "Громов Олег Петрович (руководитель организации)"
SPECIALIST = "Специалист 1"
SHARE_ROWS = 90000
STEPS = ("choose", "chosen", "in_course", "awaiting_head", "concluded")


@dataclass
class Share:
    organisation: dict[str, Any]
    certificates: dict[str, str]  # step -> certificate id
    price_list_version: int | None


async def prepare(urls: dict[str, str], pki_dir: Path, seed: int, console: Console) -> dict[str, Any]:
    """The share over HTTP; what waits for whom, for the report and the printed summary."""
    async with httpx.AsyncClient(timeout=60) as client:
        cast = await playing.assemble(urls, client, seed, random.Random(f"{seed}-console-share"), pki_dir)
        share = await bring(cast, await services_today(cast.operator))
    console.print(f"задания для консоли готовы: {len(share.certificates)} детей организации "
                  f"{share.organisation['id']}")
    return {"organisation": share.organisation, "certificates": share.certificates, "tasks": waiting(share)}


async def services_today(ops: Actor) -> date:
    """The services' Moscow day (a dev clock moved ahead for an MSE export counts), else the machine's."""
    try:
        now = (await ops.get("assessment", "/v1/dev/clock"))["now"]
    except (ApiError, KeyError):
        return date.today()
    return datetime.fromisoformat(now).astimezone(ZoneInfo("Europe/Moscow")).date()


async def bring(cast: playing.Cast, today: date) -> Share:
    """Five children of the organisation, issued from one MSE export, each taken to its step."""
    region, sfr = cast.region, cast.region.sfr
    fitting = await sfr.get("certificates", "/v1/providers", params={
        "region": OFFER.region, "target_group": OFFER.group, "municipality": OFFER.municipality,
        "age_band": OFFER.age_band})
    if not fitting:
        raise RuntimeError("в реестре нет организации для ЦРГ 6, Екатеринбург, 14-17")
    org = fitting[0]
    oid = org["organisation_id"]
    children = generate(len(STEPS), region.rng, [OFFER], lookups.subgroups(), today)
    for n, child in enumerate(children, start=1):  # every course runs its 21 days, no activity refused
        child.refusals, child.terminate_day, child.terminate_reason = 0, None, None
        child.row = SHARE_ROWS + n  # the MSE protocol numbers follow the demo's export's, never repeat them
    imported = await sfr.call("certificates", "POST", "/v1/mse-imports", content=playing.export_of(children).encode(),
                              headers={"content-type": "text/csv"})
    by_row = {e["row"]: e["certificate_id"] for e in imported["entries"] if e["outcome"] == "issued"}
    if len(by_row) != len(STEPS):
        raise RuntimeError(f"выдано {len(by_row)} сертификатов из {len(STEPS)}: {imported['totals']}")
    cids = {step: by_row[n] for n, step in enumerate(STEPS, start=1)}  # the export's rows in order
    kids = {step: c for step, c in zip(STEPS, children, strict=True)}
    for step, (_, _, snils) in (("choose", FAMILY_1), ("in_course", FAMILY_1), ("chosen", FAMILY_2),
                                ("concluded", FAMILY_2)):
        await sfr.put("certificates", f"/v1/certificates/{cids[step]}/representative", {"snils": snils})
    family_2 = Actor(cast.operator.urls, cast.operator.client, FAMILY_2[0], "legal_representative",
                     snils=FAMILY_2[2])
    await family_2.put("certificates", f"/v1/family/children/{cids['chosen']}/choice",
                       {"organisation_id": oid, "form": kids["chosen"].form, "consent": True})
    await asyncio.gather(in_course(region, kids["in_course"], cids["in_course"], oid, today),
                         awaiting_head(region, kids["awaiting_head"], cids["awaiting_head"], oid),
                         concluded(region, kids["concluded"], cids["concluded"], oid, family_2))
    lists = await region.providers[oid].get("costing", f"/v1/organisations/{oid}/price-lists")
    return Share({"id": oid, "name": org["name"]}, cids, lists.get("current_version"))


async def in_course(region: Region, child: Child, cid: str, org: str, today: date) -> None:
    """Started three days ago, rated at the baseline, its journal kept up to yesterday."""
    journey = journey_of(region, child, cid, org)
    if not await reserve(region, journey):
        raise RuntimeError("бронирование курса отклонено")
    plan, age = await start(journey, on=today - timedelta(days=DAYS_KEPT))
    await journey.record_journal(plan, age, days_kept=DAYS_KEPT)


async def awaiting_head(region: Region, child: Child, cid: str, org: str) -> None:
    """The whole course and its protocol, which the organisation's head has not signed yet."""
    journey = journey_of(region, child, cid, org)
    if not await reserve(region, journey):
        raise RuntimeError("бронирование курса отклонено")
    await to_protocol(region, journey)


async def concluded(region: Region, child: Child, cid: str, org: str, family: Actor) -> None:
    """The whole pilot: the course, the head's signature, the bureau's conclusion signed and seen by the family."""
    submitted = sum(1 for c in await paged(region.head, "signing", "/v1/conclusions") if c["state"] == "submitted")
    if await run_child(region, child, cid, org) == "reservation_rejected":
        raise RuntimeError("бронирование курса отклонено")
    stop = asyncio.Event()
    stop.set()
    if not await bureau_work(region, submitted + 1, stop):
        raise RuntimeError(region.errors[-1])

    async def seen() -> bool:
        got = await family.get("certificates", f"/v1/family/children/{cid}")
        return got.get("conclusion") is not None
    await wait_for(seen)


def waiting(share: Share) -> list[dict[str, str]]:
    """Who signs in as whom, and what waits for them (in Russian, as the console speaks)."""
    c, org = share.certificates, share.organisation["name"]
    version = f" (действует версия {share.price_list_version})" if share.price_list_version else ""
    return [
        {"sign_in": f"{FAMILY_1[1]} (законный представитель)", "page": f"/family/children/{c['choose']}",
         "task": "сертификат выдан, организация не выбрана: выберите организацию и дайте согласие; "
                 f"второй ребёнок проходит курс (/family/children/{c['in_course']})"},
        {"sign_in": f"{SPECIALIST} ({org})", "page": f"/specialist/reserve/{c['chosen']}",
         "task": "семья выбрала организацию: забронируйте курс с индивидуальным планом"},
        {"sign_in": f"{SPECIALIST} ({org})", "page": f"/specialist/children/{c['in_course']}/journal",
         "task": f"курс идёт {DAYS_KEPT}-й день: продолжите журнал по дням или завершите курс досрочно"},
        {"sign_in": HEAD, "page": "/head/protocols",
         "task": f"протокол контрольной оценки по сертификату {c['awaiting_head']} ждёт вашей подписи"},
        {"sign_in": ECONOMIST, "page": "/org/normalisation",
         "task": f"прейскурант организации утверждён{version}: введите новую нормализацию затрат и рассчитайте "
                 "прейскурант, руководитель утвердит его приказом"},
        {"sign_in": f"{FAMILY_2[1]} (законный представитель)", "page": f"/family/children/{c['concluded']}",
         "task": "курс окончен, заключение бюро МСЭ подписано: прочитайте его; второй ребёнок ждёт бронирования "
                 f"(/family/children/{c['chosen']})"},
    ]


def print_share(console: Console, url: str, tasks: list[dict[str, str]]) -> None:
    """At the end of the output: whom to sign in as at ``url``/signin, and what waits for each."""
    if not tasks:
        return
    console.print(f"\nЧто ждёт участников в консоли: откройте {url}/signin и войдите как")
    for t in tasks:
        console.print(f"  • {t['sign_in']} — {t['task']}: {url}{t['page']}", soft_wrap=True, markup=False)
    console.print("Ctrl-C останавливает всё.")
