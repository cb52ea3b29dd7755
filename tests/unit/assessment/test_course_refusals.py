"""The refusals of a course's state, raised by the domain: each names its code, the state and what is allowed."""

from __future__ import annotations

import pytest

from kria_assessment.domain.access import NotOwned, owned, provider_organisation
from kria_assessment.domain.assessments import ensure_not_frozen
from kria_assessment.domain.journal import ensure_same_batch, ensure_takes_entries
from kria_assessment.domain.protocol import ProtocolInputs, ensure_ready
from kria_shared.errors import Conflict, Forbidden, NotFound
from tests.unit.assessment.builders import PLANNED_END, closed, make_course


def test_ratings_are_frozen_once_the_protocol_is_submitted() -> None:
    ensure_not_frozen(make_course())
    with pytest.raises(Conflict) as refused:
        ensure_not_frozen(make_course(closure=closed(PLANNED_END), protocol_submitted=True))
    assert refused.value.code == "protocol_submitted"


def test_a_closed_course_takes_no_journal_entries() -> None:
    ensure_takes_entries(make_course())
    with pytest.raises(Conflict) as refused:
        ensure_takes_entries(make_course(closure=closed(PLANNED_END)))
    assert refused.value.code == "course_closed"
    assert refused.value.details["state"] == "closed"


def test_a_batch_id_answers_only_a_retry_of_the_same_batch() -> None:
    ensure_same_batch("b1", "cert-1", "aa", "cert-1", "aa")
    for other in (("cert-2", "aa"), ("cert-1", "bb")):
        with pytest.raises(Conflict) as refused:
            ensure_same_batch("b1", "cert-1", "aa", *other)
        assert refused.value.code == "batch_id_reused"


def test_a_protocol_of_an_open_course_without_ratings_names_what_is_missing() -> None:
    course = make_course()
    with pytest.raises(Conflict) as refused:
        ensure_ready(ProtocolInputs(course, [], None, None, None, None))
    assert refused.value.code == "protocol_not_ready"
    assert refused.value.details["missing"]


def test_another_organisations_course_is_answered_as_missing() -> None:
    course = make_course()
    assert owned(course, course.certificate_id, course.organisation_id) is course
    assert owned(course, course.certificate_id, None) is course  # the MSE bureau reads any course
    with pytest.raises(NotOwned):
        owned(course, course.certificate_id, "org-other")
    with pytest.raises(NotFound):
        owned(None, "cert-x", course.organisation_id)


def test_a_provider_token_must_name_its_organisation() -> None:
    assert provider_organisation("org-1") == "org-1"
    with pytest.raises(Forbidden):
        provider_organisation(None)
