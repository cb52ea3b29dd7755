"""``kria-kafka``: run the local broker in the foreground (Ctrl-C stops it)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from kria_shared.kafka_local.choose import start_kafka
from kria_shared.kafka_local.jars import KafkaUnavailable, ensure_jars


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kria-kafka", description=__doc__)
    parser.add_argument("--fetch-only", action="store_true", help="download the jars and exit")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        if args.fetch_only:
            print(ensure_jars())
            return
        kafka = start_kafka(args.workdir)
    except KafkaUnavailable as exc:
        sys.exit(f"kria-kafka: {exc}")
    print(f"Kafka ready at {kafka.bootstrap} ({kafka.kind}, {kafka.started_in_s:.1f} s); logs: {kafka.log_file}")
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        kafka.stop()
