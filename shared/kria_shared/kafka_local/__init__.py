"""A real Apache Kafka broker for the demo, the tests and the benchmark.

Chosen in this order: ``KAFKA_BOOTSTRAP_SERVERS`` if set; a testcontainers Kafka container when a
Docker engine answers a ping; else a single-node KRaft broker run from the Apache Kafka jars on
Maven Central with the local JDK (see deploy/local/README.md).
"""

from kria_shared.kafka_local.choose import RunningKafka, start_kafka

__all__ = ["RunningKafka", "start_kafka"]
