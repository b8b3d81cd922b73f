"""The workspace's OpenAPI description as the API really behaves.

FastAPI (with pydantic 1) leaves optional fields without ``null`` and documents its own 422
body; this API answers every error as ``{"detail": "...", "errors": [{"field", "message"}]}``.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

ERROR_SCHEMA = {
    "title": "Fout",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "title": "Wat er mis is (Nederlands)"},
        "errors": {
            "type": "array",
            "title": "Fouten per veld",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_ERROR_REF = {"$ref": "#/components/schemas/Fout"}


def _nullable(prop: dict) -> dict:
    if "enum" in prop and None not in prop["enum"]:
        prop = {**prop, "enum": prop["enum"] + [None]}
    if "type" in prop and isinstance(prop["type"], str):
        return {**prop, "type": [prop["type"], "null"]}
    if "anyOf" in prop:
        return prop if {"type": "null"} in prop["anyOf"] else {**prop, "anyOf": prop["anyOf"] + [{"type": "null"}]}
    rest = {k: v for k, v in prop.items() if k in ("title", "description", "default")}
    inner = {k: v for k, v in prop.items() if k not in rest}
    return {**rest, "anyOf": [inner, {"type": "null"}]}


def install(app: FastAPI, models: list[type[BaseModel]]) -> None:
    """Make ``app.openapi()`` declare nullable fields of ``models`` and the real error body."""

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in models:
            properties = components.get(model.__name__, {}).get("properties", {})
            for name, field in model.__fields__.items():
                if field.allow_none and field.alias in properties:
                    properties[field.alias] = _nullable(properties[field.alias])
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        components["Fout"] = ERROR_SCHEMA
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.get("responses", {})
                if "422" in responses or operation.get("parameters") or operation.get("requestBody"):
                    responses["422"] = {"description": "De invoer klopt niet",
                                        "content": {"application/json": {"schema": _ERROR_REF}}}
                for code, response in responses.items():
                    if code[0] in "45" and code != "422":
                        response.setdefault("content", {"application/json": {"schema": _ERROR_REF}})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
