#!/usr/bin/env bash
# Installs what `make demo` / `make test` need on a fresh machine, idempotently.
#   bootstrap.sh demo   -> uv, the Python workspace, a JDK + Maven, the Kafka jars
#   bootstrap.sh test   -> the above plus PostgreSQL, the GOST engine for OpenSSL, Prometheus, deploy tools
# Debian packages are installed only when running as root (CI); otherwise it says what is missing.
set -euo pipefail
mode="${1:-demo}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[bootstrap] %s\033[0m\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {  # apt_install PACKAGE... (root only)
  if [ "$(id -u)" != "0" ]; then
    die "missing system packages: $* — install them (Debian: sudo apt-get install $*) and run again"
  fi
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"; DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. uv (from PyPI) and the locked Python workspace.
if ! command -v uv >/dev/null 2>&1; then
  export PATH="$HOME/.local/bin:$PATH"
fi
if ! command -v uv >/dev/null 2>&1; then
  command -v python3 >/dev/null || die "no python3: install Python 3.11+"
  say "installing uv from PyPI"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv \
    || die "could not install uv with pip"
  export PATH="$HOME/.local/bin:$PATH"
fi
command -v uv >/dev/null || die "uv is installed but not on PATH"
say "uv sync (locked)"
uv sync --frozen --quiet

# 2. A real Kafka broker: an existing cluster, a Docker engine, or the jars with a local JDK.
if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  need=()
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  if [ "${#need[@]}" -gt 0 ]; then
    if uv run --frozen python -c "from kria_shared.kafka_local.choose import docker_engine_answers as d; raise SystemExit(0 if d() else 1)"; then
      say "a Docker engine answers: Kafka will run in a container"
    else
      apt_install "${need[@]}"
    fi
  fi
  if command -v mvn >/dev/null 2>&1; then
    say "Kafka jars (Maven Central, cached in ~/.cache/kria)"
    uv run --frozen kria-kafka --fetch-only >/dev/null
  fi
fi

[ "$mode" = "demo" ] && exit 0

# 3. Test-only infrastructure.
pkgs=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${KRIA_TEST_POSTGRES_URL:-}" ] || pkgs+=(postgresql)
ls /usr/lib/x86_64-linux-gnu/engines-3/gost.so /usr/lib/*/engines-3/gost.so >/dev/null 2>&1 || pkgs+=(libengine-gost-openssl)
command -v openssl >/dev/null 2>&1 || pkgs+=(openssl)
command -v promtool >/dev/null 2>&1 || pkgs+=(prometheus)
if [ "${#pkgs[@]}" -gt 0 ]; then apt_install "${pkgs[@]}"; fi
if [ -x deploy/tools/install.sh ]; then
  say "deploy tools"
  bash deploy/tools/install.sh
fi
say "ready"
