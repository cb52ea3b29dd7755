"""deploy/containers/podman-setup.sh writes containers.conf only when it is absent or its own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .support import DEPLOY

SCRIPT = DEPLOY / "containers" / "podman-setup.sh"
MARK = "# written by KRiA deploy/containers/podman-setup.sh"


def configure(conf: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KRIA_CONTAINERS_CONF": str(conf)}
    return subprocess.run(["bash", str(SCRIPT), "configure"], env=env, capture_output=True, text=True, timeout=30,
                          check=True)


def test_an_absent_file_is_written_with_runc_and_rlimits_within_the_hosts_hard_limits(tmp_path: Path) -> None:
    conf = tmp_path / "containers" / "containers.conf"
    configure(conf)
    text = conf.read_text()
    assert text.splitlines()[0] == MARK
    assert 'runtime = "runc"' in text
    hard_nofile = int(subprocess.run(["bash", "-c", "ulimit -Hn"], capture_output=True, text=True).stdout)
    nofile = int(text.split('"nofile=')[1].split(":")[0])
    assert 0 < nofile <= min(hard_nofile, 20000)


def test_its_own_file_is_rewritten(tmp_path: Path) -> None:
    conf = tmp_path / "containers.conf"
    conf.write_text(f"{MARK}\n[engine]\nruntime = \"crun\"\n")
    configure(conf)
    assert 'runtime = "runc"' in conf.read_text()


def test_a_developers_own_file_is_never_overwritten(tmp_path: Path) -> None:
    conf = tmp_path / "containers.conf"
    mine = "[engine]\nruntime = \"crun\"\n# my laptop\n"
    conf.write_text(mine)
    done = configure(conf)
    assert conf.read_text() == mine
    assert "not ours" in done.stderr
