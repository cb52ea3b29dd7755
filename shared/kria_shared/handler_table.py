"""A service's one table ``{EventType: handler}``, checked before the service starts.

A handler registered under a type no subscribed topic carries would never run; one whose payload annotation
names another type would be handed a model it does not expect. Both are wiring mistakes, refused at start-up
with the type named, rather than found as a silent gap or an ``AttributeError`` in the DLQ.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from kria_shared.contracts.common import Payload
from kria_shared.contracts.registry import REGISTRY
from kria_shared.envelope import Envelope
from kria_shared.uow import UnitOfWork

Handler = Callable[[UnitOfWork, Envelope, Any], Awaitable[None]]
HandlerTable = Mapping[type[Payload], Handler]


class HandlerTableError(ValueError):
    """The handler table does not fit the service's subscriptions or its handlers' signatures."""


def payload_annotation(handler: Handler) -> object:
    """What the handler's third parameter (the payload) is annotated with, string annotations resolved."""
    try:
        params = list(inspect.signature(handler, eval_str=True).parameters.values())
    except (NameError, TypeError) as exc:  # an annotation that names something not importable at run time
        raise HandlerTableError(f"cannot read the signature of {_name(handler)}: {exc}") from exc
    if len(params) != 3:
        raise HandlerTableError(f"{_name(handler)} must take (uow, envelope, payload), takes {len(params)} parameters")
    return params[2].annotation


def checked(table: HandlerTable, topics: Sequence[str]) -> dict[str, Handler]:
    """The table keyed by event type name, once every entry is known, subscribed and annotated alike."""
    by_name: dict[str, Handler] = {}
    for event_type, handler in table.items():
        name = event_type.__name__
        if REGISTRY.models.get(name) is not event_type:
            raise HandlerTableError(f"{name} is not an event type of kria_shared.contracts")
        topic = REGISTRY.topic_of[name]
        if topic not in topics:
            raise HandlerTableError(f"{name} is published on {topic}, which this service does not subscribe to "
                                    f"(subscribed: {', '.join(topics) or 'none'})")
        annotation = payload_annotation(handler)
        if annotation is not event_type:
            shown = getattr(annotation, "__name__", repr(annotation))
            raise HandlerTableError(f"{_name(handler)} is registered for {name} but its payload is annotated {shown}")
        by_name[name] = handler
    return by_name


def _name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", repr(handler))
