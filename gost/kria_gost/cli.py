"""`kria-signing pki init DIR` and `kria-signing verify DOC SIG [--trust DIR]`.

Wiring: `add_commands(subparsers, authority)` adds both; each sets `func(args) -> int` (the exit code), so the
caller runs `raise SystemExit(args.func(args))`. Exit codes of verify: 0 PASSED, 1 FAILED, 2 INDETERMINATE.
`authority(args)` gives the default signer check (who was authorised at a signingTime, and the bureau OGRN):
the service passes its own register, so a plain `verify` checks the signer like the service does;
`--any-signer` opts out, `--authorised-snils` / `--bureau-ogrn` override.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kria_gost.dev_pki import init_dev_pki, load_dev_pki
from kria_gost.report import VerificationReport
from kria_gost.trust import TrustConfig, der
from kria_gost.verify import verify_detached

DEFAULT_PKI_DIR = Path("var/pki")
_EXIT = {"PASSED": 0, "FAILED": 1, "INDETERMINATE": 2}

AuthorisedAt = Callable[[datetime], Collection[str]]
Authority = Callable[[argparse.Namespace], tuple[AuthorisedAt, str]]


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _pki_init(args: argparse.Namespace) -> int:
    now = args.now or datetime.now(UTC)
    pki = init_dev_pki(args.directory, now=now, bureau_ogrn=args.bureau_ogrn)
    print(f"development PKI (NOT QUALIFIED, passwords in {pki.directory / 'pki.json'}) created in {pki.directory}")
    for label, path in (("root", pki.root_cert), ("intermediate", pki.intermediate_cert), ("crl", pki.crl)):
        print(f"  {label:<12} {path}")
    for role in ("head", "deputy", "revoked", "expired"):
        signer = getattr(pki, role)
        print(f"  {role:<12} {signer.cert}  keystore {signer.keystore}")
    return 0


def _trust(args: argparse.Namespace) -> TrustConfig:
    if args.trust_root:
        return TrustConfig(
            trust_roots=[der(path.read_bytes()) for path in args.trust_root],
            intermediates=[der(path.read_bytes()) for path in args.intermediate],
            crls=[der(path.read_bytes()) for path in args.crl],
            production=args.production,
        )
    trust = load_dev_pki(args.trust or DEFAULT_PKI_DIR).trust()
    return dataclasses.replace(trust, production=args.production)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def report_json(report: VerificationReport) -> dict[str, Any]:
    """The report as JSON-ready data (datetimes in ISO 8601)."""
    return {key: _plain(value) for key, value in dataclasses.asdict(report).items()}


def _verify(args: argparse.Namespace, authority: Authority | None) -> int:
    authorised_snils = set(args.authorised_snils) or None
    authorised_at: AuthorisedAt | None = None
    bureau_ogrn = args.bureau_ogrn
    if authority is not None and not args.any_signer:
        default_at, default_ogrn = authority(args)
        authorised_at = None if authorised_snils else default_at
        bureau_ogrn = bureau_ogrn or default_ogrn
    report = asyncio.run(
        verify_detached(
            args.document.read_bytes(),
            der(args.signature.read_bytes()),
            _trust(args),
            authorised_snils=authorised_snils,
            authorised_at=authorised_at,
            bureau_ogrn=bureau_ogrn,
            at=args.at,
        )
    )
    json.dump(report_json(report), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return _EXIT[report.indication]


def add_commands(subparsers: Any, authority: Authority | None = None) -> None:
    pki = subparsers.add_parser("pki", help="development PKI (NOT qualified: demo and tests only)")
    pki_commands = pki.add_subparsers(dest="pki_command", required=True)
    init = pki_commands.add_parser("init", help="create root, intermediate, head, deputy, revoked, expired, CRLs")
    init.add_argument("directory", type=Path)
    init.add_argument("--now", type=_moment, default=None, help="ISO moment the PKI is made at (default: now)")
    init.add_argument("--bureau-ogrn", default="1027700000008", help="the main bureau's OGRN (13 digits)")
    init.set_defaults(func=_pki_init)

    verify = subparsers.add_parser("verify", help="verify a detached CAdES-BES signature (.p7s, DER or PEM)")
    verify.add_argument("document", type=Path)
    verify.add_argument("signature", type=Path)
    verify.add_argument("--trust", type=Path, default=None, help=f"a dev PKI directory (default {DEFAULT_PKI_DIR})")
    verify.add_argument("--trust-root", type=Path, action="append", default=[], help="trusted root certificate")
    verify.add_argument("--intermediate", type=Path, action="append", default=[], help="intermediate certificate")
    verify.add_argument("--crl", type=Path, action="append", default=[], help="CRL (DER or PEM)")
    verify.add_argument("--at", type=_moment, default=None, help="validation moment (default: the signingTime)")
    default = "the service's signer register" if authority else "no check"
    verify.add_argument("--authorised-snils", action="append", default=[],
                        help=f"authorised signer SNILS (default: {default})")
    verify.add_argument("--bureau-ogrn", default=None,
                        help=f"the OGRN the signer's certificate must name (default: {default})")
    verify.add_argument("--any-signer", action="store_true",
                        help="skip the signer-authority and bureau checks unless given explicitly above")
    verify.add_argument("--production", action="store_true", help="refuse development-PKI certificates")
    verify.set_defaults(func=lambda args: _verify(args, authority))


def main(argv: list[str] | None = None) -> int:
    """Standalone entry (tests, debugging): the same commands without the service's own."""
    parser = argparse.ArgumentParser(prog="kria-gost")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))
