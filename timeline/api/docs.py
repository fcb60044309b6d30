"""The offline /api/docs page: rendered on the server from the OpenAPI document."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from ..public.references import LICENSE_NAME, LICENSE_URL


class OfflineDocs(DocsBase):
    """The docs page, rendered on the server from the OpenAPI document: no CDN, no script."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": api,
            "schema": schema,
            "operations": describe_operations(schema),
            "components": describe_components(schema),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "license_name": LICENSE_NAME,
            "license_url": LICENSE_URL,
        }
        return render(request, "timeline/api_docs.html", context)


# --- Describing the OpenAPI document for the docs page -------------------------------------


def _type_name(schema: dict[str, Any], nullable: bool = True) -> str:
    """``string``, ``list of EventOut``, ``one of asc, desc``… (``nullable=False`` for a
    query parameter, which can be absent but never null)."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if nullable or o.get("type") != "null"]
        return " or ".join(_type_name(option) for option in options)
    if schema.get("type") == "array":
        return f"list of {_type_name(schema.get('items', {}))}"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"object of {_type_name(schema['additionalProperties'])}"
    name = schema.get("type", "any")
    if "format" in schema:
        name += f" ({schema['format']})"
    return name


def _ref_name(schema: dict[str, Any]) -> str:
    """The component a response is made of (itself, or the items of a list)."""
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    return target.get("$ref", "").rsplit("/", 1)[-1]


def describe_operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type_name(parameter.get("schema", {}), nullable=False),
                    "description": parameter.get("description")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = []
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "type": _type_name(content.get("schema", {})) if content else "",
                        "ref": _ref_name(content.get("schema", {})) if content else "",
                    }
                )
            operations.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return operations


def describe_components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    components = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", []))
        components.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type_name(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return components
