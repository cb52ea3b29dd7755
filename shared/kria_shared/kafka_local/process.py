"""Start and stop a single-node KRaft broker from the jars with the local JDK."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kria_shared.kafka_local.jars import KafkaUnavailable, ensure_jars
from kria_shared.kafka_local.ready import wait_until_ready
from kria_shared.lifeline import dies_with_this_process

LOG4J2 = """status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _properties(data: Path, bport: int, cport: int, partitions: int) -> str:
    return "\n".join([
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@127.0.0.1:{cport}",
        f"listeners=PLAINTEXT://127.0.0.1:{bport},CONTROLLER://127.0.0.1:{cport}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{bport}",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        f"log.dirs={data}",
        f"num.partitions={partitions}",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "num.network.threads=2",
        "num.io.threads=4",
        "num.recovery.threads.per.data.dir=1",
        "auto.create.topics.enable=true",
        "",
    ])


@dataclass
class JarKafka:
    """A broker process; ``stop()`` ends it and removes its data unless ``keep`` is set."""

    bootstrap: str
    workdir: Path
    process: subprocess.Popen[bytes]
    started_in_s: float
    keep: bool = False
    log_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_file = self.workdir / "logs" / "server.log"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if not self.keep:
            import shutil

            shutil.rmtree(self.workdir / "data", ignore_errors=True)


def start_jar_kafka(workdir: Path | None = None, *, timeout_s: float = 90.0, partitions: int = 4) -> JarKafka:
    t0 = time.monotonic()
    libs = ensure_jars()
    work = workdir or Path(tempfile.mkdtemp(prefix="kria-kafka-"))
    work.mkdir(parents=True, exist_ok=True)
    data, logs = work / "data", work / "logs"
    logs.mkdir(exist_ok=True)
    bport, cport = free_port(), free_port()
    props = work / "server.properties"
    props.write_text(_properties(data, bport, cport, partitions), encoding="utf-8")
    (work / "log4j2.properties").write_text(LOG4J2, encoding="utf-8")
    cp = f"{libs}/*"
    cluster_id = "-"
    while cluster_id.startswith("-"):  # the tool's parser reads "-…" as an option (1 in 64 ids): Kafka avoids it too
        cluster_id = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
    fmt = subprocess.run(
        ["java", "-cp", cp, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props),
         "--ignore-formatted"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    if fmt.returncode != 0:
        raise KafkaUnavailable(f"kafka storage format failed: {fmt.stdout}{fmt.stderr}")
    out = open(logs / "stdout.log", "ab")  # noqa: SIM115 - handed to the child process
    proc = subprocess.Popen(
        ["java", "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
         f"-Dlog4j2.configurationFile={work / 'log4j2.properties'}", f"-Dkafka.logs.dir={logs}",
         "-cp", cp, "kafka.Kafka", str(props)],
        stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=dies_with_this_process(),  # a killed demo or test run takes its broker with it
    )
    bootstrap = f"127.0.0.1:{bport}"
    try:
        wait_until_ready(bootstrap, timeout_s=timeout_s, process=proc)
    except Exception:
        proc.kill()
        raise
    return JarKafka(bootstrap, work, proc, time.monotonic() - t0)
