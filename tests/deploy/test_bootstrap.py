"""The uv step of deploy/local/bootstrap.sh on the machines it must survive, in a sandboxed HOME and PATH.

A fake python3 behaves like a stock Debian 12 / Ubuntu 24.04 one (PEP 668, pip or python3-venv missing); a fake
apt-get records what would be installed; a fake `id` decides whether we are root. Nothing real is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .support import DEPLOY

BOOTSTRAP = DEPLOY / "local" / "bootstrap.sh"
# What bootstrap.sh itself calls besides the fakes; linked into the sandbox so no real uv/python3 is visible.
UTILS = ("bash", "dirname", "mkdir", "ln", "rm", "grep", "cat", "touch", "chmod", "cp")

FAKE_UV = '#!/bin/bash\necho "uv 0.0.0-fake"\n'

# $STATE/{pip,venv,pep668} switch the fake Python's capabilities; installs drop a fake uv where pip would.
FAKE_PYTHON = r"""#!/bin/bash
bin_dir="$(cd "$(dirname "$0")" && pwd)"
in_venv=0; [ -f "$bin_dir/pyvenv.cfg" ] && in_venv=1
put_uv() { mkdir -p "$1"; printf '%s' "$FAKE_UV" >"$1/uv"; chmod +x "$1/uv"; }
case "$1 $2" in
  "-c import ensurepip") [ -f "$STATE/venv" ] ;;
  "-m venv")
    shift 2; [ "$1" = "--clear" ] && shift
    [ -f "$STATE/venv" ] || { echo "ensurepip is not available" >&2; mkdir -p "$1"; exit 1; }
    mkdir -p "$1/bin"; cp "$0" "$1/bin/python"; touch "$1/bin/pyvenv.cfg"; echo "venv $1" >>"$STATE/log" ;;
  "-m pip")
    [ "$in_venv" = 1 ] || [ -f "$STATE/pip" ] || { echo "No module named pip" >&2; exit 1; }
    [ "$3" = "--version" ] && exit 0
    echo "pip $*" >>"$STATE/log"
    if [ "$in_venv" = 1 ]; then put_uv "$bin_dir"; exit 0; fi
    if [ -f "$STATE/pep668" ] && [[ " $* " != *" --break-system-packages "* ]]; then
      echo "error: externally-managed-environment" >&2; exit 1
    fi
    put_uv "$HOME/.local/bin" ;;
  *) echo "fake python3: unexpected $*" >&2; exit 2 ;;
esac
"""

FAKE_APT = r"""#!/bin/bash
echo "apt-get $*" >>"$STATE/log"
for p in "$@"; do
  case "$p" in python3-pip) touch "$STATE/pip" ;; python3-venv) touch "$STATE/venv" ;; esac
done
"""


def sandbox(tmp_path: Path, *, uid: int, caps: set[str], python: bool = True) -> tuple[dict[str, str], Path]:
    home, bin_dir, state = tmp_path / "home", tmp_path / "bin", tmp_path / "state"
    for d in (home, bin_dir, state):
        d.mkdir()
    for util in UTILS:
        real = shutil.which(util)
        assert real, util
        (bin_dir / util).symlink_to(real)
    fakes = {"id": f"#!/bin/bash\necho {uid}\n", "apt-get": FAKE_APT}
    if python:
        fakes["python3"] = FAKE_PYTHON
    for name, text in fakes.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    for cap in caps:
        (state / cap).touch()
    env = {"HOME": str(home), "PATH": str(bin_dir), "STATE": str(state), "FAKE_UV": FAKE_UV}
    return env, state


def bootstrap_uv(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash
    return subprocess.run([bash, str(BOOTSTRAP), "uv"], env=env, capture_output=True, text=True, timeout=60)


def log(state: Path) -> str:
    return (state / "log").read_text() if (state / "log").exists() else ""


def test_the_script_parses() -> None:
    assert subprocess.run(["bash", "-n", str(BOOTSTRAP)], capture_output=True).returncode == 0


def test_plain_pip_user_install_when_python_allows_it(tmp_path: Path) -> None:
    env, state = sandbox(tmp_path, uid=1000, caps={"pip", "venv"})
    done = bootstrap_uv(env)
    assert done.returncode == 0, done.stderr
    assert (Path(env["HOME"]) / ".local/bin/uv").exists()
    assert log(state).splitlines() == ["pip -m pip install --quiet --user uv"]


def test_pep_668_python_gets_uv_from_a_private_venv(tmp_path: Path) -> None:
    env, state = sandbox(tmp_path, uid=1000, caps={"pip", "venv", "pep668"})
    done = bootstrap_uv(env)
    assert done.returncode == 0, done.stderr
    link = Path(env["HOME"]) / ".local/bin/uv"
    assert link.is_symlink() and os.readlink(link) == f"{env['HOME']}/.cache/kria/uv-venv/bin/uv"
    assert "break-system-packages" not in log(state) and "PEP 668" in done.stderr
    # Idempotent: a second run finds uv and installs nothing.
    before = log(state)
    again = bootstrap_uv(env)
    assert again.returncode == 0, again.stderr
    assert log(state) == before


def test_pep_668_without_venv_falls_back_to_break_system_packages(tmp_path: Path) -> None:
    env, state = sandbox(tmp_path, uid=1000, caps={"pip", "pep668"})
    done = bootstrap_uv(env)
    assert done.returncode == 0, done.stderr
    assert "pip -m pip install --quiet --user --break-system-packages uv" in log(state)
    assert not (Path(env["HOME"]) / ".cache/kria/uv-venv").exists()  # the failed venv is not left behind


def test_no_pip_no_venv_as_user_names_the_missing_packages(tmp_path: Path) -> None:
    env, state = sandbox(tmp_path, uid=1000, caps=set())
    done = bootstrap_uv(env)
    assert done.returncode == 1
    assert "python3-pip" in done.stderr and "python3-venv" in done.stderr
    assert "apt-get" not in log(state)  # never tries to install system packages without root


def test_no_pip_as_root_installs_pip_and_venv_then_uv(tmp_path: Path) -> None:
    env, state = sandbox(tmp_path, uid=0, caps={"pep668"})
    done = bootstrap_uv(env)
    assert done.returncode == 0, done.stderr
    assert "apt-get install -y -qq --no-install-recommends python3-pip python3-venv" in log(state)
    assert (Path(env["HOME"]) / ".local/bin/uv").exists()


def test_no_python_as_user_says_so(tmp_path: Path) -> None:
    env, _ = sandbox(tmp_path, uid=1000, caps=set(), python=False)
    done = bootstrap_uv(env)
    assert done.returncode == 1 and "python3" in done.stderr


def test_an_existing_uv_is_kept(tmp_path: Path) -> None:
    env, state = sandbox(tmp_path, uid=1000, caps=set())
    (Path(env["HOME"]) / ".local/bin").mkdir(parents=True)
    (Path(env["HOME"]) / ".local/bin/uv").write_text(FAKE_UV)
    (Path(env["HOME"]) / ".local/bin/uv").chmod(0o755)
    done = bootstrap_uv(env)
    assert done.returncode == 0, done.stderr
    assert log(state) == ""


def test_uv_mode_stops_before_the_workspace_sync(tmp_path: Path) -> None:
    env, _ = sandbox(tmp_path, uid=1000, caps={"pip"})
    done = bootstrap_uv(env)
    assert done.returncode == 0 and "uv sync" not in done.stderr
