"""The service image's Dockerfile, checked directive by directive (tests/containers builds and runs it)."""

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


def test_two_stages_from_the_project_base_given_as_a_build_argument() -> None:
    args = {k: v for k, _, v in (a.partition("=") for i, a in instructions() if i == "ARG")}
    # the base deploy/containers/base.sh makes from Debian packages; a laptop may pass python:3.11-slim-bookworm
    assert args["BASE_IMAGE"] == "localhost/kria/base-python:bookworm"
    froms = [a for i, a in instructions() if i == "FROM"]
    assert froms == ["${BASE_IMAGE} AS build", "${BASE_IMAGE} AS runtime"]


def test_the_service_is_installed_offline_from_the_lock_made_wheelhouse() -> None:
    build = stages()[0]
    assert ("ARG", "SERVICE") in build
    assert ("COPY", "build/wheelhouse/${SERVICE} /wheels") in build
    runs = " ".join(a for i, a in build if i == "RUN")
    assert 'test -n "${SERVICE}"' in runs  # a build without SERVICE fails with a message
    installs = [r for r in runs.split("&&") if "pip install" in r]
    assert installs and all("--no-index" in r for r in installs), installs  # nothing fetched at build time
    wheelhouse = (ROOT / "deploy" / "containers" / "wheelhouse.sh").read_text()
    assert "uv export --frozen --no-dev" in wheelhouse  # the pins are uv.lock's


def test_labels_carry_version_and_commit() -> None:
    runtime = stages()[-1]
    labels = " ".join(a for i, a in runtime if i == "LABEL")
    assert 'org.opencontainers.image.version="${VERSION}"' in labels
    assert 'org.opencontainers.image.revision="${COMMIT}"' in labels


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
                if src.startswith("build/wheelhouse/"):
                    continue  # made on the host by deploy/containers/wheelhouse.sh before the build
                assert (ROOT / src).exists(), src
    lines = (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text().splitlines()
    patterns = [p for p in lines if p and not p.startswith("#")]
    assert patterns[0] == "**" and "!build/wheelhouse/" in patterns  # an allow-list: only what the image needs
