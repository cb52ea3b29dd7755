"""GOST primitives and the byte-order rules of SIGNATURE.md §1.2 (regression guards for the classic trap)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kria_gost.gost import (
    DEFAULT_PARAMSET,
    GOST_2012_256,
    GOST_2012_512,
    UnsupportedGostParameters,
    algorithm_for,
    public_key_point,
    sign_digest,
    streebog,
    verify_digest,
)

ALG = algorithm_for(GOST_2012_256, DEFAULT_PARAMSET)
KEY = bytes.fromhex("7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28")
POINT = public_key_point(ALG, KEY)
DIGEST = streebog(b"conclusion")


def test_streebog_matches_the_published_values() -> None:
    # the values `openssl dgst -md_gost12_256` / gostsum print (also checked against OpenSSL in the interop tests)
    assert streebog(b"").hex() == "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb"
    assert streebog(b"abc").hex() == "4e2919cf137ed41ec4fb6270c61826cc4fffb660341e0af3688cd0626d23b481"


def test_a_signature_verifies_and_any_other_digest_does_not() -> None:
    signature = sign_digest(ALG, KEY, DIGEST)
    assert len(signature) == 64
    assert verify_digest(ALG, POINT, DIGEST, signature)
    assert not verify_digest(ALG, POINT, streebog(b"conclusion."), signature)


def test_signature_halves_in_gostcrypto_order_do_not_verify() -> None:
    signature = sign_digest(ALG, KEY, DIGEST)  # s‖r as CMS carries it
    r_then_s = signature[32:] + signature[:32]
    assert not verify_digest(ALG, POINT, DIGEST, r_then_s)


def test_a_digest_not_reversed_for_the_primitive_does_not_verify() -> None:
    from gostcrypto import gostsignature

    engine = gostsignature.new(gostsignature.MODE_256, gostsignature.CURVES_R_1323565_1_024_2019[
        "id-tc26-gost-3410-2012-256-paramSetB"])
    r_s = bytes(engine.sign(bytearray(KEY), bytearray(DIGEST)))  # the digest as-is: the trap
    assert not verify_digest(ALG, POINT, DIGEST, r_s[32:] + r_s[:32])


def test_the_public_point_is_little_endian_per_coordinate() -> None:
    signature = sign_digest(ALG, KEY, DIGEST)
    big_endian = POINT[:32][::-1] + POINT[32:][::-1]
    assert big_endian != POINT
    assert not verify_digest(ALG, big_endian, DIGEST, signature)


def test_inputs_of_the_wrong_size_are_refused_not_crashing() -> None:
    signature = sign_digest(ALG, KEY, DIGEST)
    assert not verify_digest(ALG, POINT[:63], DIGEST, signature)
    assert not verify_digest(ALG, POINT, DIGEST[:31], signature)
    assert not verify_digest(ALG, POINT, DIGEST, signature + b"\x00")
    assert not verify_digest(ALG, b"\x00" * 64, DIGEST, signature)  # not a curve point


@pytest.mark.parametrize(
    ("key_oid", "paramset"),
    [(GOST_2012_256, "1.2.643.7.1.2.1.2.1"), (GOST_2012_512, DEFAULT_PARAMSET), (GOST_2012_256, "1.2.643.9.9"),
     ("1.2.643.2.2.19", DEFAULT_PARAMSET)],
)
def test_unknown_or_mismatched_parameters_are_refused(key_oid: str, paramset: str) -> None:
    with pytest.raises(UnsupportedGostParameters):
        algorithm_for(key_oid, paramset)


@settings(max_examples=5, deadline=None)
@given(digest=st.binary(min_size=32, max_size=32), position=st.integers(0, 63), flip=st.integers(1, 255))
def test_any_changed_signature_byte_fails(digest: bytes, position: int, flip: int) -> None:
    signature = bytearray(sign_digest(ALG, KEY, digest))
    assert verify_digest(ALG, POINT, digest, bytes(signature))
    signature[position] ^= flip
    assert not verify_digest(ALG, POINT, digest, bytes(signature))
