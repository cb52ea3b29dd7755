"""Session fixtures: one real Kafka broker and one real PostgreSQL cluster for the whole run.

No imitation brokers: if a broker cannot be started the run fails loudly (never skips).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator

import pytest

from kria_shared.kafka_local import RunningKafka, start_kafka
from kria_shared.testing.postgres import RunningPostgres, start_postgres

FIGURES: dict[str, float] = {}
BROKER_KIND: list[str] = []

# Development token keys in a temp dir, set at import so tokens minted while collecting tests use them too.
os.environ.setdefault("KRIA_DEV_KEYS_DIR", tempfile.mkdtemp(prefix="kria-dev-keys-"))
# One line per HTTP call would bury a failure's own log lines (CI shows only the tail of the output).
logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def kafka() -> Iterator[RunningKafka]:
    t0 = time.monotonic()
    broker = start_kafka()  # raises KafkaUnavailable with what is missing: the tests then error, loudly
    FIGURES["kafka_start_s"] = time.monotonic() - t0
    BROKER_KIND.append(broker.kind)  # which branch of the broker order ran: external, testcontainers or jars
    os.environ.setdefault("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap)
    yield broker
    broker.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka: RunningKafka) -> str:
    return kafka.bootstrap


@pytest.fixture(scope="session")
def postgres() -> Iterator[RunningPostgres]:
    pg = start_postgres()
    yield pg
    pg.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """A fresh store of each kind: a SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/store.sqlite3"
    pg: RunningPostgres = request.getfixturevalue("postgres")
    return pg.new_database()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "kafka_start_s" in FIGURES:
        kind = BROKER_KIND[0] if BROKER_KIND else "?"
        terminalreporter.write_line(f"kafka broker start-up ({kind}): {FIGURES['kafka_start_s']:.1f} s")

