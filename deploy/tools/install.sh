#!/usr/bin/env bash
# Installs the tools the deploy tests (tests/deploy) need, idempotently, into $KRIA_TOOLS_DIR
# (default ~/.cache/kria/tools); a second run does nothing. Called by deploy/local/bootstrap.sh (make test, CI).
#   prometheus, promtool   Debian package `prometheus` (apt-get, as root)
#   kustomize              `kubectl kustomize` when kubectl is present, else go install kustomize v5.5.0
#   compose-config         go build of deploy/tools/compose-config: compose-go v2.9.1, the loader and schema
#                          validation of `docker compose config` (the compose plugin is not installable here)
#   kubernetes-validate    PyPI 1.37.0 in its own venv: offline Kubernetes JSON schemas
# Prints what it did and how long it took: about 80 s on a fresh machine (Go modules and the schema package
# downloaded, compose-config compiled), under a second when everything is there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="${KRIA_TOOLS_DIR:-$HOME/.cache/kria/tools}"
bin="$tools/bin"
mkdir -p "$bin"
export PATH="$HOME/.local/bin:/usr/local/go/bin:$PATH"
say() { printf '[deploy-tools] %s\n' "$*" >&2; }
started=$(date +%s)

apt_updated=0
apt_install() {
  if [ "$(id -u)" != "0" ]; then
    say "missing Debian packages: $* (run: sudo apt-get install $*)"; exit 1
  fi
  if [ "$apt_updated" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; apt_updated=1; fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. Prometheus and promtool (rules check, rules unit tests, the real-Prometheus test).
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  apt_install prometheus
  # The package starts a system Prometheus on :9090; the tests run their own.
  (systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || service prometheus stop >/dev/null 2>&1) || true
fi

# 2. Go (to build the two Go tools). The toolchain directive of go.mod fetches a newer Go from the module proxy.
if ! command -v go >/dev/null 2>&1; then
  apt_install golang-go ca-certificates
fi
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" GOFLAGS="${GOFLAGS:--buildvcs=false}"

# 3. compose-config (rebuilt when its source changes).
stamp="$(cat "$here/compose-config/go.mod" "$here/compose-config/go.sum" "$here/compose-config/main.go" | sha256sum | cut -c1-16)"
if [ ! -x "$bin/compose-config" ] || [ "$(cat "$bin/.compose-config.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "building compose-config (compose-go, from the Go module proxy)"
  (cd "$here/compose-config" && go build -trimpath -o "$bin/compose-config" .)
  echo "$stamp" > "$bin/.compose-config.stamp"
fi

# 4. kustomize: kubectl's built-in one, else the standalone binary.
if ! command -v kubectl >/dev/null 2>&1 && [ ! -x "$bin/kustomize" ]; then
  say "go install kustomize v5.5.0"
  GOBIN="$bin" go install sigs.k8s.io/kustomize/kustomize/v5@v5.5.0
fi

# 5. kubernetes-validate in its own venv (the workspace lock stays untouched).
venv="$tools/venv"
if [ ! -x "$venv/bin/kubernetes-validate" ] || ! "$venv/bin/python" -c "import kubernetes_validate" 2>/dev/null; then
  command -v uv >/dev/null 2>&1 || { say "uv is missing (deploy/local/bootstrap.sh installs it)"; exit 1; }
  say "kubernetes-validate 1.37.0 into $venv"
  # the workspace's interpreter (uv must not try to download a Python: only package registries are reachable)
  py="$here/../../.venv/bin/python"; [ -x "$py" ] || py="$(command -v python3.11 || command -v python3)"
  UV_PYTHON_DOWNLOADS=never uv venv -q --allow-existing --python "$py" "$venv"
  uv pip install -q --python "$venv/bin/python" "kubernetes-validate==1.37.0"
fi

say "ready in $(( $(date +%s) - started )) s: $(ls "$bin" | tr '\n' ' ')venv"
