"""One service process: its store, outbox relay, Kafka consumer and HTTP app, started and stopped together.

Services build a ``ServiceRuntime`` in their composition root (``app.py``), give it their one handler table
(``runtime.handle({EventType: handler})``) and background jobs, and hand ``runtime.http_app(...)`` to uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from aiokafka import AIOKafkaProducer
from fastapi import APIRouter, FastAPI
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from sqlmodel import SQLModel

from kria_shared.auth.keys import DEV_KID, dev_public_key, load_public_keys
from kria_shared.auth.routes import set_auth
from kria_shared.auth.tokens import ClaimNames, TokenVerifier
from kria_shared.clock import AdjustableClock, Clock, SystemClock
from kria_shared.consumer import EventConsumer
from kria_shared.contracts.topics import GROUPS, Topics
from kria_shared.db import Database
from kria_shared.deps import ServiceDeps
from kria_shared.dlq import DeadLetterPublisher, make_error_middleware
from kria_shared.handler_table import Handler, HandlerTable, checked
from kria_shared.http import create_http_app, dev_clock_router
from kria_shared.inbox import InboxRecord
from kria_shared.kafka_config import faststream_security, producer_kwargs
from kria_shared.logging import configure_logging
from kria_shared.metrics import MetricsServer, registry
from kria_shared.migrations import upgrade_to_head
from kria_shared.outbox import OutboxRecord
from kria_shared.relay import OutboxRelay
from kria_shared.settings import ServiceSettings
from kria_shared.topic_admin import ensure_topics
from kria_shared.uow import UnitOfWorkFactory

ConfigT = TypeVar("ConfigT")

log = logging.getLogger("kria.runtime")


async def _skip_decode(_msg: Any) -> None:
    return None  # the consumer parses the raw records itself (one pass, envelope + payload)


class ServiceRuntime:
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        tables: Sequence[type[SQLModel]],
        topics: Sequence[str] = (),
        clock: Clock | None = None,
        migrations: Path | None = None,
    ) -> None:
        self.settings = settings
        self.migrations = migrations  # the service's Alembic scripts; None: create the tables directly
        self.service = settings.service
        # The prefix isolates a test or benchmark run: its own topics and its own consumer group.
        self.group_id = settings.topic_prefix + GROUPS.get(self.service, f"kria-{self.service}")
        self.subscribed = list(topics)  # unprefixed: what the handler table is checked against
        self.topics = [settings.topic_prefix + t for t in topics]
        self.clock: Clock = clock or (
            AdjustableClock() if settings.dev_clock and settings.environment != "production" else SystemClock()
        )
        self.db = Database(settings.resolved_database_url(), [OutboxRecord, InboxRecord, *tables])
        bootstrap = settings.kafka_bootstrap_servers
        self.producer: AIOKafkaProducer | None = None  # created in start(), inside the running loop
        self.relay = OutboxRelay(self.db, None, self.service, batch=settings.relay_batch)
        self.uows = UnitOfWorkFactory(
            self.db, source=f"kria/{self.service}", on_commit=self.relay.notify, topic_prefix=settings.topic_prefix
        )
        self.dlq = DeadLetterPublisher(None, self.group_id, self.service)
        self.handlers: dict[str, Handler] = {}
        self.broker = KafkaBroker(
            # a list: FastStream takes a comma-separated string for one host (a three-broker cluster's list)
            [b.strip() for b in bootstrap.split(",") if b.strip()],
            client_id=f"{self.service}-consumer",
            acks="all",
            enable_idempotence=True,
            graceful_timeout=15.0,
            logger=logging.getLogger("kria.faststream"),
            log_level=logging.DEBUG,  # per-message "Received/Processed" lines only at debug
            middlewares=[
                KafkaPrometheusMiddleware(registry=registry, app_name=self.service),
                make_error_middleware(self.dlq),
            ],
            security=faststream_security(settings.kafka),
        )
        self._background: list[Callable[[], Coroutine[Any, Any, None]]] = []
        self._subscribed = False
        self._tasks: list[asyncio.Task[None]] = []
        port = settings.resolved_metrics_port()
        self.metrics_server = MetricsServer(port, settings.http_host) if port is not None else None

    def handle(self, table: HandlerTable) -> None:
        """The service's one handler table ``{EventType: handler}`` (parse -> domain -> persist + outbox in one
        transaction). Refused here, before anything starts, if a type is not on a subscribed topic or a handler's
        payload annotation is not its type (``HandlerTableError`` names the type)."""
        if self.handlers:
            raise RuntimeError("the handler table is given once")
        self.handlers = checked(table, self.subscribed)

    def deps(self, config: ConfigT) -> ServiceDeps[ConfigT]:
        """The one dependencies object of the service (database, units of work, clock, its configuration)."""
        return ServiceDeps(db=self.db, uows=self.uows, clock=self.clock, config=config)

    def run_in_background(self, job: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """A long-running job started with the service and cancelled when it stops (e.g. the ЕЦП submitter)."""
        self._background.append(job)

    def every(self, seconds: float, job: Callable[[], Awaitable[None]]) -> None:
        """A periodic job (e.g. the expiry sweep); failures are logged and retried next period."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    await job()
                except Exception:
                    log.exception("periodic job failed")

        self.run_in_background(loop)

    def _subscribe(self) -> None:
        if self._subscribed or not (self.topics and self.handlers):
            return
        self._subscribed = True
        consumer = EventConsumer(self.service, self.group_id, self.handlers, self.uows, self.dlq)
        subscriber = self.broker.subscriber(
            *self.topics,
            group_id=self.group_id,
            group_instance_id=self.settings.group_instance_id,
            batch=True,
            max_records=self.settings.consumer_batch,
            batch_timeout_ms=100,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            decoder=_skip_decode,
        )

        @subscriber
        async def on_events(msg: KafkaMessage) -> None:
            await consumer.process(msg.raw_message)

    async def start_store(self) -> None:
        """Bring the store to the service's schema (its migrations, or the tables directly)."""
        if self.migrations is not None:
            await upgrade_to_head(self.db, self.migrations)
        else:
            await self.db.create_tables()

    async def start(self) -> None:
        await self.start_store()
        await ensure_topics(
            self.settings.kafka_bootstrap_servers,
            self.settings.topic_prefix,
            [Topics.dlq(self.group_id, t) for t in self.topics],
            client_id=f"{self.service}-admin",
        )
        bootstrap = self.settings.kafka_bootstrap_servers
        self.producer = AIOKafkaProducer(**producer_kwargs(bootstrap, f"{self.service}-relay", self.settings.kafka))
        await self.producer.start()
        self.relay.producer = self.dlq.producer = self.producer
        await self.relay.start()
        self._subscribe()
        if self._subscribed:
            await self.broker.start()
        self._tasks = [asyncio.create_task(job()) for job in self._background]
        if self.metrics_server is not None:
            self.metrics_server.start()

    async def stop(self) -> None:
        if self.metrics_server is not None:
            self.metrics_server.stop()
        for t in self._tasks:
            t.cancel()
        if self._subscribed:
            await self.broker.stop()
        await self.relay.stop()
        if self.producer is not None:
            await self.producer.stop()
        await self.db.close()

    async def ready(self) -> dict[str, bool]:
        kafka_ok = True
        if self._subscribed:
            try:
                kafka_ok = await self.broker.ping(timeout=2.0)
            except Exception:
                kafka_ok = False
        return {"database": await self.db.ping(), "kafka": kafka_ok}

    def verifier(self) -> TokenVerifier:
        s = self.settings
        production = s.environment == "production"
        keys: dict[str, Any] = load_public_keys(s.jwt_public_keys_dir) if s.jwt_public_keys_dir else {}
        if not production and DEV_KID not in keys:
            keys[DEV_KID] = dev_public_key()
        return TokenVerifier(
            audience=s.audience, issuer=s.jwt_issuer, keys=keys, jwks_url=s.jwks_url,
            leeway_s=s.jwt_leeway_s, production=production, required_claims=s.auth_required_claims,
            claim_names=ClaimNames(roles=s.auth_roles_claim, organisation=s.auth_organisation_claim,
                                   bureau=s.auth_bureau_claim, snils=s.auth_snils_claim),
        )

    def http_app(self, routers: Sequence[APIRouter], *, title: str, description: str = "") -> FastAPI:
        s = self.settings
        configure_logging(self.service, s.log_level, s.access_log_destination(),
                          access_log_max_bytes=s.access_log_max_bytes, access_log_backups=s.access_log_backups)

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self.start()
            try:
                yield
            finally:
                await self.stop()

        extra = [dev_clock_router(self.clock)] if isinstance(self.clock, AdjustableClock) else []
        app = create_http_app(
            service=self.service, title=title, description=description,
            routers=[*routers, *extra], ready=self.ready, lifespan=lifespan,
            production=s.environment == "production", metrics_on_api=self.metrics_server is None,
        )
        set_auth(app, self.verifier())
        self._subscribe()  # every handler is registered by now: the AsyncAPI document shows the subscriber
        app.state.runtime = self
        return app
