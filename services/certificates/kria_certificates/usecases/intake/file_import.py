"""The import command's two paths: into the local store (events via its outbox) or through the HTTP API."""

from __future__ import annotations

import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kria_certificates.config.loader import default_config
from kria_certificates.domain.access import Actor
from kria_certificates.store.models import TABLES
from kria_certificates.usecases.intake import mse_export
from kria_certificates.usecases.intake.decisions import DecisionIntake
from kria_certificates.usecases.intake.importer import import_rows
from kria_shared.clock import SystemClock
from kria_shared.db import Database
from kria_shared.inbox import InboxRecord
from kria_shared.outbox import OutboxRecord
from kria_shared.settings import ServiceSettings, load_settings
from kria_shared.uow import UnitOfWorkFactory

CLI_ACTOR = Actor("sfr_operator", "cli-import")


def import_file_locally(path: Path, settings: ServiceSettings | None = None) -> Coroutine[Any, Any, dict[str, Any]]:
    """Same intake as POST /v1/mse-imports; the running service's relay publishes the events from the outbox."""
    return import_bytes_locally(path.name, path.read_bytes(), settings)


async def import_bytes_locally(name: str, data: bytes, settings: ServiceSettings | None = None) -> dict[str, Any]:
    settings = settings or load_settings("certificates")
    path = Path(name)
    try:
        text = mse_export.decode(data)
        rows = list(mse_export.read_rows(text))
    except mse_export.UnreadableFile as exc:
        return {"source": path.name, "error": "unreadable_file", "message": str(exc)}
    db = Database(settings.resolved_database_url(), [OutboxRecord, InboxRecord, *TABLES])
    await db.create_tables()
    uows = UnitOfWorkFactory(db, source="kria/certificates", topic_prefix=settings.topic_prefix)
    try:
        # the bar goes to stderr: stdout may be the JSON report (`import-mse f.csv > out.json`)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      disable=not sys.stderr.isatty(), console=Console(stderr=True), transient=False) as bar:
            task = bar.add_task(f"import {path.name}", total=len(rows))
            report = await import_rows(uows, DecisionIntake(default_config(), SystemClock()), rows,
                                       source=path.name, actor=CLI_ACTOR,
                                       progress=lambda n: bar.advance(task, n))
    finally:
        await db.close()
    return report.as_json()


def import_file_over_http(path: Path, url: str, token: str) -> dict[str, Any]:
    with path.open("rb") as f:
        response = httpx.post(f"{url.rstrip('/')}/v1/mse-imports", files={"file": (path.name, f, "text/csv")},
                              headers={"Authorization": f"Bearer {token}"}, timeout=600)
    body: dict[str, Any] = response.json()
    if response.status_code != 200:
        return {"source": path.name, "error": body.get("error", str(response.status_code)),
                "message": body.get("message", "")}
    return body
