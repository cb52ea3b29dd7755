"""``kria-costing``: ``serve`` the service; ``price-list FILE.yaml`` computes a price list for an economist."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rich.console import Console

from kria_costing.config.loader import load_catalogue
from kria_costing.schemas import NormalisationIn
from kria_shared.errors import DomainError
from kria_shared.serve import add_serve_command, serve_command

DEFAULT_PORT = 8102


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kria-costing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add_serve_command(sub, "costing", default_port=DEFAULT_PORT,
                      help="run the costing service (HTTP, Kafka consumer, outbox relay)")
    price = sub.add_parser("price-list", help="compute a price list from a normalisation file and show it")
    price.add_argument("file", type=Path, help="the normalisation YAML (see config/examples)")
    price.add_argument("--json", action="store_true", help="print the JSON document instead of tables")
    price.add_argument("--group", help="only this ЦРГ's prices and courses")
    price.add_argument("--form", choices=["semi_inpatient", "inpatient"], help="only this form")
    price.add_argument("--xlsx", type=Path, help="also write the draft прейскурант as an XLSX workbook here")
    price.add_argument("--pdf", type=Path, help="also write the draft прейскурант as a PDF here")
    down = sub.add_parser("document", help="download a price list's XLSX or PDF from the costing API")
    down.add_argument("organisation_id")
    down.add_argument("version", type=int)
    down.add_argument("--format", choices=["xlsx", "pdf"], default="pdf")
    down.add_argument("--url", default=f"http://127.0.0.1:{DEFAULT_PORT}", help="the costing service")
    down.add_argument("--token-env", default="KRIA_TOKEN", help="environment variable holding the bearer token")
    down.add_argument("--out", type=Path, help="where to write it (default: the name the service gives)")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        sys.exit(serve_command(args))
    elif args.command == "document":
        sys.exit(download(args.organisation_id, args.version, args.format, args.url, os.environ.get(args.token_env, ""),
                          args.out))
    else:
        sys.exit(price_list(args.file, as_json=args.json, group=args.group, form=args.form, xlsx=args.xlsx,
                            pdf=args.pdf))


def price_list(path: Path, *, as_json: bool, group: str | None = None, form: str | None = None,
               xlsx: Path | None = None, pdf: Path | None = None) -> int:
    """Exit status 0 with the price list; 2 with the reasons when the file cannot be priced."""
    from kria_costing.documents.terminal_view import show
    from kria_costing.domain.price_list_document import render
    from kria_costing.usecases.price_lists import compute

    err = Console(stderr=True)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        normalisation = NormalisationIn.model_validate(raw)
        document = render(compute(normalisation, load_catalogue(), "draft"), normalisation.to_domain())
    except (OSError, yaml.YAMLError) as exc:
        err.print(f"cannot read {path}: {exc}")
        return 2
    except ValidationError as exc:
        for e in exc.errors():
            err.print(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}")
        return 2
    except DomainError as exc:
        for p in exc.details.get("problems", [{"field": exc.details.get("field", "?"), "message": exc.message}]):
            err.print(f"{p['field']}: {p['message']}")
        return 2
    inputs = normalisation.model_dump(mode="json", exclude_none=True)
    if xlsx is not None or pdf is not None:
        _write_documents(draft_document(inputs, document), xlsx, pdf)
    for part in ("prices", "course_totals"):
        document[part] = [p for p in document[part]
                          if (group is None or p["group"] == group) and (form is None or p["form"] == form)]
    if as_json:
        print(json.dumps({"inputs": inputs, "derivation": document}, ensure_ascii=False, indent=2))
    else:
        show(document, inputs, Console() if sys.stdout.isatty() else Console(width=200))
    return 0


def draft_document(inputs: dict[str, Any], derivation: dict[str, Any]) -> dict[str, Any]:
    """A draft computed on the economist's machine: no version, no order yet."""
    return {"organisation_id": inputs.get("organisation_name") or "организация", "version": "проект",
            "status": "draft", "created_by": os.environ.get("USER", "экономист"), "created_at": "",
            "approved_by": None, "order_number": None, "order_date": None, "effective_from": None,
            "inputs": inputs, "derivation": derivation}


def _write_documents(doc: dict[str, Any], xlsx: Path | None, pdf: Path | None) -> None:
    from kria_costing.documents.pdf import pdf_bytes
    from kria_costing.documents.xlsx import workbook_bytes

    if xlsx is not None:
        xlsx.write_bytes(workbook_bytes(doc))
    if pdf is not None:
        pdf.write_bytes(pdf_bytes(doc))


def download(organisation_id: str, version: int, fmt: str, url: str, token: str, out: Path | None) -> int:
    """Exit status 0 with the file written; 2 with the service's reason."""
    import httpx

    err = Console(stderr=True)
    path = f"{url.rstrip('/')}/v1/organisations/{organisation_id}/price-lists/{version}/document.{fmt}"
    try:
        response = httpx.get(path, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    except httpx.HTTPError as exc:
        err.print(f"cannot reach {url}: {exc}")
        return 2
    if response.status_code != 200:
        err.print(f"{response.status_code}: {response.text[:500]}")
        return 2
    target = out or Path(f"preyskurant-{organisation_id}-v{version}.{fmt}")
    target.write_bytes(response.content)
    print(target)
    return 0
