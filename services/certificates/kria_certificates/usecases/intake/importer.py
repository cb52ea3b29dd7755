"""Import an MSE export file through the same intake as the JSON endpoint; a per-row report.

Rows are taken in chunks, one transaction per chunk; if a chunk fails unexpectedly it is retried row
by row, so one bad row never stops the file (it is reported ``invalid`` with code ``unprocessable``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kria_certificates import metrics
from kria_certificates.domain import snils as snils_rules
from kria_certificates.domain.access import Actor
from kria_certificates.usecases.intake.conflicts import retry_on_conflict
from kria_certificates.usecases.intake.decisions import DecisionIntake, DecisionResult
from kria_certificates.usecases.intake.mse_export import ExportRow
from kria_shared.errors import is_transient
from kria_shared.uow import UnitOfWorkFactory

log = logging.getLogger("kria.certificates.import")
CHUNK = 100


@dataclass
class ImportReport:
    source: str
    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: int, result: DecisionResult) -> None:
        entry: dict[str, Any] = {"row": row, "snils_masked": result.snils_masked, "outcome": result.outcome.value,
                                 "code": result.code, "certificate_id": result.certificate_id}
        if result.field:
            entry["field"] = result.field
        if result.replayed:
            entry["replayed"] = True
        self.entries.append(entry)

    def failed(self, row: ExportRow) -> None:
        self.entries.append({"row": row.number, "snils_masked": snils_rules.masked(row.decision.snils or ""),
                             "outcome": "invalid", "code": "unprocessable", "certificate_id": None})

    def as_json(self) -> dict[str, Any]:
        totals = Counter(e["outcome"] for e in self.entries)
        return {"source": self.source, "rows": len(self.entries),
                "totals": {k: totals.get(k, 0) for k in ("issued", "refused", "invalid", "held")},
                "replayed": sum(1 for e in self.entries if e.get("replayed")), "entries": self.entries}


async def import_rows(
    uows: UnitOfWorkFactory, intake: DecisionIntake, rows: Iterable[ExportRow], *, source: str, actor: Actor,
    progress: Callable[[int], None] = lambda _n: None,
) -> ImportReport:
    report = ImportReport(source)
    chunk: list[ExportRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            await _chunk(uows, intake, chunk, report, actor)
            progress(len(chunk))
            chunk = []
    if chunk:
        await _chunk(uows, intake, chunk, report, actor)
        progress(len(chunk))
    return report


async def _chunk(uows: UnitOfWorkFactory, intake: DecisionIntake, rows: list[ExportRow], report: ImportReport,
                 actor: Actor) -> None:
    try:
        results = await _take(uows, intake, rows, actor)
    except Exception as exc:
        if is_transient(exc):
            raise
        log.warning("import chunk failed (%s); retrying row by row", type(exc).__name__)
        for row in rows:
            try:
                results = await _take(uows, intake, [row], actor)
            except Exception as single:
                if is_transient(single):
                    raise
                # the type only: a database error's text can quote the row's names or SNILS
                log.error("import row %d unprocessable (%s)", row.number, type(single).__name__)
                report.failed(row)
                metrics.IMPORT_ROWS.labels("invalid").inc()
                continue
            _report(report, [row], results)
        return
    _report(report, rows, results)


async def _take(uows: UnitOfWorkFactory, intake: DecisionIntake, rows: list[ExportRow],
                actor: Actor) -> list[DecisionResult]:
    async def attempt() -> list[DecisionResult]:
        async with uows() as uow:
            return [await intake.take(uow, r.decision, channel="import", actor=actor, problem=r.problem,
                                      form_columns=r.form) for r in rows]

    return await retry_on_conflict(attempt)


def _report(report: ImportReport, rows: list[ExportRow], results: list[DecisionResult]) -> None:
    for row, result in zip(rows, results, strict=True):
        report.add(row.number, result)
        metrics.IMPORT_ROWS.labels("replayed" if result.replayed else result.outcome.value).inc()
