#!/usr/bin/env bash
# Installs what `make demo` / `make test` need on a fresh machine, idempotently.
#   bootstrap.sh uv     -> uv only
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

# 1. uv and the locked Python workspace. uv comes from PyPI: an existing uv is kept; else pip --user; where pip
#    refuses (PEP 668, "externally-managed-environment" on Debian 12 / Ubuntu 24.04) a private venv under
#    ~/.cache/kria/uv-venv, else --user --break-system-packages (touches ~/.local only). ~/.local/bin/uv is what
#    the Makefile finds afterwards.
uv_venv="$HOME/.cache/kria/uv-venv"
export PATH="$HOME/.local/bin:$PATH"
have_uv() { command -v uv >/dev/null 2>&1; }
have_pip() { python3 -m pip --version >/dev/null 2>&1; }
uv_by_pip() {
  have_pip || return 1
  local out
  out="$(python3 -m pip install --quiet --user uv 2>&1)" && return 0
  if grep -qi "externally-managed" <<<"$out"; then
    say "pip refuses to install into this Python (PEP 668, externally managed)"
    return 1
  fi
  python3 -m pip install --quiet uv  # inside a virtualenv --user is refused
}
uv_by_venv() {
  if [ ! -x "$uv_venv/bin/uv" ]; then
    say "installing uv into a private venv ($uv_venv)"
    # Without python3-venv (ensurepip) this fails and leaves a half-made directory behind.
    python3 -m venv --clear "$uv_venv" >/dev/null 2>&1 && "$uv_venv/bin/python" -m pip install --quiet uv \
      || { rm -rf "$uv_venv"; return 1; }
  fi
  mkdir -p "$HOME/.local/bin" && ln -sf "$uv_venv/bin/uv" "$HOME/.local/bin/uv"
}
uv_by_breaking() {
  have_pip || return 1
  say "installing uv with pip --user --break-system-packages"
  python3 -m pip install --quiet --user --break-system-packages uv
}
install_uv() {
  say "installing uv from PyPI"
  uv_by_pip || uv_by_venv || uv_by_breaking
}
if ! have_uv; then
  if ! command -v python3 >/dev/null 2>&1; then
    apt_install python3 python3-pip python3-venv  # dies with this list when not root
  fi
  if ! install_uv; then
    missing=()
    have_pip || missing+=(python3-pip)
    python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
    [ "${#missing[@]}" -gt 0 ] || die "could not install uv with pip (see the pip output above); install uv yourself \
(https://docs.astral.sh/uv/getting-started/installation/) and run again"
    apt_install "${missing[@]}"  # dies naming them when not root
    install_uv || die "could not install uv even with ${missing[*]} installed; install uv yourself and run again"
  fi
  hash -r
fi
have_uv || die "uv is installed but not on PATH (expected in $HOME/.local/bin)"
[ "$mode" = "uv" ] && exit 0
# The kit's printable documents (kria_shared.documents): WeasyPrint needs pango; fonts with Cyrillic to embed.
doc_pkgs=()
ls /usr/lib/*/libpango-1.0.so.0 >/dev/null 2>&1 || doc_pkgs+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || doc_pkgs+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/liberation2 ] || doc_pkgs+=(fonts-liberation2)
if [ "${#doc_pkgs[@]}" -gt 0 ]; then apt_install "${doc_pkgs[@]}"; fi
say "uv sync (locked)"
uv sync --frozen --quiet

# 1b. The costing price-list PDF (WeasyPrint): pango for layout, a font with Cyrillic glyphs; poppler-utils to
#     look at pages as images and read their text back (pdftoppm, pdftotext).
doc=()
ls /usr/lib/*/libpango-1.0.so.0 /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 || doc+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || doc+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || doc+=(poppler-utils)
if [ "${#doc[@]}" -gt 0 ]; then apt_install "${doc[@]}"; fi

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
# The console's browser tests: Playwright drives Debian's Chromium (its own browser downloads are not used), with
# fonts that have Cyrillic for the screenshots.
command -v chromium >/dev/null 2>&1 || [ -n "${KRIA_CHROMIUM:-}" ] || pkgs+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || pkgs+=(fonts-dejavu-core)
# the document tests read PDFs back (pdftotext, pdftoppm) and decode their QR codes (zbarimg)
command -v pdftotext >/dev/null 2>&1 || pkgs+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || pkgs+=(zbar-tools)
if [ "${#pkgs[@]}" -gt 0 ]; then apt_install "${pkgs[@]}"; fi
if [ -x deploy/tools/install.sh ]; then
  say "deploy tools"
  bash deploy/tools/install.sh
fi
# 4. Containers: a working engine (Podman installed and configured only when none answers) with its Docker API
#    socket, for the container branch of the broker order and `make images` (deploy/containers/).
if [ "${KRIA_NO_CONTAINERS:-}" != 1 ]; then
  bash deploy/containers/podman-setup.sh socket
fi
say "ready"
