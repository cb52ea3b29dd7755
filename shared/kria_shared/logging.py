"""Structured JSON logs with the correlation id; never personal data (SNILS, names, birth dates)."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Literal

ACCESS_LOGGER = "kria.access"  # auth/routes.py writes the reads of personal data here

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
    def __init__(self, service: str, stream: str | None = None) -> None:
        super().__init__()
        self.service = service
        self.stream = stream  # "access": a collector routes these lines apart from the application log

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            **({"log": self.stream} if self.stream else {}),
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


def configure_logging(
    service: str,
    level: str = "INFO",
    access_log: Path | Literal["stdout"] | None = None,
    *,
    access_log_max_bytes: int = 20 * 1024 * 1024,
    access_log_backups: int = 10,
) -> None:
    """JSON application log on stderr; the personal-data access log, when given, to stdout or a rotating file."""
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
        access = logging.getLogger(ACCESS_LOGGER)
        access.propagate = False
        for old in access.handlers:
            old.close()
        access.handlers.clear()
        out: logging.Handler
        if access_log == "stdout":
            out = logging.StreamHandler(sys.stdout)  # stderr carries the application log
        else:
            access_log.parent.mkdir(parents=True, exist_ok=True)
            # Bounded on disk: one process per pod/container writes it, so size rotation is safe.
            out = RotatingFileHandler(access_log, maxBytes=access_log_max_bytes, backupCount=access_log_backups,
                                      encoding="utf-8")
        out.setFormatter(JsonFormatter(service, stream="access"))
        access.addHandler(out)
        access.setLevel(logging.INFO)
