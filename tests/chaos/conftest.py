"""The chaos region: three KRaft brokers, PostgreSQL and the four services in containers, removed at the end
(even when the test fails: a finalizer removes every container and the network labelled with this run's id)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kria_shared.kafka_local.ready import wait_until_ready

from .cluster import BROKERS, SERVICES, ChaosRegion


@pytest.fixture(scope="module")
def chaos_region() -> Iterator[ChaosRegion]:
    workdir = Path(tempfile.mkdtemp(prefix="kria-chaos-"))
    region = ChaosRegion(workdir=workdir)
    keys_before = os.environ.get("KRIA_DEV_KEYS_DIR")
    os.environ["KRIA_DEV_KEYS_DIR"] = str(region.keys_dir)  # the tokens the load mints, the services verify
    try:
        from kria_shared.auth.keys import dev_private_key

        region.var_dir.mkdir(parents=True)
        region.keys_dir.mkdir(parents=True)
        dev_private_key()
        for path in (region.var_dir, region.keys_dir, *region.keys_dir.iterdir()):
            os.chown(path, 10001, 10001)  # the images' uid: signing writes its var, every service reads the keys
        region.create_network()
        region.start_brokers()
        for n in BROKERS:
            wait_until_ready(f"{region.broker_ip(n)}:9092", timeout_s=180)
        region.start_postgres()
        region.wait(region.postgres_ready, "PostgreSQL", 180)
        region.start_services()
        for svc in SERVICES:
            region.wait(lambda s=svc: region.service_ready(s), svc, 300)
        yield region
    finally:
        region.remove()
        shutil.rmtree(workdir, ignore_errors=True)
        if keys_before is None:
            os.environ.pop("KRIA_DEV_KEYS_DIR", None)
        else:
            os.environ["KRIA_DEV_KEYS_DIR"] = keys_before
