#!/usr/bin/env bash
# A whole region from deploy/compose under Podman (podman-compose), the demo played against it, torn down.
#   region.sh up | demo [ARGS] | down | all [ARGS]     (all = up, demo, down; down runs even when demo fails)
# Needs the images: deploy/containers/images.sh kafka postgres prometheus certificates costing assessment signing
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$here"
export PATH="$HOME/.local/bin:$PATH"
say() { printf '\033[1m[region]\033[0m %s\n' "$*" >&2; }
state="$here/var/region"
compose=(podman-compose -p kria-region -f deploy/compose/compose.podman.generated.yaml)
set -a; . deploy/compose/example.env; set +a
export KRIA_DEV_KEYS_HOST_DIR="$state/dev-keys" KRIA_DEV_KEYS_DIR="$state/dev-keys"

wait_http() {  # wait_http URL SECONDS: until /health/ready says the database and Kafka are up
  local deadline=$((SECONDS + $2))
  until curl -fsS -m 3 "$1" 2>/dev/null | grep -q '"kafka": *true'; do
    [ $SECONDS -lt $deadline ] || { say "not ready in $2 s: $1"; return 1; }
    sleep 2
  done
}

up() {
  local t0=$SECONDS
  mkdir -p "$state/var" "$state/dev-keys"
  uv run --frozen kria token --role platform_operator >/dev/null   # the dev key pair the services verify with
  # signing's /app/var and the dev keys (the services read the dev key pair) belong to uid 10001 of the images
  chown -R 10001:10001 "$state/var" "$state/dev-keys"
  uv run --frozen python deploy/containers/region_compose.py "$state/var" >/dev/null
  # podman-compose orders by depends_on but has no health conditions: the infrastructure first, polled here.
  "${compose[@]}" up -d kafka postgres >/dev/null
  uv run --frozen python -c "from kria_shared.kafka_local.ready import wait_until_ready as w; w('127.0.0.1:19092', timeout_s=120)"
  until podman exec kria-region_postgres_1 psql -U postgres -tAc "select 1 from pg_database where datname='signing'" 2>/dev/null | grep -q 1; do
    [ $((SECONDS - t0)) -lt 180 ] || { say "PostgreSQL not ready"; return 1; }; sleep 2
  done
  "${compose[@]}" up -d >/dev/null
  for port in 8101 8102 8103 8104; do wait_http "http://127.0.0.1:$port/health/ready" 180; done
  curl -fsS -m 3 http://127.0.0.1:9090/-/ready >/dev/null && say "Prometheus ready"
  say "region up in $((SECONDS - t0)) s: $(podman ps --filter label=io.podman.compose.project=kria-region --format '{{.Names}}' | tr '\n' ' ')"
}

demo() {
  uv run --frozen kria demo --against http://127.0.0.1:8101,http://127.0.0.1:8102,http://127.0.0.1:8103,http://127.0.0.1:8104 \
    --kafka 127.0.0.1:19092 --var "$state/var" --report "$state/demo-report.json" "$@"
}

down() {
  # -v: also the anonymous volumes of the images' VOLUME lines (/tmp, /app/var), which compose down leaves
  podman ps -a -q --filter label=io.podman.compose.project=kria-region | xargs -r podman rm -f -v >/dev/null 2>&1 || true
  "${compose[@]}" down -v >/dev/null 2>&1 || true
  podman volume ls --format '{{.Name}}' | grep '^kria-region_' | xargs -r podman volume rm -f >/dev/null || true
  podman network rm -f kria-region_default >/dev/null 2>&1 || true
  rm -rf "$state"
  say "region down"
}

case "${1:-all}" in
  up) up ;;
  demo) shift; demo "$@" ;;
  down) down ;;
  all) shift || true; rc=0; up && demo "$@" || rc=$?; down; exit $rc ;;
  *) echo "region.sh up|demo|down|all" >&2; exit 2 ;;
esac
