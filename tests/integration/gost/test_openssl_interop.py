"""Interoperability with an independent GOST implementation: OpenSSL + the gost engine, both ways.

Not skipped when OpenSSL or the engine is missing: the tests fail and say what to install
(`apt-get install openssl libengine-gost-openssl`), because an untested interop claim is worse than a red build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kria_gost import DevPki, TrustConfig, init_dev_pki, load_soft_backend, verify_detached
from kria_gost.gost import STREEBOG_512, streebog
from kria_gost.trust import der

HERE = Path(__file__).parent
INSTALL_HINT = "OpenSSL with the GOST engine is required: apt-get install openssl libengine-gost-openssl"
CONTENT = b'{"conclusion_id":"c-interop","criteria":[2,1,2,2],"verdict":"effective"}'
OGRN, SNILS, INN_LE = "1027700132195", "11223344595", "7707083893"
SUBJECT = f"/C=RU/O=Interop bureau/title=Head/CN=Interop Signer/OGRN={OGRN}/INNLE={INN_LE}/SNILS={SNILS}"


def openssl(*args: str | Path, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    binary = shutil.which("openssl")
    if binary is None:
        pytest.fail(f"no openssl binary. {INSTALL_HINT}")
    environment = {**os.environ, "OPENSSL_CONF": str(HERE / "openssl-gost.cnf")}
    return subprocess.run([binary, *map(str, args)], cwd=cwd, input=stdin, capture_output=True, env=environment,
                          check=False, timeout=120)


def ok(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[bytes]:
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result


@pytest.fixture(scope="module")
def gost_openssl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory where `openssl` runs with the gost engine loaded (fails loudly otherwise)."""
    workdir = tmp_path_factory.mktemp("openssl")
    result = openssl("dgst", "-md_gost12_256", cwd=workdir, stdin=b"abc")
    if result.returncode != 0 or streebog(b"abc").hex() not in result.stdout.decode():
        pytest.fail(f"{INSTALL_HINT}\n{result.stderr.decode(errors='replace')}")
    return workdir


@pytest.fixture(scope="module")
def openssl_ca(gost_openssl: Path) -> Path:
    """A GOST root CA made by OpenSSL (TC26 parameter set A), with its `openssl ca` database."""
    ca = gost_openssl / "ca"
    ca.mkdir()
    (ca / "index.txt").write_text("")
    (ca / "crlnumber").write_text("01\n")
    ok(openssl("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:TCA", "-out", "root.key", cwd=ca))
    ok(openssl("req", "-new", "-x509", "-config", HERE / "openssl-ca.cnf", "-extensions", "root_ca", "-key",
               "root.key", "-days", "3650", "-subj", "/C=RU/O=OpenSSL interop/CN=OpenSSL GOST Root", "-md_gost12_256",
               "-out", "root.pem", cwd=ca))
    return ca


def openssl_signer(ca: Path, name: str, algorithm: str, paramset: str) -> tuple[Path, Path]:
    """A qualified-style signer certificate issued by the OpenSSL root, with its key made by OpenSSL."""
    key, csr, cert = ca / f"{name}.key", ca / f"{name}.csr", ca / f"{name}.pem"
    ok(openssl("genpkey", "-algorithm", algorithm, "-pkeyopt", f"paramset:{paramset}", "-out", key, cwd=ca))
    ok(openssl("req", "-new", "-config", HERE / "openssl-ca.cnf", "-key", key, "-subj", SUBJECT, "-out", csr, cwd=ca))
    ok(openssl("x509", "-req", "-in", csr, "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "365",
               "-extfile", HERE / "openssl-ca.cnf", "-extensions", "qualified_signer", "-md_gost12_256", "-out", cert,
               cwd=ca))
    return key, cert


def openssl_trust(ca: Path) -> TrustConfig:
    ok(openssl("ca", "-config", HERE / "openssl-ca.cnf", "-gencrl", "-keyfile", "root.key", "-cert", "root.pem",
               "-out", "root.crl.pem", cwd=ca))
    roots, crls = [der((ca / "root.pem").read_bytes())], [der((ca / "root.crl.pem").read_bytes())]
    return TrustConfig(trust_roots=roots, intermediates=[], crls=crls, production=True)  # no dev marker here


def openssl_cades(workdir: Path, key: Path, cert: Path, digest: str, *extra: str) -> bytes:
    (workdir / "content.json").write_bytes(CONTENT)
    ok(openssl("cms", "-sign", "-cades", "-md", digest, "-binary", "-in", "content.json", "-signer", cert,
               "-inkey", key, "-outform", "DER", "-out", "content.p7s", *extra, cwd=workdir))
    return (workdir / "content.p7s").read_bytes()


def test_streebog_agrees_with_openssl(gost_openssl: Path) -> None:
    for content in (b"", b"a", bytes(range(256)) * 3, CONTENT):
        for digest_oid, name in ((None, "md_gost12_256"), (STREEBOG_512, "md_gost12_512")):
            ours = streebog(content) if digest_oid is None else streebog(content, digest_oid)
            theirs = ok(openssl("dgst", f"-{name}", "-r", cwd=gost_openssl, stdin=content)).stdout.split()[0]
            assert ours.hex() == theirs.decode(), (name, len(content))


