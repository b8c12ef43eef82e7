"""Every answer of the reference server fits openapi.yaml (checked with raw HTTP, no client)."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from simulator.community import CommunityServer, NewDoor
from tests.community.fixtures import HOME, PASSWORD, USERNAME
from tests.community.vectors import response_schema, schema_errors

type Call = Callable[..., Awaitable[tuple[int, Any]]]


@pytest.fixture
async def call(server: CommunityServer, session: aiohttp.ClientSession) -> Call:
    """Send a request as resident1 and check the answer against the document."""
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    async with session.post(f"{server.url}/v1/auth/token", json=grant) as response:
        tokens = await response.json()
    assert schema_errors("Tokens", tokens) == []
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}

    async def send(method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        url = f"{server.url}{path}"
        async with session.request(method, url, headers=headers, **kwargs) as response:
            if response.content_type == "image/jpeg":
                return response.status, await response.read()
            body = await response.json()
            schema = response_schema(method, path, response.status)
            assert schema_errors(schema, body) == [], (method, path, body)
            if response.status == 429:
                assert response.headers["Retry-After"] == str(body["error"]["retry_after"])
            return response.status, body

    return send


async def test_every_operation(server: CommunityServer, call: Call) -> None:
    """A walk through every operation, successes and refusals."""
    now = datetime.now(UTC)
    window = {
        "valid_from": now.isoformat().replace("+00:00", "Z"),
        "valid_until": (now + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
    }
    assert (await call("GET", "/v1/me"))[0] == 200
    assert (await call("GET", f"/v1/homes/{HOME}/doors"))[0] == 200
    east = server.add_door(NewDoor("East gate", [HOME], capabilities=()))
    assert len((await call("GET", f"/v1/homes/{HOME}/doors"))[1]["doors"]) == 4
    server.remove_door(east)
    assert (await call("POST", f"/v1/doors/{east}/open"))[0] == 404
    assert (await call("POST", "/v1/doors/door-north-gate/open"))[0] == 202
    assert (await call("POST", "/v1/doors/door-nowhere/open"))[0] == 404
    status, jpeg = await call("GET", "/v1/doors/door-north-gate/snapshot")
    assert (status, jpeg[:2]) == (200, b"\xff\xd8")
    assert (await call("GET", "/v1/doors/door-north-gate/stream"))[0] == 200
    assert (await call("GET", "/v1/doors/door-south-gate/stream"))[0] == 409
    call_id = server.ring("door-north-gate", HOME)
    assert (await call("GET", "/v1/calls", params={"limit": "5"}))[0] == 200
    assert (await call("GET", "/v1/calls", params={"limit": "0"}))[0] == 400
    assert (await call("POST", f"/v1/calls/{call_id}/answer"))[0] == 202
    assert (await call("POST", f"/v1/calls/{server.ring('door-lobby-b3-u1', HOME)}/decline"))[
        0
    ] == 202
    body = {**window, "uses_allowed": 1, "visitor_name": "Wang Fang"}
    status, created = await call("POST", f"/v1/homes/{HOME}/visitor-passes", json=body)
    assert status == 201
    assert (await call("POST", f"/v1/homes/{HOME}/visitor-passes", json={"x": 1}))[0] == 400
    assert (await call("GET", f"/v1/homes/{HOME}/visitor-passes"))[0] == 200
    assert (await call("POST", f"/v1/visitor-passes/{created['id']}/revoke"))[0] == 200
    assert (await call("GET", "/v1/notices"))[0] == 200
    path = f"/v1/homes/{HOME}/elevator/call"
    assert (await call("POST", path, json={"direction": "up"}))[0] == 202
    assert (await call("POST", path, json={"direction": "sideways"}))[0] == 400
    assert (await call("POST", path))[0] == 202
    for resource in ("places", "occupancy", "sessions", "rights", "gates"):
        assert (await call("GET", f"/v1/parking/{resource}"))[0] == 200
    assert (await call("GET", "/v1/parking/sessions", params={"active": "maybe"}))[0] == 400
    permit = {"home_id": HOME, "plate": "粤B·7Q3N9", **window}
    status, right = await call("POST", "/v1/parking/rights", json=permit)
    assert status == 201
    assert (await call("POST", "/v1/parking/rights", json={**permit, "plate": "X"}))[0] == 400
    assert (await call("POST", f"/v1/parking/rights/{right['id']}/revoke"))[0] == 200
    assert (await call("POST", "/v1/parking/rights/right-0001/revoke"))[0] == 409
    assert (await call("POST", "/v1/parking/gates/gate-B1-in/open"))[0] == 202
    server.add_fault(429, retry_after=4)
    assert (await call("GET", "/v1/me"))[0] == 429
    server.add_fault(500)
    assert (await call("GET", "/v1/me"))[0] == 500


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"grant_type": "password", "username": USERNAME, "password": "x"},
            401,
            "invalid_credentials",
        ),
        ({"grant_type": "refresh_token", "refresh_token": "rt-unknown"}, 400, "invalid_grant"),
        ({"grant_type": "client_credentials"}, 400, "invalid_request"),
        ([], 400, "invalid_request"),
    ],
)
async def test_token_refusals(
    server: CommunityServer,
    session: aiohttp.ClientSession,
    body: object,
    status: int,
    code: str,
) -> None:
    """Refused grants use the error shape with the documented codes."""
    async with session.post(f"{server.url}/v1/auth/token", json=body) as response:
        answer = await response.json()
    assert (response.status, answer["error"]["code"]) == (status, code)
    assert schema_errors("Error", answer) == []


async def test_requests_need_a_valid_token(
    server: CommunityServer, session: aiohttp.ClientSession
) -> None:
    """Missing or expired tokens are 401 with distinct codes."""
    async with session.get(f"{server.url}/v1/me") as response:
        assert (await response.json())["error"]["code"] == "unauthorized"
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    async with session.post(f"{server.url}/v1/auth/token", json=grant) as response:
        token = (await response.json())["access_token"]
    server.expire_access_tokens()
    headers = {"Authorization": f"Bearer {token}"}
    async with session.get(f"{server.url}/v1/me", headers=headers) as response:
        assert response.status == 401
        assert (await response.json())["error"]["code"] == "token_expired"
    async with session.post(f"{server.url}/v1/auth/token", data=b"{") as response:
        assert response.status == 400


DEEP = b"[" * 100_000
NESTED_OBJECT = b'{"a":' * 100_000
WINDOW = {"valid_from": "2030-01-01T08:00:00Z", "valid_until": "2030-01-01T10:00:00Z"}


PASSES = f"/v1/homes/{HOME}/visitor-passes"
ELEVATOR = f"/v1/homes/{HOME}/elevator/call"
PASS = {**WINDOW, "uses_allowed": 1}
type Hostile = tuple[str, str, bytes | dict[str, object] | None, int]
HOSTILE: list[Hostile] = [
    ("POST", "/v1/auth/token", DEEP, 400),
    ("POST", "/v1/auth/token", NESTED_OBJECT, 400),
    ("POST", "/v1/auth/token", {"grant_type": "password", "username": "", "password": "x"}, 400),
    ("POST", "/v1/auth/token", {"grant_type": "refresh_token", "refresh_token": ""}, 400),
    ("POST", "/v1/auth/token", b'{"grant_type": "password", "username": NaN}', 400),
    ("POST", ELEVATOR, {"direction": {}}, 400),
    ("POST", ELEVATOR, {"direction": ["up"]}, 400),
    ("POST", ELEVATOR, DEEP, 400),
    ("POST", PASSES, b'{"visitor_name": "\\ud800x"}', 400),
    ("POST", PASSES, {**PASS, "visitor_name": None}, 400),
    ("POST", PASSES, {**PASS, "visitor_name": "n" * 65}, 400),
    ("POST", PASSES, {**PASS, "visitor_phone": "abc"}, 400),
    ("POST", PASSES, b"\xff\xfe", 400),
    ("GET", "/v1/calls?limit=5&color=red", None, 400),
    ("GET", "/v1/calls?limit=5&limit=6", None, 400),
    ("GET", "/v1/nowhere", None, 404),
    ("DELETE", "/v1/me", None, 405),
    ("GET", "/v1/events", None, 400),
    ("POST", "/v1/parking/rights", b"{" + b" " * 2_000_000 + b"}", 413),
]


@pytest.mark.parametrize("case", HOSTILE, ids=range(len(HOSTILE)))
async def test_hostile_requests_get_the_error_shape(
    server: CommunityServer, session: aiohttp.ClientSession, case: Hostile
) -> None:
    """Malformed bodies, unknown paths and methods: a 4xx in the one error shape, never 500."""
    method, path, body, status = case
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    async with session.post(f"{server.url}/v1/auth/token", json=grant) as response:
        token = (await response.json())["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    data = body if isinstance(body, bytes) else None
    json_body = body if isinstance(body, dict) else None
    url = f"{server.url}{path}"
    async with session.request(method, url, headers=headers, data=data, json=json_body) as response:
        answer = await response.json()
    assert response.status == status
    assert response.content_type == "application/json"
    assert schema_errors("Error", answer) == []
    if status == 405:
        assert "GET" in response.headers["Allow"]


async def test_a_handler_failure_is_a_500_in_the_error_shape(
    server: CommunityServer, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server bug still answers in the protocol's shape (and is logged), not as text."""

    def broken(*args: object) -> list[dict[str, object]]:
        raise RuntimeError("bug")

    monkeypatch.setattr("simulator.community.parking.gates", broken)
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    async with session.post(f"{server.url}/v1/auth/token", json=grant) as response:
        token = (await response.json())["access_token"]
    headers = {"Authorization": f"bearer {token}"}
    async with session.get(f"{server.url}/v1/parking/gates", headers=headers) as response:
        answer = await response.json()
    assert (response.status, answer["error"]["code"]) == (500, "internal_error")
    async with session.get(f"{server.url}/v1/parking/places", headers=headers) as response:
        assert response.status == 200, "the bearer scheme is case-insensitive"
