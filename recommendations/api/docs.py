"""The OpenAPI description (``/api/v1/schema/``) and the documentation page written from it on
the server (``/api/v1/docs/``): plain HTML with the site's own stylesheet, no script and nothing
from another site, so it reads without JavaScript under the strict Content-Security-Policy."""

from __future__ import annotations

import functools

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

# The operations the documentation page lists, as the schema names them.
METHOD = "get"


@functools.cache
def api_schema() -> dict:
    """The OpenAPI description of the API: it depends on the code alone, so it is worked out
    once per process."""
    return SchemaGenerator(urlconf="tipt.urls").get_schema(request=None, public=True)


@extend_schema(exclude=True)
class SchemaView(APIView):
    """The OpenAPI 3 description of the API, as JSON."""

    renderer_classes = [OpenApiJsonRenderer]
    pagination_class = None

    def get(self, request, *args, **kwargs):
        return Response(
            api_schema(), headers={"Content-Disposition": 'inline; filename="tipt-api.json"'}
        )


def _resolved(schema: dict, node: dict) -> dict:
    """``node`` with its $ref followed (components/schemas/...)."""
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _type(schema: dict, node: dict) -> str:
    """A property's type in a few words: "integer", "list of Ministry", "one of: a, b"."""
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "allOf" in node:
        return " or ".join(_type(schema, part) for part in node["allOf"])
    if "oneOf" in node:
        return " or ".join(_type(schema, part) for part in node["oneOf"])
    if "enum" in node:
        return "one of: " + ", ".join(str(value) for value in node["enum"] if value is not None)
    if node.get("type") == "array":
        return "list of " + _type(schema, node.get("items", {}))
    kind = node.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    return f"{kind} ({node['format']})" if "format" in node else kind


def _fields(schema: dict, node: dict) -> list[dict]:
    node = _resolved(schema, node)
    return [
        {
            "name": name,
            "type": _type(schema, prop),
            "nullable": prop.get("nullable", False),
            "description": prop.get("description", ""),
        }
        for name, prop in node.get("properties", {}).items()
    ]


def _operation(schema: dict, path: str, operation: dict) -> dict:
    body = operation.get("responses", {}).get("200", {}).get("content", {})
    shown = next(iter(body.values()), {}).get("schema", {})
    shown = _resolved(schema, shown)
    if "results" in shown.get("properties", {}):  # a paginated list: describe its items
        shown = shown["properties"]["results"]["items"]
    elif shown.get("type") == "array":
        shown = shown["items"]
    return {
        "path": path,
        "id": operation.get("operationId", path),
        "description": operation.get("description", ""),
        "parameters": [
            {
                "name": parameter["name"],
                "where": parameter["in"],
                "type": _type(schema, parameter.get("schema", {})),
                "description": parameter.get("description", ""),
            }
            for parameter in operation.get("parameters", [])
        ],
        "name": shown.get("$ref", "").rsplit("/", 1)[-1],
        "fields": _fields(schema, shown),
    }


@functools.cache
def documented_operations() -> list[dict]:
    schema = api_schema()
    return [
        _operation(schema, path, operations[METHOD])
        for path, operations in schema["paths"].items()
        if METHOD in operations
    ]


@extend_schema(exclude=True)
class DocsView(APIView):
    """Every endpoint with its parameters and the fields of what it answers."""

    renderer_classes = [TemplateHTMLRenderer]
    pagination_class = None

    def get(self, request, *args, **kwargs):
        schema = api_schema()
        return Response(
            {"info": schema["info"], "operations": documented_operations()},
            template_name="api/docs.html",
        )
