"""The OpenAPI document lists every status a route can answer, from the kit's rules rather than by hand per route.

Every route behind the kit: 401 (token), 403 (role or resource), 503 (a dependency is down); with parameters or
a body 404 and 422; with a body also 409 (a state clash or a concurrent change) and 413 (over the body cap); with
a multipart body 400. ``x-roles`` names the roles a route admits (one list per role check), so the
adversarial suite and the reader see who may call it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from kria_shared.auth import PUBLIC_PATHS
from kria_shared.auth.routes import required_roles

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "the reason code (stable, machine-readable)"},
        "message": {"type": "string"},
        "details": {"type": "object", "description": "the field, the current state, the allowed actions…"},
    },
}
_REASONS = {
    400: "тело multipart не разбирается",
    401: "нет токена или токен не прошёл проверку (details.reason — класс причины)",
    403: "роль или организация вызывающего не допускает этот запрос",
    404: "не найдено",
    409: "конфликт состояния или одновременное изменение",
    413: "тело запроса больше допустимого",
    422: "неверные данные: поле и причина",
    503: "зависимость недоступна, повторите позже",
}
_BODY_METHODS = {"post", "put", "patch", "delete"}


def statuses_of(method: str, operation: dict[str, Any]) -> list[int]:
    out = [401, 403, 503]
    if operation.get("parameters") or "requestBody" in operation or method in _BODY_METHODS:
        out.extend([404, 422])  # a path, query or body names a record that may not exist; a value may be invalid
    if method in _BODY_METHODS:
        out.extend([409, 413])
    if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
        out.append(400)  # Starlette's answer to a multipart body it cannot parse
    return sorted(out)


def document(app: FastAPI) -> dict[str, Any]:
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                      openapi_version=app.openapi_version)
    doc.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for route in iter_route_contexts(app.routes):  # included routers flattened, as FastAPI serves them
        if not isinstance(route.original_route, APIRoute) or route.path in PUBLIC_PATHS:
            continue
        for method in route.methods or ():
            operation = doc["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:  # hidden from the schema
                continue
            responses = operation.setdefault("responses", {})
            for status in statuses_of(method.lower(), operation):
                responses.setdefault(str(status), {"description": _REASONS[status], "content": ref})
            operation["x-roles"] = [sorted(r.value for r in roles) for roles in required_roles(route)]
    return doc


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
