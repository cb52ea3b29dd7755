"""The MSE export upload as a whole: a file must be sent; each refusal names the field ``file``."""

from __future__ import annotations

import pytest

from kria_certificates.domain import upload
from kria_shared.errors import DomainError


def test_a_body_with_bytes_is_the_export() -> None:
    assert upload.require_body(b"a;b\n") == b"a;b\n"


@pytest.mark.parametrize("refuse", [lambda: upload.require_body(b""), upload.missing_file_field])
def test_sending_no_file_is_refused_on_the_file_field(refuse: object) -> None:
    with pytest.raises(DomainError) as refused:
        refuse()  # type: ignore[operator]
    assert (refused.value.code, refused.value.details["field"]) == ("missing_field", "file")


def test_an_unreadable_file_says_why() -> None:
    with pytest.raises(DomainError) as refused:
        upload.unreadable("not UTF-8 text (byte 3)")
    assert (refused.value.code, refused.value.message, refused.value.details["field"]) == (
        "unreadable_file", "not UTF-8 text (byte 3)", "file")
