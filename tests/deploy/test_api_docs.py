"""The committed OpenAPI and AsyncAPI documents are those the four apps generate now."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from .support import CONSUMES, DEPLOY, ROOT, SERVICES, run


def gen_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", DEPLOY / "tools" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_documents_are_current() -> None:
    done = run([sys.executable, str(DEPLOY / "tools" / "gen_docs.py"), "--check"])
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]


@pytest.mark.parametrize("service", SERVICES)
def test_asyncapi_documents_what_a_service_consumes_and_produces(service: str) -> None:
    doc = json.loads((ROOT / "docs" / "asyncapi" / f"{service}.json").read_text())
    channels = {c["address"]: c for c in doc["channels"].values()}
    assert set(channels) == {*CONSUMES[service], f"kria.{service}.v1"}
    actions = {op["channel"]["$ref"].split("/")[-1].split(":")[0]: op["action"] for op in doc["operations"].values()}
    assert actions == {**dict.fromkeys(CONSUMES[service], "receive"), f"kria.{service}.v1": "send"}
    for message in doc["components"]["messages"].values():
        refs = json.dumps(message["payload"])
        assert "EmptyPayload" not in refs and "#/components/schemas/" in refs
    openapi = json.loads((ROOT / "docs" / "openapi" / f"{service}.json").read_text())
    assert "/health/ready" in openapi["paths"] and openapi["paths"].keys() - {"/health/live", "/health/ready"}


def test_a_missing_app_is_an_error_naming_it(tmp_path: Path) -> None:
    module = gen_docs()
    with pytest.raises(module.GenerationError, match=r"nosuch: no create_app in kria_nosuch\.app"):
        module.build_app("nosuch", tmp_path)
