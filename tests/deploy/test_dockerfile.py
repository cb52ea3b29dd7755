"""The service image's Dockerfile, checked directive by directive (no engine here to build it)."""

from __future__ import annotations

import re
import shlex

from .support import DEPLOY, ROOT

DOCKERFILE = DEPLOY / "docker" / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for ins in instructions():
        if ins[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(ins)
    return result


def test_two_stages_from_a_pinned_python_base() -> None:
    args = {k: v for k, _, v in (a.partition("=") for i, a in instructions() if i == "ARG")}
    base = args["PYTHON_IMAGE"]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base), base
    froms = [a for i, a in instructions() if i == "FROM"]
    assert froms == ["${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE} AS runtime"]


def test_the_service_is_a_build_argument_installed_with_uv_from_the_lock() -> None:
    build = stages()[0]
    assert ("ARG", "SERVICE") in build
    runs = " ".join(a for i, a in build if i == "RUN")
    assert 'uv sync --frozen --no-dev --no-editable --package "kria-${SERVICE}"' in runs
    assert 'test -n "${SERVICE}"' in runs  # a build without SERVICE fails with a message


def test_runtime_stage_is_non_root_with_healthcheck_on_liveness() -> None:
    runtime = stages()[-1]
    users = [a for i, a in runtime if i == "USER"]
    assert users == ["10001:10001"]
    assert not any(i == "RUN" for i, _ in runtime[runtime.index(("USER", "10001:10001")):])
    health = next(a for i, a in runtime if i == "HEALTHCHECK")
    assert "/health/live" in health and "--timeout=" in health
    entry = next(a for i, a in runtime if i == "ENTRYPOINT")
    assert entry == '["kria-service"]'
    env = " ".join(a for i, a in runtime if i == "ENV")
    assert "KRIA_HTTP_HOST=0.0.0.0" in env and "KRIA_VAR_DIR=/app/var" in env
    # read-only root filesystem: every path the process writes is a declared volume
    assert ("VOLUME", '["/app/var", "/tmp"]') in runtime


def test_copied_sources_exist_and_nothing_is_fetched_by_url() -> None:
    for ins, args in instructions():
        assert ins != "ADD", "ADD can fetch URLs and unpack archives; use COPY"
        if ins == "COPY" and "--from=" not in args:
            *sources, _dest = [a for a in shlex.split(args) if not a.startswith("--")]
            for src in sources:
                assert (ROOT / src).exists(), src
    lines = (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text().splitlines()
    patterns = [p for p in lines if p and not p.startswith("#")]
    assert patterns[0] == "**" and "!uv.lock" in patterns  # an allow-list: only what the image needs
