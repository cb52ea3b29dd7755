"""``kria token``: mint a short-lived development token for a role (refused by production services)."""

from __future__ import annotations

import argparse

from kria_shared.auth.principal import Role
from kria_shared.auth.tokens import mint_dev_token

SERVICES = ("certificates", "costing", "assessment", "signing")


def add_token_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("token", help="mint a development JWT for a role")
    p.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    p.add_argument("--service", action="append", choices=SERVICES,
                   help="audience (repeatable; default: all four services)")
    p.add_argument("--subject", default="dev-user")
    p.add_argument("--org", help="organisation id (role provider)")
    p.add_argument("--bureau", help="MSE bureau id")
    p.add_argument("--snils", help="signer SNILS (role mse_head)")
    p.add_argument("--ttl", type=int, default=3600, help="seconds (default 3600)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if "provider" in args.role and not args.org:
        raise SystemExit("kria token: --org is required for the provider role (bound to one organisation)")
    audience = [f"kria-{s}" for s in (args.service or SERVICES)]
    print(mint_dev_token(subject=args.subject, roles=args.role, audience=audience, ttl_s=args.ttl,
                         organisation_id=args.org, bureau_id=args.bureau, signer_snils=args.snils))
    return 0
