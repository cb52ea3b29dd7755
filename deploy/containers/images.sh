#!/usr/bin/env bash
# `make images`: the bases (debootstrap, cached), the wheelhouses (from uv.lock) and every image, built with
# the network off. Podman here; Docker on a laptop (KRIA_ENGINE=docker). Times and sizes go to
# build/images-report.txt.
#   images.sh            -> kafka, the four services and the console
#   images.sh kafka      -> the Kafka image only (what the container branch of the tests needs)
#   images.sh postgres prometheus -> the compose region's infrastructure (deploy/compose/compose.podman.yaml)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$here"
export PATH="$HOME/.local/bin:$PATH"
say() { printf '\033[1m[images]\033[0m %s\n' "$*" >&2; }
engine="${KRIA_ENGINE:-$(command -v podman || command -v docker)}"
tag="${KRIA_VERSION:-dev}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' shared/pyproject.toml | head -n1)"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD 2>/dev/null || commit="${commit}-dirty"
kafka_version="${KRIA_KAFKA_VERSION:-4.1.1}"
targets=("$@"); [ "${#targets[@]}" -gt 0 ] || targets=(kafka certificates costing assessment signing console)
report=build/images-report.txt; mkdir -p build; echo "# $(date -u +%FT%TZ) $commit $(nproc) cores" >> "$report"

build() {  # build NAME DOCKERFILE [--build-arg ...]
  local name="$1" file="$2"; shift 2
  local t0=$SECONDS image="localhost/kria/${name}:${tag}"
  local ignore=()  # podman: the ignore file beside the Dockerfile by name, and the docker format (HEALTHCHECK)
  [ "$(basename "$engine")" = podman ] && ignore=(--format docker) && [ -e "$file.dockerignore" ] && ignore+=(--ignorefile "$file.dockerignore")
  "$engine" build --quiet --network=none "${ignore[@]}" -f "$file" -t "$image" \
    --build-arg VERSION="$version" --build-arg COMMIT="$commit" "$@" . >/dev/null
  local size; size="$("$engine" image inspect "$image" --format '{{.Size}}')"
  printf '%-28s %4d s  %5d MB\n' "$image" $((SECONDS - t0)) $((size / 1000000)) | tee -a "$report" >&2
}

for t in "${targets[@]}"; do
  t0=$SECONDS
  case "$t" in
    kafka)
      bash deploy/containers/base.sh jre
      libs="$HOME/.cache/kria/kafka-${kafka_version}/libs"
      [ -d "$libs" ] || uv run --frozen kria-kafka --fetch-only >/dev/null
      rm -rf build/kafka && mkdir -p build/kafka && cp -a "$libs" build/kafka/libs
      build kafka deploy/docker/kafka/Dockerfile --build-arg KAFKA_VERSION="$kafka_version" ;;
    certificates|costing|assessment|signing|console)  # one Dockerfile: the console is a Python web app too
      bash deploy/containers/base.sh python
      w0=$SECONDS; bash deploy/containers/wheelhouse.sh "$t"
      say "wheelhouse $t: $((SECONDS - w0)) s"
      build "$t" deploy/docker/Dockerfile --build-arg SERVICE="$t" ;;
    postgres|prometheus)  # the compose region's own PostgreSQL and Prometheus, from Debian packages
      bash deploy/containers/base.sh "$t"
      build "$t" "deploy/docker/$t/Dockerfile" ;;
    *) echo "unknown image: $t" >&2; exit 2 ;;
  esac
  say "$t done in $((SECONDS - t0)) s (base, wheelhouse and build)"
done
