"""Generate the API documents of the four services: ``python deploy/tools/gen_docs.py [--check]``.

- ``docs/openapi/<service>.json`` from the FastAPI app (``kria_<service>.app.create_app``);
- ``docs/asyncapi/<service>.json`` (AsyncAPI 3.0) from the runtime's FastStream broker
  (``app.state.runtime.broker``): its subscriber per consumed topic, documented with the payloads of the event
  types the service handles, and its produced topic with the payloads of ``kria_shared.contracts.<service>``
  (the outbox relay publishes with aiokafka, so FastStream does not see that publisher by itself).
Nothing is skipped: a service whose app cannot be imported or built is an error naming it.
``--check`` writes nothing and exits 1 listing the documents that differ from the committed ones (CI).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Union

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("certificates", "costing", "assessment", "signing")
ENVELOPE_NOTE = ("Each Kafka record is a CloudEvents-like envelope (kria_shared.envelope.Envelope: event_id, type, "
                 "version, source, subject = certificate id = the record key, time, correlation_id, causation_id); "
                 "`data` holds one of the payloads below, named by `type`.")


class GenerationError(RuntimeError):
    pass


def build_app(service: str, var_dir: Path) -> Any:
    try:
        module = importlib.import_module(f"kria_{service}.app")
        create_app = module.create_app
    except (ImportError, AttributeError) as exc:
        raise GenerationError(f"{service}: no create_app in kria_{service}.app ({exc})") from exc
    from kria_shared.settings import load_settings

    # Fixed settings: the documents must not depend on the machine that generates them.
    settings = load_settings(service, var_dir=var_dir / service, kafka_bootstrap_servers="kafka:9092",
                             topic_prefix="", dev_clock=False, environment="development")
    try:
        return create_app(settings)
    except Exception as exc:
        raise GenerationError(f"{service}: create_app failed: {exc!r}") from exc


def openapi(app: Any) -> dict[str, Any]:
    return app.openapi()  # type: ignore[no-any-return]


def asyncapi(service: str, app: Any) -> dict[str, Any]:
    from faststream.specification import AsyncAPI
    from pydantic import TypeAdapter

    from kria_shared.contracts.registry import REGISTRY

    runtime = app.state.runtime
    if not runtime.handlers:
        raise GenerationError(f"{service}: the runtime registers no event handler")
    # The kit subscribes when the runtime starts (it needs the handlers first); do it here without connecting.
    if not runtime.broker.subscribers:
        runtime._subscribe()
    contract = importlib.import_module(f"kria_shared.contracts.{service}")
    produced = tuple(contract.EVENTS.values())
    topic = REGISTRY.topic_of[produced[0].__name__]
    runtime.broker.publisher(topic, title=f"{topic}:Publisher", schema=Union[produced],  # noqa: UP007
                             description=f"Events of {service} (published by its outbox relay). {ENVELOPE_NOTE}")
    doc = AsyncAPI(runtime.broker, title=f"KRiA {service}", version="1.0.0", schema_version="3.0.0",
                   description=f"Kafka interface of the {service} service (consumer group {runtime.group_id}).",
                   ).to_specification().to_jsonable()
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for consumed in runtime.topics:
        handled = sorted(t for t in runtime.handlers if REGISTRY.topic_of[t] == consumed)
        adapter: TypeAdapter[Any] = TypeAdapter(Union[tuple(REGISTRY.models[t] for t in handled)])  # type: ignore[arg-type]  # noqa: UP007
        payload = adapter.json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(payload.pop("$defs", {}))
        if len(handled) == 1 and "title" in payload:  # one flat model is inlined by pydantic: name it instead
            schemas[payload["title"]] = payload
            payload = {"$ref": f"#/components/schemas/{payload['title']}"}
        key = next(k for k in doc["components"]["messages"] if k.startswith(f"{consumed}:") and "Subscribe" in k)
        message = doc["components"]["messages"][key]
        message["payload"] = payload
        message["description"] = f"Handled event types: {', '.join(handled)}; others are ignored. {ENVELOPE_NOTE}"
    schemas.pop("EmptyPayload", None)
    return doc  # type: ignore[no-any-return]


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def generate() -> dict[Path, str]:
    out: dict[Path, str] = {}
    with tempfile.TemporaryDirectory(prefix="kria-docs-") as tmp:
        os.environ["KRIA_DEV_KEYS_DIR"] = str(Path(tmp) / "dev-keys")  # the verifier creates dev keys
        for service in SERVICES:
            app = build_app(service, Path(tmp))
            out[ROOT / "docs" / "openapi" / f"{service}.json"] = render(openapi(app))
            out[ROOT / "docs" / "asyncapi" / f"{service}.json"] = render(asyncapi(service, app))
    return out


def main() -> int:
    check = "--check" in sys.argv
    try:
        documents = generate()
    except GenerationError as exc:
        print(f"gen_docs: {exc}", file=sys.stderr)
        return 2
    stale = [p for p, text in documents.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)} (run python deploy/tools/gen_docs.py)")
        return 1 if stale else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(documents[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
