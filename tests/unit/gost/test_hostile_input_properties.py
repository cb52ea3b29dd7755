"""Properties over hostile input: every change to what is signed is caught, and no input raises."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from asn1crypto import cms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kria_gost import VerificationReport, verify_detached

from .pki import CONTENT, MemoryPki, memory_pki

_SHARED: list[tuple[MemoryPki, bytes]] = []


def _shared() -> tuple[MemoryPki, bytes]:
    """One PKI and one signature for every example (hypothesis bodies cannot take function-scoped fixtures)."""
    if not _SHARED:
        pki = memory_pki("Properties")
        _SHARED.append((pki, pki.sign(pki.head)))
    return _SHARED[0]


_RUNNER = asyncio.Runner()  # one loop for all examples: asyncio.run per example would dominate the run time


@pytest.fixture(scope="module", autouse=True)
def _close_runner() -> Iterator[None]:
    yield
    _RUNNER.close()


def run(content: bytes, cms_der: bytes) -> VerificationReport:
    pki, _ = _shared()
    return _RUNNER.run(verify_detached(content, cms_der, pki.trust()))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_changed_content_byte_is_a_hash_failure(data: st.DataObject) -> None:
    _, cms_der = _shared()
    position = data.draw(st.integers(0, len(CONTENT) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = bytearray(CONTENT)
    changed[position] ^= flip
    assert run(bytes(changed), cms_der).sub_indication == "HASH_FAILURE"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_changed_byte_of_the_signed_attributes_or_signature_is_refused(data: st.DataObject) -> None:
    _, cms_der = _shared()
    signer_info = cms.ContentInfo.load(cms_der)["content"]["signer_infos"][0]
    regions = [signer_info["signed_attrs"].dump(), signer_info["signature"].dump()]
    region = data.draw(st.sampled_from(regions))
    start = cms_der.find(region)
    position = start + data.draw(st.integers(0, len(region) - 1))
    changed = bytearray(cms_der)
    changed[position] ^= data.draw(st.integers(1, 255))
    report = run(CONTENT, bytes(changed))
    assert not report.passed()
    assert report.failing_check is not None and report.checks[report.failing_check] is False


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(0, 2000))
def test_a_truncated_cms_is_a_format_failure(cut: int) -> None:
    _, cms_der = _shared()
    report = run(CONTENT, cms_der[: min(cut, len(cms_der) - 1)])
    assert (report.indication, report.sub_indication, report.failing_check) == ("FAILED", "FORMAT_FAILURE", "format")


@settings(max_examples=200, deadline=None)
@given(noise=st.binary(max_size=600))
def test_random_bytes_never_raise_and_never_pass(noise: bytes) -> None:
    report = run(CONTENT, noise)
    assert report.indication in {"FAILED", "INDETERMINATE"} and report.failing_check


def test_the_shared_signature_itself_passes() -> None:
    # guards the properties above: they would be vacuous if the untouched signature did not verify
    _, cms_der = _shared()
    assert run(CONTENT, cms_der).passed()


@pytest.mark.parametrize("prefix", [b"\x30\x80", b"\x30\x82\xff\xff", b"\xa0\x00", b"\x30\x00"])
def test_indefinite_or_absurd_lengths_are_refused(prefix: bytes) -> None:
    assert run(CONTENT, prefix + bytes(20)).sub_indication == "FORMAT_FAILURE"
