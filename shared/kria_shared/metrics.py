"""Prometheus metrics of the kit; services add theirs as ``kria_<service>_<what>_<unit>``.

No personal data and no ids in labels: only service, topic, outcome or reason codes.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, start_http_server

registry: CollectorRegistry = REGISTRY

OUTBOX_PUBLISHED = Counter("kria_outbox_published_events_total", "events published by the relay", ["service"])
OUTBOX_BACKLOG = Gauge("kria_outbox_pending_events", "events waiting in the outbox", ["service"])
OUTBOX_OLDEST_AGE = Gauge("kria_outbox_oldest_pending_age_seconds", "age of the oldest unsent event", ["service"])
# ``type`` is the envelope's event type, bounded by the contract registry (a record that does not decode as a
# registered event is counted as UNKNOWN_TYPE): per-handler RED signals without ids in labels.
UNKNOWN_TYPE = "unknown"
CONSUMED = Counter(
    "kria_consumer_events_total", "events consumed, by event type and outcome", ["service", "topic", "type", "outcome"]
)
HANDLER_SECONDS = Histogram(
    "kria_consumer_handler_duration_seconds",
    "time of one event's handler call inside its batch transaction, by event type",
    ["service", "type"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DLQ_PUBLISHED = Counter("kria_dlq_published_events_total", "events sent to a DLQ", ["service", "topic", "reason"])
HANDLER_RETRIES = Counter("kria_consumer_retries_total", "transient failures retried", ["service"])
BATCH_SECONDS = Histogram(
    "kria_consumer_batch_duration_seconds",
    "time to process one consumed batch",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
HTTP_REQUESTS = Counter(
    "kria_http_requests_total", "HTTP requests by route template and status", ["service", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "kria_http_request_duration_seconds", "HTTP request latency by route template", ["service", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


class MetricsServer:
    """/metrics on a port of its own (KRIA_METRICS_PORT), apart from the API: Prometheus' WSGI server in a thread."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host = port, host
        self._server: Any = None

    def start(self) -> None:
        self._server, _ = start_http_server(self.port, addr=self.host, registry=registry)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
