"""The organisation's signature of its frozen protocol: what assessment accepts before publishing it.

Assessment only checks the shape (base64 of a DER object of sane size); the signing service verifies the
GOST signature, the chain and the signer's organisation before drafting, and refuses otherwise.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from kria_assessment.domain.problems import FieldProblem, refuse_if_any
from kria_shared.errors import Conflict

MAX_SIGNATURE_BYTES = 256 * 1024  # the verifier refuses a larger CMS anyway (kria_gost: FORMAT_FAILURE)
_DER_SEQUENCE = 0x30


def signature_problems(text: str) -> tuple[bytes, list[FieldProblem]]:
    """The DER bytes of a base64 CMS and what is wrong with them (nothing: an empty list)."""
    try:
        der = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return b"", [FieldProblem("signature", "not_base64", "подпись должна быть передана в base64 (DER CMS)")]
    if not der:
        return der, [FieldProblem("signature", "empty", "подпись пуста")]
    if len(der) > MAX_SIGNATURE_BYTES:
        return der, [FieldProblem("signature", "too_large", f"подпись больше {MAX_SIGNATURE_BYTES} байт")]
    if der[0] != _DER_SEQUENCE:
        return der, [FieldProblem("signature", "not_cms", "подпись не похожа на CMS (DER SEQUENCE)")]
    return der, []


def decode_signature(text: str) -> bytes:
    """The DER bytes of a base64 CMS, or a 422 naming the field and the reason."""
    der, problems = signature_problems(text)
    refuse_if_any(problems, code="invalid_signature")
    return der


@dataclass(frozen=True)
class SignatureState:
    signature: str | None  # base64, as stored
    frozen_event: bool  # False: a protocol frozen before signatures existed (published unsigned then)


def is_repeat(state: SignatureState, der: bytes, *, course_state: str) -> bool:
    """True when this very signature was accepted before (nothing is published again).

    A different signature replaces the earlier one and the protocol is published again: after signing refused
    a signature, the head signs anew; signing drafts a protocol once, whatever arrives later.
    """
    if not state.frozen_event:
        raise Conflict("protocol_published_unsigned", "протокол опубликован до введения подписи организации",
                       state=course_state, allowed=[])
    return state.signature is not None and base64.b64decode(state.signature) == der
