#!/usr/bin/env bash
# server.properties from the environment (KAFKA_FOO_BAR=x -> foo.bar=x, as apache/kafka does), storage
# formatted once with CLUSTER_ID, then the broker in the foreground (exec: it gets SIGTERM).
set -euo pipefail
: "${KAFKA_NODE_ID:=1}"
: "${KAFKA_PROCESS_ROLES:=broker,controller}"
: "${KAFKA_LISTENERS:=PLAINTEXT://:9092,CONTROLLER://:9093}"
: "${KAFKA_ADVERTISED_LISTENERS:=PLAINTEXT://localhost:9092}"
: "${KAFKA_CONTROLLER_LISTENER_NAMES:=CONTROLLER}"
: "${KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT}"
: "${KAFKA_INTER_BROKER_LISTENER_NAME:=PLAINTEXT}"
: "${KAFKA_CONTROLLER_QUORUM_VOTERS:=${KAFKA_NODE_ID}@localhost:9093}"
: "${KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR:=1}"
: "${KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR:=1}"
: "${KAFKA_TRANSACTION_STATE_LOG_MIN_ISR:=1}"
: "${KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR:=1}"
: "${KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR:=1}"
: "${KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS:=0}"
: "${CLUSTER_ID:=a3JpYS1rcmFmdC0wMDAwMQ}"
export KAFKA_NODE_ID KAFKA_PROCESS_ROLES KAFKA_LISTENERS KAFKA_ADVERTISED_LISTENERS KAFKA_CONTROLLER_LISTENER_NAMES \
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP KAFKA_INTER_BROKER_LISTENER_NAME KAFKA_CONTROLLER_QUORUM_VOTERS \
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR \
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR \
  KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS

conf=/tmp/kafka; mkdir -p "$conf"
props="$conf/server.properties"
: > "$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_HEALTH_PORT|KAFKA_VERSION) continue ;;
    KAFKA_*) key="${name#KAFKA_}"; key="${key,,}"; key="${key//___/-}"; key="${key//__/@}"; key="${key//_/.}"
             printf '%s=%s\n' "${key//@/_}" "$value" >> "$props" ;;
  esac
done < <(env)
cat > "$conf/log4j2.properties" <<'LOG'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
LOG
cp="/opt/kafka/libs/*"
jvm=(-XX:-UsePerfData -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
     "-Dlog4j2.configurationFile=$conf/log4j2.properties" -Dkafka.logs.dir=/tmp/kafka)
# shellcheck disable=SC2086  # the heap options are a list
java $KAFKA_HEAP_OPTS "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$props" \
  --ignore-formatted >/dev/null
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS "${jvm[@]}" ${KAFKA_OPTS:-} -cp "$cp" kafka.Kafka "$props"
