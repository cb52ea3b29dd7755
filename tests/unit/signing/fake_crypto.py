"""A stand-in for kria_gost with the agreed interface, for start-up tests that need no GOST maths."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kria_signing.adapters.crypto_port import CryptoPort


@dataclass(frozen=True)
class FakeSigner:
    name: str
    snils: str
    cert: Path
    keystore: Path
    password: bytes


@dataclass(frozen=True)
class FakePki:
    directory: Path
    root_cert: Path
    intermediate_cert: Path
    crl: Path
    head: FakeSigner
    deputy: FakeSigner

    def valid_until(self) -> datetime:
        made = json.loads((self.directory / "pki.json").read_text())["now"]
        return datetime.fromisoformat(made) + timedelta(days=365)

    def trust(self) -> dict[str, Any]:
        return {"roots": [self.root_cert.read_bytes()], "production": False}


@dataclass
class FakeBackend:
    keystore: Path
    name: str = "soft-gost"
    is_qualified: bool = False

    def signer_certificate(self) -> bytes:
        return b"cert:" + self.keystore.name.encode()

    async def sign_detached(self, content: bytes, *, signing_time: datetime) -> bytes:
        raise AssertionError("not used by start-up tests")


@dataclass
class FakeCrypto:
    created: list[Path] = field(default_factory=list)

    def init_dev_pki(self, directory: Path, *, now: datetime, bureau_ogrn: str = "1027700000008") -> FakePki:
        directory.mkdir(parents=True, exist_ok=True)
        for name in ("root.der", "intermediate.der", "crl.der", "head.der", "deputy.der"):
            (directory / name).write_bytes(name.encode())
        (directory / "pki.json").write_text(json.dumps({"ogrn": bureau_ogrn, "now": now.isoformat()}))
        self.created.append(directory)
        return self.load_dev_pki(directory)

    def load_dev_pki(self, directory: Path) -> FakePki:
        def signer(name: str, snils: str) -> FakeSigner:
            return FakeSigner(name, snils, directory / f"{name}.der", directory / f"{name}.key", b"pw")

        return FakePki(directory, directory / "root.der", directory / "intermediate.der", directory / "crl.der",
                       signer("head", "11223344595"), signer("deputy", "22334455601"))

    def load_soft_backend(self, keystore: Path, password: bytes, chain: list[Path]) -> FakeBackend:
        return FakeBackend(keystore)

    async def verify_detached(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("not used by start-up tests")

    def port(self) -> CryptoPort:
        return CryptoPort(verify_detached=self.verify_detached, load_soft_backend=self.load_soft_backend,
                          init_dev_pki=self.init_dev_pki, load_dev_pki=self.load_dev_pki,
                          trust_config=lambda **kw: kw)
