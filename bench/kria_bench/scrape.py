"""The kit's own metrics around a run: consumed batches, their duration, events consumed and published."""

from __future__ import annotations

from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

WATCHED = {
    "kria_consumer_batch_duration_seconds_sum": "batch_seconds",
    "kria_consumer_batch_duration_seconds_count": "batches",
    "kria_consumer_events_total": "consumed",
    "kria_outbox_published_events_total": "published",
}


async def sample(client: httpx.AsyncClient, urls: dict[str, str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for service, url in urls.items():
        text = (await client.get(url + "/metrics")).text
        figures = dict.fromkeys([*WATCHED.values(), "handled"], 0.0)
        for family in text_string_to_metric_families(text):
            for s in family.samples:
                name = WATCHED.get(s.name)
                if name == "consumed" and s.labels.get("outcome") == "processed":
                    figures["handled"] += s.value
                if name:
                    figures[name] += s.value
        out[service] = figures
    return out


def delta(before: dict[str, dict[str, float]], after: dict[str, dict[str, float]]) -> dict[str, Any]:
    """Per service: batches, mean batch duration and events per batch, events consumed and published."""
    out: dict[str, Any] = {}
    for service, a in after.items():
        b = before.get(service, {})
        d = {k: a[k] - b.get(k, 0.0) for k in a}
        batches = d["batches"]
        out[service] = {
            "batches": int(batches), "records_consumed": int(d["consumed"]), "events_handled": int(d["handled"]),
            "events_published": int(d["published"]),
            "mean_batch_ms": round(1000 * d["batch_seconds"] / batches, 1) if batches else None,
            "records_per_batch": round(d["consumed"] / batches, 1) if batches else None,
            "consumer_busy_s": round(d["batch_seconds"], 2),
        }
    return out
