"""``kria-certificates serve``, ``import-mse FILE [--report OUT.json] [--url URL --token T]``, and the СФР office's
downloads from a running service: ``monitoring --year Y [--period h1|year] --out FILE.xlsx`` and
``settlements [--from D --to D]`` (JSON), ``payment-registry [--from D --to D] --format pdf|xlsx -o FILE``; a
certificate's documents as the API gives them to the token's role: ``settlement-act CERT --format pdf|xlsx -o FILE``,
``mse-document CERT --kind form|sfr|organisation|parents --format pdf|docx -o FILE``; and from the local store,
every MSE document at once: ``mse-documents --out DIR [--certificate ID]``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kria_shared.serve import add_serve_command, serve_command

DEFAULT_PORT = 8101


def _import(args: argparse.Namespace) -> int:
    from kria_certificates.usecases.intake.file_import import import_file_locally, import_file_over_http

    path: Path = args.file
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    if args.url:
        if not args.token:
            print("--url needs --token (a bearer token of role sfr_operator or mse_system)", file=sys.stderr)
            return 2
        report: dict[str, Any] = import_file_over_http(path, args.url, args.token)
    else:
        report = asyncio.run(import_file_locally(path))
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    totals = report.get("totals", {})
    print(f"{report.get('rows', 0)} rows: " + ", ".join(f"{k} {v}" for k, v in totals.items())
          + (f" (report: {args.report})" if args.report else ""), file=sys.stderr)
    if not args.report:
        print(text)
    return 0 if "error" not in report else 1


def _download(args: argparse.Namespace, path: str, params: dict[str, Any]) -> Any:
    import httpx

    response = httpx.get(args.url.rstrip("/") + path, params={k: v for k, v in params.items() if v is not None},
                         headers={"authorization": f"Bearer {args.token}"}, timeout=60)
    if response.status_code != 200:
        print(f"{path}: {response.status_code} {response.text[:500]}", file=sys.stderr)
        return None
    return response


def _monitoring(args: argparse.Namespace) -> int:
    params = {"year": args.year, "period": args.period, "region": args.region}
    return _save(args, "/v1/reports/monitoring/xlsx", params, f"monitoring report {args.year} {args.period}")


def _settlements(args: argparse.Namespace) -> int:
    params = {"from": args.date_from, "to": args.date_to, "region": args.region}
    response = _download(args, "/v1/settlements", params)
    if response is None:
        return 1
    print(json.dumps(response.json(), ensure_ascii=False, indent=2))
    return 0


def _save(args: argparse.Namespace, path: str, params: dict[str, Any], what: str) -> int:
    """Download a document from the running service into ``--out``; the service applies its access rules."""
    response = _download(args, path, params)
    if response is None:
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(response.content)
    print(f"{what}: {args.out} ({len(response.content)} bytes)", file=sys.stderr)
    return 0


def _settlement_act(args: argparse.Namespace) -> int:
    return _save(args, f"/v1/certificates/{quote(args.certificate, safe='')}/settlement-act",
                 {"format": args.format}, f"settlement act of {args.certificate}")


def _payment_registry(args: argparse.Namespace) -> int:
    params = {"from": args.date_from, "to": args.date_to, "region": args.region, "format": args.format}
    return _save(args, "/v1/settlements/registry", params, "payment registry")


def _mse_document(args: argparse.Namespace) -> int:
    return _save(args, f"/v1/certificates/{quote(args.certificate, safe='')}/mse-documents/{args.kind}",
                 {"format": args.format}, f"MSE document {args.kind} of {args.certificate}")


def _service_args(parser: argparse.ArgumentParser, roles: str) -> None:
    parser.add_argument("--url", default=f"http://127.0.0.1:{DEFAULT_PORT}", help="the running service")
    parser.add_argument("--token", required=True, help=f"bearer token of role {roles}")


def _office_args(parser: argparse.ArgumentParser) -> None:
    _service_args(parser, "sfr_operator or platform_operator")
    parser.add_argument("--region", help="one region code (default: every region)")


def _period_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", help="first settlement date, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", help="last settlement date, YYYY-MM-DD")


def _file_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--out", type=Path, required=True, help="the file to write")
def _documents(args: argparse.Namespace) -> int:
    from kria_certificates.documents.export import write_documents
    from kria_certificates.documents.mse import Format

    formats = [Format(f) for f in args.format.split(",")] if args.format else list(Format)
    written = asyncio.run(write_documents(args.out, args.certificate or (), formats=formats))
    for f in written.files:
        print(f"{f['number']}\t{f['kind']}\t{f['path']}")
    print(f"{written.certificates} certificates, {len(written.files)} files in {args.out} "
          f"({written.per_child_s():.3f} s per child)", file=sys.stderr)
    return 0 if written.certificates or not args.certificate else 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kria-certificates", description="KRiA certificates service")
    sub = parser.add_subparsers(dest="command", required=True)
    add_serve_command(sub, "certificates", default_port=DEFAULT_PORT,
                      help="run the service (HTTP, Kafka consumer, outbox relay)").set_defaults(run=serve_command)
    i = sub.add_parser("import-mse", help="import an MSE export file; writes a per-row JSON report")
    i.add_argument("file", type=Path)
    i.add_argument("--report", type=Path, help="write the JSON report here (default: standard output)")
    i.add_argument("--url", help="import through a running service, e.g. http://127.0.0.1:8101")
    i.add_argument("--token", help="bearer token for --url")
    i.set_defaults(run=_import)
    m = sub.add_parser("monitoring", help="download the monitoring report (order 525н) as XLSX")
    m.add_argument("--year", type=int, required=True)
    m.add_argument("--period", choices=["h1", "year"], default="year", help="h1 = January to June")
    m.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    _office_args(m)
    m.set_defaults(run=_monitoring)
    st = sub.add_parser("settlements", help="the acts and payment records settled in a period (JSON)")
    _period_args(st)
    _office_args(st)
    st.set_defaults(run=_settlements)
    pr = sub.add_parser("payment-registry", help="download the payment registry of a period for the СФР office")
    _period_args(pr)
    pr.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    _file_arg(pr)
    _service_args(pr, "sfr_operator")
    pr.add_argument("--region", help="one region code (default: every region)")
    pr.set_defaults(run=_payment_registry)
    sa = sub.add_parser("settlement-act", help="download a settled certificate's act of services delivered")
    sa.add_argument("certificate", help="the certificate id")
    sa.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    _file_arg(sa)
    _service_args(sa, "sfr_operator, or provider for its own organisation's certificates")
    sa.set_defaults(run=_settlement_act)
    md = sub.add_parser("mse-document", help="download one of a certificate's four MSE documents")
    md.add_argument("certificate", help="the certificate id")
    md.add_argument("--kind", choices=["form", "sfr", "organisation", "parents"], required=True,
                    help="the form or the extract for its addressee (a provider gets organisation only)")
    md.add_argument("--format", choices=["pdf", "docx"], default="pdf")
    _file_arg(md)
    _service_args(md, "sfr_operator or mse_system, or provider for its own organisation's children")
    md.set_defaults(run=_mse_document)
    d = sub.add_parser("mse-documents", help="write the four MSE documents (form and three extracts) as PDF/DOCX")
    d.add_argument("--out", type=Path, required=True, help="directory to write into")
    d.add_argument("--certificate", action="append", help="a certificate id (repeatable; default: every "
                                                           "certificate issued from an export)")
    d.add_argument("--format", choices=["pdf", "docx", "pdf,docx"], help="default: both")
    d.set_defaults(run=_documents)
    args = parser.parse_args(argv)
    raise SystemExit(args.run(args))


if __name__ == "__main__":
    main()
