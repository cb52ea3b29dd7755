"""Structured JSON logs with the correlation id; never personal data (SNILS, names, birth dates)."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


@contextmanager
def correlated(cid: str | None) -> Iterator[None]:
    """Log lines (and units of work opened without an id) inside carry ``cid``."""
    token = correlation_id.set(cid)
    try:
        yield
    finally:
        correlation_id.reset(token)

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        cid = correlation_id.get()
        if cid:
            out["correlation_id"] = cid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO", access_log: Path | None = None) -> None:
    root = logging.getLogger()
    root.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    if access_log is not None:
        # The personal-data access log is separate from the application log (issue: identity and access).
        access = logging.getLogger("kria.access")
        access.propagate = False
        access.handlers.clear()
        access_log.parent.mkdir(parents=True, exist_ok=True)
        fh = logging.FileHandler(access_log, encoding="utf-8")
        fh.setFormatter(JsonFormatter(service))
        access.addHandler(fh)
        access.setLevel(logging.INFO)
