"""Requests checked against docs/protocols/openapi.yaml, so the document stays the one truth.

The server reads the same file the client is tested against: each operation's path, query
parameters, request body and security come from it, and a request that does not fit is
answered 400 before any handler sees it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
import json
from pathlib import Path
import re
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from multidict import MultiMapping
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
import yaml  # type: ignore[import-untyped]

from .wire import ApiError, decode, invalid, not_found

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "protocols" / "openapi.yaml"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """What openapi.yaml says about one method on one path."""

    method: str
    pattern: re.Pattern[str]
    secured: bool
    query: Mapping[str, Draft202012Validator]
    body: Draft202012Validator | None
    body_required: bool


class Spec:
    """The operations and schemas of one OpenAPI document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Index every operation by method and path pattern."""
        self.document = document
        resource: Resource[Any] = Resource.from_contents(
            document, default_specification=DRAFT202012
        )
        self._registry: Registry[Any] = Registry().with_resource("openapi.yaml", resource)
        default_secured = bool(document.get("security"))
        self.operations: list[tuple[re.Pattern[str], dict[str, Operation]]] = []
        for template, item in document["paths"].items():
            pattern = re.compile(re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(template)))
            by_method: dict[str, Operation] = {}
            for method in _METHODS:
                if method in item:
                    by_method[method.upper()] = self._operation(
                        method, pattern, item[method], default_secured
                    )
            self.operations.append((pattern, by_method))

    def _operation(
        self,
        method: str,
        pattern: re.Pattern[str],
        operation: Mapping[str, Any],
        default_secured: bool,
    ) -> Operation:
        query: dict[str, Draft202012Validator] = {}
        for declared in operation.get("parameters", []):
            parameter = self._resolve(declared)
            if parameter["in"] == "query":
                query[parameter["name"]] = self._validator(parameter["schema"])
        body = operation.get("requestBody")
        schema = None if body is None else body["content"]["application/json"]["schema"]
        security = operation.get("security")
        return Operation(
            method=method.upper(),
            pattern=pattern,
            secured=default_secured if security is None else bool(security),
            query=query,
            body=None if schema is None else self._validator(schema),
            body_required=bool(body and body.get("required")),
        )

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        if "$ref" not in node:
            return node
        target: Any = self.document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        resolved: Mapping[str, Any] = target
        return resolved

    def _validator(self, schema: Mapping[str, Any]) -> Draft202012Validator:
        # Component references are resolved against the whole document.
        rebased = json.loads(json.dumps(schema).replace('"#/', '"openapi.yaml#/'))
        return Draft202012Validator(rebased, registry=self._registry)

    def schema(self, name: str) -> Draft202012Validator:
        """A validator for one component schema."""
        return self._validator({"$ref": f"#/components/schemas/{name}"})

    @property
    def event_types(self) -> Mapping[str, str]:
        """Event type -> the component schema of its data."""
        types: Mapping[str, str] = self.document["components"]["x-event-data"]
        return types

    def route(self, method: str, path: str) -> Operation:
        """The operation serving a request, or 404 / 405 in the error shape."""
        for pattern, by_method in self.operations:
            if pattern.fullmatch(path):
                if method in by_method:
                    return by_method[method]
                if method == "HEAD" and "GET" in by_method:
                    return by_method["GET"]
                allowed = ", ".join(by_method)
                error = ApiError(405, "invalid_request", f"Use {allowed} on this path.")
                error.headers["Allow"] = allowed
                raise error
        raise not_found("API path")

    def query(self, operation: Operation, query: MultiMapping[str]) -> dict[str, object]:
        """The declared query parameters, typed; anything else is refused."""
        values: dict[str, object] = {}
        for name in query:
            if name not in operation.query:
                raise invalid(f"Unknown query parameter {name}.")
        for name, validator in operation.query.items():
            if name not in query:
                continue
            if len(query.getall(name)) > 1:
                raise invalid(f"{name} is given more than once.")
            value = _typed(query[name], validator.schema.get("type"))
            check(validator, value, name)
            values[name] = value
        return values

    def body(self, operation: Operation, raw: bytes) -> object:
        """The request body, decoded and checked; an absent optional body reads as {}."""
        if operation.body is None:
            return {}
        if not raw:
            if operation.body_required:
                raise invalid("This request needs a JSON body.")
            return {}
        value = decode(raw, "body")
        check(operation.body, value, "body")
        return value


def _typed(text: str, kind: object) -> object:
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text) else text
    if kind == "boolean":
        return _BOOLEANS.get(text, text)
    return text


def check(validator: Draft202012Validator, value: object, where: str) -> None:
    """400 unless value fits the validator's schema."""
    try:
        error = next(iter(validator.iter_errors(value)), None)
    except RecursionError:
        raise invalid(f"The {where} is nested too deeply.") from None
    if error is not None:
        location = "".join(f"[{part!r}]" for part in error.absolute_path)
        raise invalid(f"The {where}{location} does not fit the schema ({error.validator}).")


@cache
def spec() -> Spec:
    """The document this server implements."""
    return Spec(yaml.safe_load(OPENAPI.read_text("utf-8")))
