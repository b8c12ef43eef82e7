"""The shared Community API test vectors and the OpenAPI document, loaded once."""

from functools import cache
import json
from pathlib import Path
import re
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
import yaml  # type: ignore[import-untyped]

PROTOCOLS = Path(__file__).resolve().parents[2] / "docs" / "protocols"
VECTORS = PROTOCOLS / "vectors" / "community"
REST_FILES = (
    "auth",
    "resident",
    "intercom",
    "visitor_passes",
    "notices",
    "elevator",
    "parking",
    "errors",
)


def load(name: str) -> list[dict[str, Any]]:
    """The cases of one vector file."""
    cases: list[dict[str, Any]] = json.loads((VECTORS / f"{name}.json").read_text("utf-8"))["cases"]
    return cases


def rest_cases() -> list[dict[str, Any]]:
    """Every request/response case, across files."""
    return [case for name in REST_FILES for case in load(name)]


@cache
def openapi() -> dict[str, Any]:
    """The OpenAPI document."""
    document: dict[str, Any] = yaml.safe_load((PROTOCOLS / "openapi.yaml").read_text("utf-8"))
    return document


@cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(openapi(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("openapi.yaml", resource)
    return registry


def validator(schema_name: str) -> Draft202012Validator:
    """A JSON Schema validator for one component schema of the OpenAPI document."""
    return Draft202012Validator(
        {"$ref": f"openapi.yaml#/components/schemas/{schema_name}"}, registry=_registry()
    )


def schema_errors(schema_name: str, body: Any) -> list[str]:
    """Schema violations of a body, with event data checked against its type's schema."""
    errors = [error.message for error in validator(schema_name).iter_errors(body)]
    if schema_name == "Event" and not errors:
        data_schema = openapi()["components"]["x-event-data"].get(body["type"])
        if data_schema is not None:
            errors += [e.message for e in validator(data_schema).iter_errors(body["data"])]
    return errors


def operation(method: str, path: str) -> dict[str, Any]:
    """The OpenAPI operation that serves a concrete request path."""
    for template, item in openapi()["paths"].items():
        pattern = re.sub(r"\{[a-z_]+\}", "[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in item:
            found: dict[str, Any] = item[method.lower()]
            return found
    raise AssertionError(f"{method} {path} is not in openapi.yaml")


def ref_name(ref: str) -> str:
    """The component name a $ref points at."""
    return ref.rsplit("/", 1)[-1]


def response_schema(method: str, path: str, status: int) -> str:
    """The schema name an operation declares for a JSON response status."""
    responses = operation(method, path)["responses"]
    declared = responses.get(str(status)) or responses[f"{str(status)[0]}XX"]
    if "$ref" in declared:
        declared = openapi()["components"]["responses"][ref_name(declared["$ref"])]
    return ref_name(declared["content"]["application/json"]["schema"]["$ref"])
