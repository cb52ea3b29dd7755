"""Fetch the Apache Kafka broker jars from Maven Central into a user cache, once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

KAFKA_VERSION = "4.1.1"
LOG4J_VERSION = "2.24.3"

POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.kria.local</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>{KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId>
      <version>{KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId>
      <version>{LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId>
      <version>{LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
"""


class KafkaUnavailable(RuntimeError):
    """No way to run a real broker on this machine; the message says what is missing."""


def cache_dir() -> Path:
    base = os.environ.get("KRIA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")), "kria"
    )
    return Path(base) / f"kafka-{KAFKA_VERSION}"


MIN_JAVA = 17  # Kafka 4 brokers need Java 17


def java_major(version_output: str) -> int | None:
    """The major version from ``java -version`` ("17.0.15", "21", and the old "1.8.0_402" form)."""
    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if m is None:
        return None
    major = int(m[1])
    return int(m[2] or 0) if major == 1 else major


def require_java() -> None:
    """Fail with what to install, before a broker start fails with a JVM error nobody can read."""
    if shutil.which("java") is None:
        raise KafkaUnavailable(
            "No JDK: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless), "
            "or set KAFKA_BOOTSTRAP_SERVERS, or run a Docker engine."
        )
    out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60, check=False)
    major = java_major(out.stderr + out.stdout)
    if major is not None and major < MIN_JAVA:
        raise KafkaUnavailable(
            f"Java {major} found; the Kafka {KAFKA_VERSION} broker needs Java {MIN_JAVA} or later "
            "(Debian: apt-get install openjdk-17-jre-headless), or set KAFKA_BOOTSTRAP_SERVERS."
        )


def ensure_jars() -> Path:
    """Return the directory of broker jars, downloading them with Maven if absent."""
    libs = cache_dir() / "libs"
    marker = libs / ".complete"
    require_java()
    if marker.exists():
        return libs
    if shutil.which("mvn") is None:
        raise KafkaUnavailable(
            "No Maven to fetch the Kafka jars (Debian: apt-get install maven), "
            "or set KAFKA_BOOTSTRAP_SERVERS, or run a Docker engine."
        )
    work = cache_dir()
    work.mkdir(parents=True, exist_ok=True)
    (work / "pom.xml").write_text(POM, encoding="utf-8")
    tmp = work / "libs.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    proc = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={tmp}", "-DincludeScope=runtime"],
        capture_output=True, text=True, timeout=900, check=False,
    )
    if proc.returncode != 0:
        raise KafkaUnavailable(f"Maven could not fetch the Kafka jars:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    shutil.rmtree(libs, ignore_errors=True)
    tmp.rename(libs)
    marker.write_text(KAFKA_VERSION, encoding="utf-8")
    return libs
