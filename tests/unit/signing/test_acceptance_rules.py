"""The refusals a signer or an uploader can receive, at their boundaries (domain/, no I/O): what the use cases
and routes now ask instead of raising their own."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from kria_shared.errors import Conflict, DomainError, Forbidden, InvalidData
from kria_signing.domain import uploads
from kria_signing.domain.access import authorised_caller, require_signing_key
from kria_signing.domain.authority import AuthorisedSigner, SignerRegister, SignerRole
from kria_signing.domain.conclusion import (
    Action,
    ConclusionState,
    changed_meanwhile,
    require_document,
    require_signed,
    transition,
)
from kria_signing.domain.progress import check_period
from kria_signing.domain.reason import IneffectiveReason, check_reason
from kria_signing.domain.signature_acceptance import (
    CLOCK_SKEW,
    CheckedSignature,
    SignatureNotByCaller,
    SignatureRejected,
    accept,
)

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HEAD = "112-233-445 95"
REPORT = {"indication": "PASSED"}


def checked(*, passed: bool = True, signer: str | None = HEAD, at: datetime | None = NOW,
            sub: str | None = None) -> CheckedSignature:
    return CheckedSignature(passed, sub, signer, at, REPORT)


def test_a_verified_signature_of_the_caller_is_accepted_as_the_callers() -> None:
    assert accept(checked(), HEAD, NOW) == HEAD


def test_a_failed_verification_is_rejected_under_its_sub_indication() -> None:
    with pytest.raises(SignatureRejected) as refused:
        accept(checked(passed=False, sub="REVOKED"), HEAD, NOW)
    assert (refused.value.code, refused.value.http_status, refused.value.counted_as) == (
        "signature_rejected", 422, "REVOKED")
    assert refused.value.details == {"report": REPORT}


def test_a_failure_without_sub_indication_is_counted_as_failed() -> None:
    with pytest.raises(SignatureRejected) as refused:
        accept(checked(passed=False), HEAD, NOW)
    assert refused.value.counted_as == "FAILED"


def test_a_signing_time_at_the_edge_of_the_clock_skew_is_accepted() -> None:
    assert accept(checked(at=NOW + CLOCK_SKEW), HEAD, NOW) == HEAD


def test_a_signing_time_just_past_the_clock_skew_is_in_the_future() -> None:
    with pytest.raises(SignatureRejected) as refused:
        accept(checked(at=NOW + CLOCK_SKEW + timedelta(seconds=1)), HEAD, NOW)
    assert refused.value.counted_as == "SIGNING_TIME_IN_FUTURE"


def test_a_signature_without_signing_time_is_judged_on_the_rest() -> None:
    assert accept(checked(at=None), HEAD, NOW) == HEAD


def test_a_signature_by_someone_else_is_forbidden() -> None:
    with pytest.raises(SignatureNotByCaller) as refused:
        accept(checked(signer="999-999-999 99"), HEAD, NOW)
    assert isinstance(refused.value, Forbidden)
    assert (refused.value.code, refused.value.counted_as) == ("signature_not_by_caller", "SIGNER_NOT_CALLER")


def test_a_signature_naming_no_signer_is_not_the_callers_even_for_a_caller_without_snils() -> None:
    with pytest.raises(SignatureNotByCaller):
        accept(checked(signer=None), None, NOW)


REGISTER = SignerRegister("test", "1027700000000", (
    AuthorisedSigner("Deputy", "222", SignerRole.DEPUTY, date(2026, 11, 1), date(2026, 11, 30)),))


def test_a_deputy_signs_on_the_last_day_of_the_authority() -> None:
    assert authorised_caller(REGISTER, "222", date(2026, 11, 30)).snils == "222"


@pytest.mark.parametrize(("snils", "day"), [("222", date(2026, 12, 1)), ("222", date(2026, 10, 31)),
                                            ("333", date(2026, 11, 15)), (None, date(2026, 11, 15))])
def test_who_is_not_authorised_that_day_is_forbidden(snils: str | None, day: date) -> None:
    with pytest.raises(Forbidden) as refused:
        authorised_caller(REGISTER, snils, day)
    assert refused.value.code == "not_authorised_signer"


def test_signing_here_needs_a_key_here() -> None:
    require_signing_key(True, "ready_to_sign")
    with pytest.raises(Conflict) as refused:
        require_signing_key(False, "ready_to_sign")
    assert (refused.value.code, refused.value.details["allowed"]) == ("no_signing_key", ["upload_signature"])


def test_an_illegal_act_is_a_conflict_naming_the_state_and_what_is_allowed() -> None:
    with pytest.raises(Conflict) as refused:
        transition(ConclusionState.AWAITING_REASON, Action.SIGN, effective=False)
    assert refused.value.code == "illegal_transition"
    assert refused.value.details == {"state": "awaiting_reason", "allowed": ["set_reason"]}
    assert transition(ConclusionState.READY_TO_SIGN, Action.SIGN, effective=True) is ConclusionState.SIGNED


def test_a_lost_race_is_state_changed() -> None:
    changed_meanwhile(True, "signed", "")
    with pytest.raises(Conflict) as refused:
        changed_meanwhile(False, "signed", "read it again")
    assert (refused.value.code, refused.value.state) == ("state_changed", "signed")


def test_documents_and_signatures_exist_only_once_made() -> None:
    assert require_document(b"{}", "ready_to_sign") == b"{}"
    assert require_signed(b"cms", "signed") == b"cms"
    with pytest.raises(Conflict, match="reason") as no_document:
        require_document(None, "awaiting_reason")
    with pytest.raises(Conflict) as unsigned:
        require_signed(None, "ready_to_sign")
    assert (no_document.value.code, unsigned.value.code) == ("document_not_ready", "not_signed")


@pytest.mark.parametrize(("reason", "text", "code", "field"), [
    (IneffectiveReason.OTHER, "  ", "reason_text_required", "text"),
    (IneffectiveReason.FAMILY_REFUSAL, None, "family_refusal_scope_required", "reason"),
])
def test_a_reason_that_cannot_be_taken_names_its_field(reason: IneffectiveReason, text: str | None, code: str,
                                                       field: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_reason(reason, text)
    assert (refused.value.code, refused.value.details["field"]) == (code, field)


def test_a_reason_other_with_words_is_taken() -> None:
    check_reason(IneffectiveReason.OTHER, "переезд")


def test_a_period_of_one_day_is_fine_and_a_reversed_one_is_refused() -> None:
    check_period(date(2026, 11, 1), date(2026, 11, 1))
    with pytest.raises(DomainError) as refused:
        check_period(date(2026, 11, 2), date(2026, 11, 1))
    assert (refused.value.code, refused.value.details["field"]) == ("bad_period", "from")


def test_an_upload_at_its_limit_is_taken_and_one_byte_more_is_too_large() -> None:
    uploads.within_limit(10, 10, "signature")
    with pytest.raises(DomainError) as refused:
        uploads.within_limit(11, 10, "signature")
    assert (refused.value.code, refused.value.details) == ("too_large", {"field": "signature", "limit": 10})


def test_a_signature_is_one_byte_to_its_limit() -> None:
    assert uploads.signature_size(b"x", 2) == b"x"
    assert uploads.signature_size(b"xx", 2) == b"xx"
    for wrong in (b"", b"xxx"):
        with pytest.raises(DomainError) as refused:
            uploads.signature_size(wrong, 2)
        assert refused.value.code == "invalid_signature_size"


def test_base64_is_decoded_strictly() -> None:
    assert uploads.decode_b64(base64.b64encode(b"cms").decode(), "signature_b64") == b"cms"
    with pytest.raises(DomainError) as refused:
        uploads.decode_b64("not base64!", "signature_b64")
    assert (refused.value.code, refused.value.details["field"]) == ("invalid_base64", "signature_b64")


def test_parts_and_inputs_must_be_there() -> None:
    assert uploads.required_part(b"", "document") == b""
    with pytest.raises(DomainError, match="document") as missing:
        uploads.required_part(None, "document")
    with pytest.raises(DomainError) as empty:
        uploads.not_empty(b"doc", b"")
    assert (missing.value.code, empty.value.code) == ("missing_part", "empty_input")


def test_the_verification_opens_only_for_the_document_its_hash_names() -> None:
    uploads.matching_digest("ABCD", "abcd")  # hex in either case
    for stored in ("abce", None):
        with pytest.raises(InvalidData) as refused:
            uploads.matching_digest(stored, "abcd")
        assert (refused.value.code, refused.value.details["field"]) == ("document_mismatch", "streebog256")


def test_a_body_that_does_not_parse_is_invalid_data_naming_its_field() -> None:
    refusal = uploads.invalid_body("expected JSON", "signature_b64")
    assert (refusal.code, refusal.details, refusal.http_status) == ("invalid_body", {"field": "signature_b64"}, 422)
