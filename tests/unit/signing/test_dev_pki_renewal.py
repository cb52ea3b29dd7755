"""The demo's dev PKI lasts a year: start-up re-issues it before it runs out, so signatures keep verifying."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kria_gost import load_dev_pki
from kria_gost.certs import issue_crl
from kria_gost.dev_pki_issue import load_issuing_ca
from kria_shared.clock import AdjustableClock
from kria_shared.settings import ServiceSettings
from kria_signing.adapters.crypto_port import real_crypto
from kria_signing.adapters.pki_setup import SigningSetup, prepare
from kria_signing.config.loader import SigningOptions, load_signer_config
from kria_signing.usecases.verification import SignatureChecker

MADE = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
DOCUMENT = b'{"conclusion_id":"c","effective":true}'


def start(var: Path, now: datetime) -> SigningSetup:
    register, include_dev = load_signer_config()
    settings = ServiceSettings(service="signing", environment="development", var_dir=var)  # type: ignore[arg-type]
    return prepare(settings, SigningOptions(), real_crypto(), register, include_dev, now)


async def signs_and_verifies(var: Path, setup: SigningSetup, now: datetime) -> bool:
    """The dev head signs at ``now`` and the service's checker accepts it at ``now``."""
    head = load_dev_pki(var / "pki").head.snils
    cms = await setup.backends[head].sign_detached(DOCUMENT, signing_time=now)
    checked = await SignatureChecker(real_crypto(), setup, AdjustableClock(frozen_at=now)).check(DOCUMENT, cms, at=now)
    return checked.passed


async def test_the_dev_pki_is_reused_while_fresh_and_reissued_30_days_before_it_expires(tmp_path: Path) -> None:
    first = start(tmp_path, MADE)
    assert start(tmp_path, MADE + timedelta(days=300)).root_pem == first.root_pem  # 65 days left: reused

    late = MADE + timedelta(days=340)  # 25 days left
    renewed = start(tmp_path, late)
    assert renewed.root_pem != first.root_pem
    assert load_dev_pki(tmp_path / "pki").valid_until() > late + timedelta(days=300)
    assert await signs_and_verifies(tmp_path, renewed, late)

    after_a_year = late + timedelta(days=400)  # long expired: re-issued again, signing works
    assert await signs_and_verifies(tmp_path, start(tmp_path, after_a_year), after_a_year)


async def test_a_crl_past_its_next_update_makes_the_dev_pki_reissued(tmp_path: Path) -> None:
    first = start(tmp_path, MADE)
    pki = load_dev_pki(tmp_path / "pki")
    ca, _ = load_issuing_ca(tmp_path / "pki")
    short = issue_crl(ca, number=2, this_update=MADE, next_update=MADE + timedelta(days=20))
    pki.crl.write_bytes(short.dump())
    assert load_dev_pki(tmp_path / "pki").valid_until() == MADE + timedelta(days=20)

    later = MADE + timedelta(days=21)
    renewed = start(tmp_path, later)
    assert renewed.root_pem != first.root_pem
    assert await signs_and_verifies(tmp_path, renewed, later)
