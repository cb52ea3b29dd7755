"""Submission of signed conclusions to the ЕЦП: a job over signed-but-not-submitted rows.

Why a job and not a handler on our own ConclusionSigned event: the rows are the source of truth
already, a sink outage must neither dead-letter a signed conclusion nor block the partition, and a
retry needs no replay. The job is woken right after each signature and also runs periodically, so a
restart picks up whatever was left. Each row is leased before the sink is called (two replicas never
submit together) and moved ``signed -> submitted`` only if still signed (never twice); a row without a
signature is never selected (never unsigned). After ``max_attempts`` failed submissions (one per lease) the
row is moved to the final ``submission_failed`` state instead of being retried forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, timedelta

from kria_shared.contracts.signing import ConclusionSubmitted
from kria_signing.adapters.ecp_sinks import EcpSink, Submission, SubmissionRefused
from kria_signing.domain.access import access_until
from kria_signing.domain.conclusion import ConclusionState, submission_exhausted
from kria_signing.metrics import AWAITING_SIGNATURE_AGE, SUBMISSION_FAILED, SUBMISSION_LATENCY, SUBMISSIONS
from kria_signing.store import conclusions as store
from kria_signing.store.models import ConclusionRow
from kria_signing.usecases import SigningDeps

log = logging.getLogger("kria.signing.submission")


class Submitter:
    def __init__(self, deps: SigningDeps, sink: EcpSink, *, every_s: float = 5.0, lease_s: float = 120.0,
                 batch: int = 50, max_attempts: int = 30) -> None:
        self.uows = deps.uows
        self.clock = deps.clock
        self.sink = sink
        self.policy = deps.config.access  # the federal window opened by a submission
        self.every_s = every_s
        self.lease = timedelta(seconds=lease_s)
        self.batch = batch
        self.max_attempts = max_attempts
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.every_s)
            self._wake.clear()
            try:
                await self.run_once()
            except Exception:
                log.exception("submission round failed; retried next round")

    async def run_once(self) -> int:
        async with self.uows() as uow:
            now = self.clock.now()
            due = await store.due_for_submission(uow.session, now, self.batch)
            oldest = await store.oldest_unsigned_drafted_at(uow.session)
        AWAITING_SIGNATURE_AGE.set(0 if oldest is None else max(0.0, (now - oldest).total_seconds()))
        done = 0
        for conclusion_id in due:
            done += int(await self.submit_one(conclusion_id))
        async with self.uows() as uow:
            SUBMISSION_FAILED.set(await store.count_in_state(uow.session, ConclusionState.SUBMISSION_FAILED))
        return done

    async def submit_one(self, conclusion_id: str) -> bool:
        now = self.clock.now()
        async with self.uows() as uow:
            claimed = await store.claim_for_submission(uow.session, conclusion_id, now, now + self.lease)
            row = await store.get(uow.session, conclusion_id) if claimed else None
        if row is None:
            return False
        if row.signature is None or row.document is None or row.document_streebog256 is None:
            log.error("signed row without its bytes: not submitted", extra={"conclusion_id": conclusion_id})
            return False
        item = Submission(row.id, row.certificate_id, row.document, row.signature, row.document_streebog256)
        try:
            receipt = await self.sink.submit(item)
        except Exception as exc:
            await self._failed(row, exc)
            return False
        return await self._record(row, receipt)

    async def _failed(self, row: ConclusionRow, exc: Exception) -> None:
        outcome = "refused" if isinstance(exc, SubmissionRefused) else "failed"
        error = f"{type(exc).__name__}: {exc}"[:200]  # the sinks put a status and a short code here, no bodies
        attempts = row.submit_attempts + 1
        final = submission_exhausted(attempts, self.max_attempts)
        SUBMISSIONS.labels(self.sink.name, outcome).inc()
        log.warning("submission failed", extra={"conclusion_id": row.id, "outcome": outcome, "error": error,
                                                "attempt": attempts, "final": final})
        values: dict[str, object] = {"submit_attempts": attempts, "last_submit_error": error,
                                     "submit_lease_until": self.clock.now() + self.lease}
        if final:
            values.update(state=ConclusionState.SUBMISSION_FAILED, submit_lease_until=None)
        async with self.uows() as uow:
            moved = await store.transition(uow.session, row.id, ConclusionState.SIGNED, **values)
            if moved and final:
                uow.after_commit(SUBMISSIONS.labels(self.sink.name, "gave_up").inc)
        if moved and final:
            log.error("submission given up: conclusion left in submission_failed",
                      extra={"conclusion_id": row.id, "attempts": attempts})

    async def _record(self, row: ConclusionRow, receipt: str) -> bool:
        submitted_at = self.clock.now()
        until = access_until(submitted_at, self.policy).astimezone(UTC)
        async with self.uows() as uow:
            moved = await store.transition(
                uow.session, row.id, ConclusionState.SIGNED, state=ConclusionState.SUBMITTED,
                submitted_at=submitted_at, receipt=receipt, federal_access_until=until, submit_lease_until=None,
                last_submit_error=None, submit_attempts=row.submit_attempts + 1)
            if moved:
                uow.emit(ConclusionSubmitted(conclusion_id=row.id, certificate_id=row.certificate_id,
                                             effective=row.effective, submitted_at=submitted_at, receipt=receipt,
                                             federal_access_until=until), subject=row.certificate_id)
        if moved:
            SUBMISSIONS.labels(self.sink.name, "submitted").inc()
            signed_at = row.signed_at
            if signed_at is not None:
                SUBMISSION_LATENCY.labels(self.sink.name).observe(max(0.0, (submitted_at - signed_at).total_seconds()))
        return moved
