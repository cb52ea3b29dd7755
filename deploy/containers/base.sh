#!/usr/bin/env bash
# Makes a base image from Debian packages with debootstrap (no registry needed) and imports it into Podman
# (or Docker). The root filesystem tarball is cached under ~/.cache/kria/bases, keyed by suite + package list,
# so it is made once per package list (~100 s) and re-imported in seconds.
#   base.sh python    -> localhost/kria/base-python:bookworm  (the services)
#   base.sh jre       -> localhost/kria/base-jre:bookworm     (Kafka)
#   base.sh postgres  -> localhost/kria/base-postgres:bookworm (the compose region's PostgreSQL)
#   base.sh prometheus -> localhost/kria/base-prometheus:bookworm
set -euo pipefail
say() { printf '\033[1m[base]\033[0m %s\n' "$*" >&2; }
flavour="${1:?base.sh python|jre|postgres}"
suite="${KRIA_DEBIAN_SUITE:-bookworm}"
engine="${KRIA_ENGINE:-$(command -v podman || command -v docker)}"
case "$flavour" in
  # libengine-gost-openssl: signing's GOST checks through OpenSSL; tini-free: the services handle SIGTERM.
  python)   pkgs="python3,python3-venv,ca-certificates,openssl,libengine-gost-openssl" ;;
  jre)      pkgs="openjdk-17-jre-headless,ca-certificates" ;;
  postgres) pkgs="postgresql,ca-certificates" ;;
  # Debian's Prometheus build (Grafana has no Debian or PyPI build: the compose region under Podman goes without it)
  prometheus) pkgs="prometheus,ca-certificates" ;;
  *) echo "unknown base flavour: $flavour" >&2; exit 2 ;;
esac
tag="localhost/kria/base-${flavour}:${suite}"
key="$(printf '%s %s' "$suite" "$pkgs" | sha256sum | cut -c1-16)"
cache="$HOME/.cache/kria/bases"
tarball="$cache/${flavour}-${suite}-${key}.tar"
mkdir -p "$cache"
if "$engine" image inspect "$tag" --format '{{index .Config.Labels "org.kria.base.key"}}' 2>/dev/null | grep -qx "$key"; then
  say "$tag is current ($key)"; exit 0
fi
if [ ! -s "$tarball" ]; then
  # The mirror apt already uses (no other network is assumed).
  mirror="$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1 | awk '{print $2}')"
  mirror="${mirror:-http://deb.debian.org/debian}"
  root="$(mktemp -d "$cache/rootfs.XXXXXX")"
  trap 'rm -rf "$root"' EXIT
  t0=$(date +%s)
  say "debootstrap $suite ($pkgs) from $mirror"
  debootstrap --variant=minbase --include="$pkgs" "$suite" "$root" "$mirror" >"$cache/${flavour}.debootstrap.log" 2>&1 \
    || { tail -20 "$cache/${flavour}.debootstrap.log" >&2; exit 1; }
  # Nothing the images do not need at run time: apt lists, caches, docs.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
         "$root"/usr/share/locale/*
  tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  say "rootfs made in $(( $(date +%s) - t0 )) s: $(du -h "$tarball" | cut -f1)"
fi
"$engine" import --change "LABEL org.kria.base.key=$key" --change 'CMD ["/bin/bash"]' "$tarball" "$tag" >/dev/null
say "imported $tag ($key)"
