"""The handler table is checked when the runtime is given it, before anything starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kria_shared.contracts.certificates import CourseStarted, TravelRecorded
from kria_shared.contracts.costing import EstimateCalculated
from kria_shared.contracts.topics import Topics
from kria_shared.envelope import Envelope
from kria_shared.handler_table import HandlerTableError
from kria_shared.runtime import ServiceRuntime
from kria_shared.settings import ServiceSettings
from kria_shared.uow import UnitOfWork


def runtime(tmp_path: Path, *topics: str) -> ServiceRuntime:
    settings = ServiceSettings(service="costing", var_dir=tmp_path,
                               database_url=f"sqlite+aiosqlite:///{tmp_path}/h.sqlite3")
    return ServiceRuntime(settings, tables=[], topics=topics)


async def on_course_started(uow: UnitOfWork, envelope: Envelope, payload: CourseStarted) -> None:
    return None


async def on_anything(uow: UnitOfWork, envelope: Envelope, payload: Any) -> None:
    return None


async def on_two(uow: UnitOfWork, payload: CourseStarted) -> None:
    return None


class Handlers:
    async def on_travel(self, uow: UnitOfWork, envelope: Envelope, payload: TravelRecorded) -> None:
        return None


def test_a_fitting_table_is_keyed_by_event_type_name(tmp_path: Path) -> None:
    rt = runtime(tmp_path, Topics.CERTIFICATES)
    rt.handle({CourseStarted: on_course_started, TravelRecorded: Handlers().on_travel})
    assert sorted(rt.handlers) == ["CourseStarted", "TravelRecorded"]


def test_a_type_on_a_topic_not_subscribed_is_refused_by_name(tmp_path: Path) -> None:
    rt = runtime(tmp_path, Topics.CERTIFICATES)

    async def on_estimate(uow: UnitOfWork, envelope: Envelope, payload: EstimateCalculated) -> None:
        return None

    with pytest.raises(HandlerTableError, match=r"EstimateCalculated is published on kria\.costing\.v1"):
        rt.handle({EstimateCalculated: on_estimate})


def test_a_handler_annotated_with_another_type_is_refused(tmp_path: Path) -> None:
    rt = runtime(tmp_path, Topics.CERTIFICATES)
    with pytest.raises(HandlerTableError, match="registered for TravelRecorded but its payload is annotated "
                                                "CourseStarted"):
        rt.handle({TravelRecorded: on_course_started})


def test_a_handler_annotated_any_is_refused(tmp_path: Path) -> None:
    rt = runtime(tmp_path, Topics.CERTIFICATES)
    with pytest.raises(HandlerTableError, match="registered for CourseStarted"):
        rt.handle({CourseStarted: on_anything})


def test_a_handler_without_the_three_parameters_is_refused(tmp_path: Path) -> None:
    rt = runtime(tmp_path, Topics.CERTIFICATES)
    with pytest.raises(HandlerTableError, match="must take \\(uow, envelope, payload\\)"):
        rt.handle({CourseStarted: on_two})  # type: ignore[dict-item]


def test_a_class_that_is_not_a_contract_is_refused(tmp_path: Path) -> None:
    class CourseStarted2(CourseStarted):
        pass

    rt = runtime(tmp_path, Topics.CERTIFICATES)
    with pytest.raises(HandlerTableError, match="CourseStarted2 is not an event type"):
        rt.handle({CourseStarted2: on_course_started})


def test_the_table_is_given_once(tmp_path: Path) -> None:
    rt = runtime(tmp_path, Topics.CERTIFICATES)
    rt.handle({CourseStarted: on_course_started})
    with pytest.raises(RuntimeError):
        rt.handle({TravelRecorded: Handlers().on_travel})
