#!/usr/bin/env bash
# The wheelhouse of one service, made on the host from uv.lock: the image build then installs it with the
# network off (a build step that reaches the network is neither hermetic nor, here, possible).
#   wheelhouse.sh SERVICE  -> build/wheelhouse/SERVICE/{requirements.txt,*.whl}
set -euo pipefail
service="${1:?wheelhouse.sh certificates|costing|assessment|signing|console}"
here="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$here"
out="build/wheelhouse/$service"
rm -rf "$out"; mkdir -p "$out"
# Third-party pins exactly as locked; the workspace members are built as wheels beside them.
uv export --frozen --no-dev --no-hashes --no-emit-workspace --no-header --package "kria-$service" \
  -o "$out/requirements.txt" >/dev/null
python3 -m pip wheel --quiet --no-deps --disable-pip-version-check -r "$out/requirements.txt" -w "$out"
members=(kria-shared "kria-$service")
project="services/$service/pyproject.toml"; [ "$service" = console ] && project=console/pyproject.toml
grep -q '"kria-gost"' "$project" && members+=(kria-gost)
for m in "${members[@]}"; do
  uv build --quiet --wheel --package "$m" -o "$out" 2>/dev/null
done
printf '%s\n' "${members[@]}" > "$out/members.txt"
