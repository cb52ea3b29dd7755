"""A throwaway PostgreSQL cluster from the Debian binaries, or ``KRIA_TEST_POSTGRES_URL`` if set."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from kria_shared.kafka_local.process import free_port


class PostgresUnavailable(RuntimeError):
    pass


@dataclass
class RunningPostgres:
    host: str
    port: int
    user: str
    _stop: object = None
    admin_url: str = ""
    password: str | None = None
    database: str = "postgres"  # where CREATE DATABASE is run (KRIA_TEST_POSTGRES_URL's database)

    def new_database(self) -> str:
        """Create an empty database; returns its asyncpg SQLAlchemy URL."""
        name = f"kria_{uuid.uuid4().hex[:12]}"
        _psql(self, f'CREATE DATABASE "{name}"')
        url = URL.create("postgresql+asyncpg", self.user, self.password, self.host, self.port, name)
        return url.render_as_string(hide_password=False)

    def stop(self) -> None:
        if callable(self._stop):
            self._stop()


def _psql(pg: RunningPostgres, sql: str) -> None:
    import asyncio

    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(host=pg.host, port=pg.port, user=pg.user, password=pg.password,
                                     database=pg.database)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    # Its own thread and loop, so it also works when called from async code (a running loop).
    errors: list[BaseException] = []

    def in_thread() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # re-raised in the caller
            errors.append(exc)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable(
            "no PostgreSQL server binaries: apt-get install postgresql (or set KRIA_TEST_POSTGRES_URL)"
        )
    return Path(found[-1]).parent


def start_postgres() -> RunningPostgres:
    url = os.environ.get("KRIA_TEST_POSTGRES_URL")
    if url:  # postgresql://user[:password]@host:port[/database]
        u = make_url(url)
        return RunningPostgres(u.host or "127.0.0.1", u.port or 5432, u.username or "postgres",
                               password=u.password, database=u.database or "postgres")
    bindir = _bin_dir()
    work = Path(tempfile.mkdtemp(prefix="kria-pg-"))
    data = work / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root: run it as the 'postgres' system user
        shutil.chown(work, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    port = free_port()
    opts = f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(work / "pg.log"),
                    "-w", "-t", "60", "start"], check=True, capture_output=True)

    def stop() -> None:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(work, ignore_errors=True)

    deadline = time.monotonic() + 30
    pg = RunningPostgres("127.0.0.1", port, "postgres", stop)
    while True:
        try:
            _psql(pg, "SELECT 1")
            return pg
        except Exception:
            if time.monotonic() > deadline:
                stop()
                raise
            time.sleep(0.3)
