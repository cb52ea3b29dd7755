"""`kria_gost` is a package of its own: it imports only itself, the standard library and its declared
dependencies (never a service or the kit), ships no test helpers, and exports a small typed API."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import kria_gost

from .pki import CONTENT, NOW, MemoryPki

PACKAGE = Path(kria_gost.__file__).resolve().parent
# distribution name -> the module it is imported as
IMPORT_NAMES = {"gostcrypto": "gostcrypto", "asn1crypto": "asn1crypto",
                "pyhanko-certvalidator": "pyhanko_certvalidator", "cryptography": "cryptography"}


def imported_top_levels() -> dict[str, set[str]]:
    """module name -> the files importing it (absolute imports only; relative ones stay inside the package)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


def declared_dependencies() -> set[str]:
    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["project"]
    names = {dep.split("=")[0].split(">")[0].split("<")[0].split("[")[0].strip() for dep in project["dependencies"]}
    return {IMPORT_NAMES[name] for name in names}


def test_imports_nothing_but_itself_the_standard_library_and_its_declared_dependencies() -> None:
    allowed = {"kria_gost"} | set(sys.stdlib_module_names) | declared_dependencies()
    foreign = {name: files for name, files in imported_top_levels().items() if name not in allowed}
    assert foreign == {}, f"kria_gost imports outside itself: {foreign}"


def test_no_service_and_no_kit_among_the_imports() -> None:
    kria = {name for name in imported_top_levels() if name.startswith("kria_")}
    assert kria == {"kria_gost"}


def test_forging_helpers_are_not_shipped() -> None:
    assert not (PACKAGE / "testing.py").exists()
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    assert "substituted_cms" not in source and "class Forger" not in source


def test_the_public_api_is_the_signer_and_verifier_protocols(pki: MemoryPki) -> None:
    assert {"Signer", "Verifier", "verify_detached", "load_soft_backend", "TrustConfig"} <= set(kria_gost.__all__)
    signer: kria_gost.Signer = pki.backend(pki.head)
    assert isinstance(signer, kria_gost.Signer)  # runtime_checkable: the software backend is a Signer
    verifier: kria_gost.Verifier = kria_gost.verify_detached
    assert callable(verifier)


async def test_what_a_signer_signs_a_verifier_accepts(pki: MemoryPki) -> None:
    signer: kria_gost.Signer = pki.backend(pki.head)
    cms = await signer.sign_detached(CONTENT, signing_time=NOW)
    verifier: kria_gost.Verifier = kria_gost.verify_detached
    report = await verifier(CONTENT, cms, pki.trust(), at=NOW)
    assert report.passed(), report
