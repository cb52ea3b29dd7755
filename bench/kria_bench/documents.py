"""``kria bench --mse-documents N``: the time to render a child's four MSE documents (PDF and DOCX).

The children are the example export's issued rows, cycled to N; each is read and parsed as the import does, then
its form and three extracts are rendered in both formats and written to disk, by a pool of worker processes.
Issue 16 sets the target: under 0.2 s per child (the Sverdlovsk bureau's script takes about 2 s). No broker and
no service are needed.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import kria_certificates
from kria_certificates.config.loader import default_config
from kria_certificates.documents import mse
from kria_certificates.documents.export import write_sources
from kria_certificates.documents.pool import RenderPool
from kria_certificates.domain.decision import Decision, parse
from kria_certificates.domain.municipality import from_address
from kria_certificates.store.models import CertificateRow, ChildRow, MseFormRow
from kria_certificates.usecases.intake import mse_export

EXAMPLE = Path(kria_certificates.__file__).parent / "examples" / "mse_export_example.csv"
TARGET_S = 0.2


def _sources(n: int) -> list[mse.MseSource]:
    config = default_config()
    rows = mse_export.read_rows(mse_export.decode(EXAMPLE.read_bytes()))
    parsed = [(r, d) for r in rows
              if isinstance(d := parse(r.decision, config.catalogue, from_address(r.decision.address or "")),
                            Decision)]
    out = []
    for i in range(n):
        row, d = parsed[i % len(parsed)]
        child = ChildRow(child_id=f"child-{i}", snils=d.snils, last_name=d.last_name, first_name=d.first_name,
                         patronymic=d.patronymic, birth_date=d.birth_date, sex=d.sex, representative=d.representative)
        cert = CertificateRow(
            id=f"cert-{i}", child_id=child.child_id, decision_id=f"dec-{i}", protocol_number=f"{i + 1}.8.66/2026",
            act_number=d.act_number, ipra_number=d.ipra_number, region=d.region, municipality=d.municipality,
            main_group=d.main_group, additional_groups=list(d.additional_groups), decided_on=d.decided_on,
            disability_established_on=d.disability_established_on, valid_until=d.decided_on, value_table_version="",
            rules_version="", state="issued", state_since=datetime.now(UTC))
        out.append(mse.MseSource(cert, child, MseFormRow(certificate_id=cert.id, columns=dict(row.form or {}))))
    return out


def measure_mse_documents(n: int, out: Path, workers: int | None = None) -> dict[str, Any]:
    """Wall clock for the N children / N, in a pool of one worker process per core (how the CLI writes a batch)
    that is started and warmed up first, like a running service's; its start-up is reported beside."""
    sources = _sources(max(1, n))
    load = os.getloadavg()
    started = time.perf_counter()
    with RenderPool(workers) as pool:
        pool_start = time.perf_counter() - started
        write_sources(out / "warm-up", sources[:1], tuple(mse.Format), pool)
        pool.cpu_seconds = 0.0
        parent_cpu = time.process_time()
        written = write_sources(out, sources, tuple(mse.Format), pool)
        cpu = pool.cpu_seconds + time.process_time() - parent_cpu
    per_child = written.seconds / len(sources)
    return {"children": len(sources), "documents_per_child": 8, "formats": [f.value for f in mse.Format],
            "workers": pool.workers, "cores": os.cpu_count(), "pool_start_s": round(pool_start, 2),
            "wall_s": round(written.seconds, 3), "s_per_child": round(per_child, 4),
            "cpu_s_per_child": round(cpu / len(sources), 4), "target_s_per_child": TARGET_S,
            "within_target": per_child < TARGET_S, "load_avg_before": [round(x, 2) for x in load],
            "load_avg_after": [round(x, 2) for x in os.getloadavg()], "out": str(out)}