@pytest.mark.parametrize(
    ("algorithm", "paramset", "digest"),
    [("gost2012_256", p, "md_gost12_256") for p in ("A", "B", "C", "XA", "XB", "TCA", "TCB", "TCC", "TCD")]
    + [("gost2012_512", p, "md_gost12_512") for p in ("A", "B", "C")],
)
async def test_a_cades_signature_made_by_openssl_verifies_with_ours(
    openssl_ca: Path, algorithm: str, paramset: str, digest: str
) -> None:
    key, cert = openssl_signer(openssl_ca, f"{algorithm}-{paramset}", algorithm, paramset)
    cms_der = openssl_cades(openssl_ca, key, cert, digest)
    trust = openssl_trust(openssl_ca)

    report = await verify_detached(CONTENT, cms_der, trust, authorised_snils={SNILS}, bureau_ogrn=OGRN)
    assert report.passed(), report
    assert report.signer is not None and (report.signer.snils, report.signer.ogrn) == (SNILS, OGRN)
    tampered = await verify_detached(CONTENT.replace(b"effective", b"ineffective"), cms_der, trust)
    assert tampered.sub_indication == "HASH_FAILURE"


async def test_a_certificate_revoked_by_openssl_ca_is_revoked_for_us(openssl_ca: Path) -> None:
    key, cert = openssl_signer(openssl_ca, "to-revoke", "gost2012_256", "XA")
    cms_der = openssl_cades(openssl_ca, key, cert, "md_gost12_256")
    ok(openssl("ca", "-config", HERE / "openssl-ca.cnf", "-revoke", cert, "-keyfile", "root.key", "-cert",
               "root.pem", "-crl_reason", "keyCompromise", cwd=openssl_ca))
    report = await verify_detached(CONTENT, cms_der, openssl_trust(openssl_ca), at=datetime.now(UTC))
    assert (report.sub_indication, report.failing_check) == ("REVOKED", "revocation")


@pytest.fixture(scope="module")
def dev_pki(tmp_path_factory: pytest.TempPathFactory, gost_openssl: Path) -> DevPki:
    return init_dev_pki(tmp_path_factory.mktemp("dev-pki"), now=datetime.now(UTC))


def _bundle(pki: DevPki, workdir: Path) -> Path:
    """The root and both CRLs in one PEM file: `openssl cms -verify -CAfile` loads certificates and CRLs from it."""
    assert pki.root_crl is not None
    bundle = workdir / "trust-bundle.pem"
    bundle.write_bytes(pki.root_cert.read_bytes() + pki.root_crl.read_bytes() + pki.crl.read_bytes())
    return bundle


async def _ours(pki: DevPki, role: str, workdir: Path, content: bytes = CONTENT) -> Path:
    signer = getattr(pki, role)
    backend = load_soft_backend(signer.keystore, signer.password, [signer.cert, pki.intermediate_cert])
    signature = workdir / f"{role}.p7s"
    signature.write_bytes(await backend.sign_detached(content, signing_time=datetime.now(UTC)))
    return signature


def _openssl_verify(workdir: Path, signature: Path, content: bytes, bundle: Path) -> subprocess.CompletedProcess[bytes]:
    (workdir / "document.json").write_bytes(content)
    return openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", "document.json",
                   "-CAfile", bundle, "-crl_check_all", "-out", os.devnull, cwd=workdir)


async def test_our_signature_verifies_with_openssl_including_the_crls(dev_pki: DevPki, gost_openssl: Path) -> None:
    bundle = _bundle(dev_pki, gost_openssl)
    signature = await _ours(dev_pki, "head", gost_openssl)

    verified = _openssl_verify(gost_openssl, signature, CONTENT, bundle)
    assert verified.returncode == 0 and b"Verification successful" in verified.stderr, verified.stderr
    changed = _openssl_verify(gost_openssl, signature, CONTENT + b"\n", bundle)
    assert changed.returncode != 0  # OpenSSL really checks what we claim it checks
    revoked = _openssl_verify(gost_openssl, await _ours(dev_pki, "revoked", gost_openssl), CONTENT, bundle)
    assert revoked.returncode != 0 and b"certificate revoked" in revoked.stderr


async def test_openssl_reads_our_keystore_and_its_signature_verifies_with_ours(
    dev_pki: DevPki, gost_openssl: Path
) -> None:
    head = dev_pki.head
    passin = f"pass:{head.password.decode()}"
    derived = ok(openssl("pkey", "-in", head.keystore, "-passin", passin, "-pubout", cwd=gost_openssl)).stdout
    in_cert = ok(openssl("x509", "-in", head.cert, "-pubkey", "-noout", cwd=gost_openssl)).stdout
    assert derived == in_cert  # same key: our PKCS#8 (PBES2) and the little-endian key octets are read right

    cms_der = openssl_cades(gost_openssl, head.keystore, head.cert, "md_gost12_256", "-passin", passin,
                            "-certfile", str(dev_pki.intermediate_cert))
    report = await verify_detached(CONTENT, cms_der, dev_pki.trust(), authorised_snils={head.snils})
    assert report.passed(), report
