"""Write the four MSE documents of certificates from the local store into a directory (the CLI, the demo)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import col, select

from kria_certificates.documents import mse
from kria_certificates.documents.pool import RenderPool
from kria_certificates.domain.mse_forms import Addressee
from kria_certificates.store.models import TABLES, CertificateRow, MseFormRow
from kria_shared.db import Database
from kria_shared.settings import ServiceSettings, load_settings


@dataclass
class Written:
    files: list[dict[str, str]] = field(default_factory=list)
    certificates: int = 0
    seconds: float = 0.0

    def per_child_s(self) -> float:
        return self.seconds / self.certificates if self.certificates else 0.0


async def write_documents(out: Path, certificate_ids: Sequence[str] = (), *,
                          formats: Sequence[mse.Format] = tuple(mse.Format),
                          settings: ServiceSettings | None = None) -> Written:
    """The given certificates, or every certificate issued from an export row when none is given."""
    settings = settings or load_settings("certificates")
    db = Database(settings.resolved_database_url(), TABLES)
    try:
        async with db.session() as session:
            query = select(CertificateRow).order_by(col(CertificateRow.protocol_number))
            if certificate_ids:
                query = query.where(col(CertificateRow.id).in_(list(certificate_ids)))
            else:
                query = query.where(col(CertificateRow.id).in_(select(MseFormRow.certificate_id)))
            rows = list((await session.exec(query)).all())
            sources = [s for r in rows if (s := await mse.load(session, r)) is not None]
    finally:
        await db.close()
    if len(sources) < POOL_FROM or (os.cpu_count() or 1) < 2:
        return write_sources(out, sources, formats)
    with RenderPool() as pool:
        return write_sources(out, sources, formats, pool)


# below this many children, starting worker processes (a few seconds: each loads WeasyPrint) costs more than
# it saves
POOL_FROM = 8


def write_sources(out: Path, sources: Sequence[mse.MseSource], formats: Sequence[mse.Format],
                  pool: RenderPool | None = None) -> Written:
    """Render (in the pool's workers, if given) and write; the time measured is the wall clock of the rendering
    and writing only, every document of every child (what the benchmark reports)."""
    written = Written(certificates=len(sources))
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = [(src, to, fmt) for src in sources for to in Addressee for fmt in formats]
    documents = {(src.certificate.id, to): mse.document(src, to) for src in sources for to in Addressee}
    rendered = (pool.render((documents[src.certificate.id, to], fmt) for src, to, fmt in jobs) if pool else
                (mse.RENDERERS[fmt](documents[src.certificate.id, to]) for src, to, fmt in jobs))
    for (src, to, fmt), data in zip(jobs, rendered, strict=True):
        path = out / mse.file_name(src, to, fmt)
        path.write_bytes(data)
        written.files.append({"certificate_id": src.certificate.id, "number": src.certificate.protocol_number,
                              "kind": to.value, "format": fmt.value, "path": str(path)})
    written.seconds = time.perf_counter() - started
    return written
