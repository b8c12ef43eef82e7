"""The shared vectors agree with the OpenAPI document."""

from typing import Any

import pytest

from .vectors import (
    load,
    openapi,
    operation,
    ref_name,
    response_schema,
    rest_cases,
    schema_errors,
)


@pytest.mark.parametrize("case", rest_cases(), ids=lambda case: case["name"])
def test_rest_vector_matches_openapi(case: dict[str, Any]) -> None:
    """Each response is one the operation declares, with a body of its schema."""
    request, response = case["request"], case["response"]
    schema = response_schema(request["method"], request["path"], response["status"])
    assert schema == response["schema"]
    assert schema_errors(schema, response["body"]) == []
    if "body" in request:
        declared = operation(request["method"], request["path"])["requestBody"]
        body_schema = declared["content"]["application/json"]["schema"]
        refs = [ref_name(ref["$ref"]) for ref in body_schema.get("oneOf", [body_schema])]
        assert any(schema_errors(name, request["body"]) == [] for name in refs)


@pytest.mark.parametrize("case", load("events") + load("stream"), ids=lambda case: case["name"])
def test_frame_vector_matches_openapi(case: dict[str, Any]) -> None:
    """Each stream frame fits its schema, event data included."""
    assert schema_errors(case["schema"], case["frame"]) == []


def test_every_event_type_has_a_vector() -> None:
    """The vectors cover every event type the document defines."""
    covered = {case["frame"]["type"] for case in load("events")}
    assert covered == set(openapi()["components"]["x-event-data"])


@pytest.mark.parametrize("case", load("invalid"), ids=lambda case: case["name"])
def test_invalid_vector_breaks_openapi(case: dict[str, Any]) -> None:
    """The invalid vectors are invalid by the document too, not only by our parsers."""
    assert schema_errors(case["schema"], case["body"]) != []
