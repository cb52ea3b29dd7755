#!/usr/bin/env bash
# Installs and configures Podman when no container engine answers (CI machines of this project have none).
# Idempotent; root only. Never overwrites a containers.conf that is not ours (marked by the first line).
#   podman-setup.sh           -> install (when needed) + configure
#   podman-setup.sh socket    -> also start the Docker-compatible API socket (testcontainers, compose)
#   podman-setup.sh configure -> only write containers.conf (KRIA_CONTAINERS_CONF, default below)
set -euo pipefail
say() { printf '\033[1m[podman]\033[0m %s\n' "$*" >&2; }
MARK="# written by KRiA deploy/containers/podman-setup.sh"
CONF="${KRIA_CONTAINERS_CONF:-/etc/containers/containers.conf}"
SOCK="${KRIA_PODMAN_SOCKET:-/run/podman/podman.sock}"

engine_answers() {  # a working engine: an existing docker daemon, or a podman that runs
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then return 0; fi
  command -v podman >/dev/null 2>&1 && podman info >/dev/null 2>&1
}

# crun fails on this kernel ("cgroups in hybrid mode not supported") and Podman's default rlimits exceed the
# host's hard limits ("setrlimit: operation not permitted"): runc, and rlimits read from this host.
configure() {
if [ ! -e "$CONF" ] || head -n1 "$CONF" | grep -qxF "$MARK"; then
  nofile="$(ulimit -Hn)"; nproc="$(ulimit -Hu)"
  # Capped at 20000: a value equal to the reported hard nproc limit (96362 here) is still refused by this
  # sandbox's setrlimit; 20000 is what was verified to work, and ample for a broker or a service.
  [ "$nofile" = unlimited ] || [ "$nofile" -gt 20000 ] && nofile=20000
  [ "$nproc" = unlimited ] || [ "$nproc" -gt 20000 ] && nproc=20000
  mkdir -p "$(dirname "$CONF")"
  cat > "$CONF.tmp" <<CONFEOF
$MARK
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]
[engine]
runtime = "runc"
CONFEOF
  mv "$CONF.tmp" "$CONF"
  say "$CONF: runc, nofile=$nofile nproc=$nproc"
else
  say "$CONF exists and is not ours: left as it is"
fi
}

if [ "${1:-}" = configure ]; then configure; exit 0; fi

if [ "$(id -u)" != "0" ]; then
  engine_answers && exit 0
  say "no container engine answers and not root: install podman + runc (Debian: sudo apt-get install podman runc debootstrap)"
  exit 1
fi

if ! command -v podman >/dev/null 2>&1; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    say "a Docker engine answers: podman not installed"; exit 0
  fi
  say "apt-get install podman runc debootstrap podman-compose + the CNI dnsname plugin (containers by name)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman runc debootstrap catatonit podman-compose golang-github-containernetworking-plugin-dnsname >/dev/null
fi
command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
# `podman kube play` builds its pods' pause image locally, around catatonit (tests/containers/test_kube_play.py).
command -v catatonit >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends catatonit >/dev/null
# Debian's Podman 4.3 networks with CNI: containers find each other by name (compose) only with dnsname.
if [ "$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null)" = cni ] && [ ! -x /usr/lib/cni/dnsname ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    golang-github-containernetworking-plugin-dnsname >/dev/null
fi

configure

if [ "${1:-}" = socket ]; then
  # A service started by an earlier version of this script from a checkout since deleted: start it afresh.
  old=$(cat /run/podman/kria-service.pid 2>/dev/null || true)
  if [ -n "$old" ] && readlink "/proc/$old/cwd" 2>/dev/null | grep -q "(deleted)$"; then
    kill "$old" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
    rm -f "$SOCK"
  fi
  if [ ! -S "$SOCK" ] || ! curl -s --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; then
    mkdir -p "$(dirname "$SOCK")"
    # From /: the service outlives the checkout that started it, and a deleted working directory makes every
    # container start fail ("write child: broken pipe").
    (cd / && exec nohup podman system service --time=0 "unix://$SOCK" >/tmp/kria-podman-service.log 2>&1) &
    echo $! > /run/podman/kria-service.pid
    for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
    say "Docker API on unix://$SOCK (pid $(cat /run/podman/kria-service.pid))"
  fi
fi
