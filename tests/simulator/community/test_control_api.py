"""The simulator-only control API over HTTP drives the same operations as the Python methods."""

import asyncio
from typing import Any

import aiohttp
import pytest

from custom_components.smart_community.community import (
    AccessDenied,
    CallRinging,
    DeviceStatus,
    DoorOpened,
    EventStream,
    NoticePublished,
    OccupancyChanged,
    RightExpiring,
    SessionEnded,
    SessionStarted,
)
from simulator.community import CommunityServer
from tests.community.fixtures import HOME, next_event

EAST_GATE = {
    "name": "East gate",
    "home_ids": [HOME],
    "kind": "lobby",
    "release": "momentary",
    "capabilities": ["open", "answer", "open"],
    "model": "LobbyPanel L3",
    "manufacturer": "Lychee Tech",
    "firmware_version": "2.9.0",
}


@pytest.fixture
def control(server: CommunityServer, session: aiohttp.ClientSession) -> Any:
    """POST (or GET, or another method) to /control/... and return the JSON answer."""

    async def send(
        path: str, body: object = None, status: int = 200, method: str | None = None
    ) -> Any:
        method = method or ("GET" if path == "/state" else "POST")
        url = f"{server.url}/control{path}"
        async with session.request(method, url, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    return send


async def test_control_events(control: Any, stream: EventStream) -> None:
    """Each control operation produces its events."""
    ringing = await control("/doors/door-north-gate/ring", {"home_id": HOME})
    assert (await next_event(stream, CallRinging)).call_id == ringing["call_id"]
    await control(f"/calls/{ringing['call_id']}/end", {"reason": "hung_up"})
    opened = await control(
        "/doors/door-lobby-b3-u1/recognise", {"method": "face", "resident_id": "res-1"}
    )
    assert opened == {"opened": True}
    assert (await next_event(stream, DoorOpened)).person is not None
    await control("/doors/door-north-gate/recognise", {"method": "card"})
    assert (await next_event(stream, AccessDenied)).reason == "unknown_person"
    await control("/doors/door-north-gate/recognise", {"method": "pin", "code": "000000"})
    assert (await next_event(stream, AccessDenied)).method == "pin"
    await control("/parking/enter", {"plate": "粤B·12345", "gate_id": "gate-B1-in"})
    await next_event(stream, SessionStarted)
    await control("/parking/exit", {"plate": "粤B·12345", "gate_id": "gate-B1-out"})
    await next_event(stream, SessionEnded)
    assert (await next_event(stream, OccupancyChanged)).space_id == "space-B1-A-001"
    await control("/parking/spaces/space-B1-A-050", {"occupied": False})
    assert (await next_event(stream, OccupancyChanged)).space_id == "space-B1-A-050"
    await control("/parking/rights/right-0001/expiring")
    await next_event(stream, RightExpiring)
    await control("/notices", {"title": "Hello", "body": "World", "important": True})
    assert (await next_event(stream, NoticePublished)).important
    await control("/devices/elev-b3-u1", {"online": False})
    assert (await next_event(stream, DeviceStatus)).device_id == "elev-b3-u1"
    door = {"device_id": "door-south-gate", "device_type": "door_station"}
    await control("/events", {"type": "device.offline", "data": door, "count": 2})
    assert (await next_event(stream, DeviceStatus)).device_id == "door-south-gate"


async def test_control_faults_and_tokens(
    control: Any, server: CommunityServer, session: aiohttp.ClientSession
) -> None:
    """Faults, token expiry/revocation, stream drops, raw frames, state, restart."""
    await control("/faults", {"status": 503, "count": 1, "path_prefix": "/v1/notices"})
    async with session.get(f"{server.url}/v1/notices") as response:
        assert response.status == 503
    await control("/tokens/expire")
    await control("/tokens/revoke")
    await control("/streams/drop")
    await control("/streams/drop", {"after_frames": 5, "times": 2})
    await control("/streams/raw", {"text": "{oops"})
    state = await control("/state")
    assert state["restarts"] == 0
    await control("/restart")
    async with asyncio.timeout(5):
        await server.wait_background()
    assert (await control("/state"))["restarts"] == 1


async def test_control_doors(control: Any, server: CommunityServer) -> None:
    """Stations are installed and decommissioned over HTTP, as with the Python methods."""
    chosen = {**EAST_GATE, "id": "door-000001", "location": "East"}
    assert (await control("/doors", chosen))["door_id"] == "door-000001"
    # A generated id steps over one a caller chose.
    generated = (await control("/doors", EAST_GATE))["door_id"]
    assert generated == "door-000002"
    east = server.state.doors[generated]
    assert (east.kind, east.capabilities, east.location) == ("lobby", ["open", "answer"], "")
    assert server.state.doors["door-000001"].location == "East"
    await control(f"/doors/{generated}", method="DELETE")
    assert list(server.state.doors) == [
        "door-north-gate",
        "door-south-gate",
        "door-lobby-b3-u1",
        "door-000001",
    ]
    await control(f"/doors/{generated}", status=404, method="DELETE")
    await control("/platform", {"api_version": "1.3"})
    assert server.state.api_version == (1, 3)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({**EAST_GATE, "name": ""}, 400, "invalid_request"),
        ({**EAST_GATE, "firmware": "2.9.0"}, 400, "invalid_request"),
        ({**EAST_GATE, "home_ids": []}, 400, "invalid_request"),
        ({**EAST_GATE, "home_ids": HOME}, 400, "invalid_request"),
        ({**EAST_GATE, "home_ids": ["home-none"]}, 404, "not_found"),
        ({**EAST_GATE, "kind": "garage"}, 400, "invalid_request"),
        ({**EAST_GATE, "release": "forever"}, 400, "invalid_request"),
        ({**EAST_GATE, "capabilities": ["open", "teleport"]}, 400, "invalid_request"),
        ({**EAST_GATE, "capabilities": [1]}, 400, "invalid_request"),
        ({**EAST_GATE, "model": None}, 400, "invalid_request"),
        ({**EAST_GATE, "id": ""}, 400, "invalid_request"),
        ({**EAST_GATE, "id": "d" * 65}, 400, "invalid_request"),
        ({**EAST_GATE, "id": "door-north-gate"}, 409, "conflict"),
        ({**EAST_GATE, "id": "gate-B1-in"}, 409, "conflict"),
    ],
)
async def test_control_door_refusals(
    control: Any, server: CommunityServer, body: object, status: int, code: str
) -> None:
    """A station the platform could not have is refused, and nothing changes."""
    latest = server.state.latest_cursor
    answer = await control("/doors", body, status=status)
    assert answer["error"]["code"] == code
    assert len(server.state.doors) == 3
    assert server.state.latest_cursor == latest


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/doors/door-north-gate/ring", {"home_id": 5}, 400),
        ("/doors/door-north-gate/ring", {"home_id": "home-none"}, 404),
        ("/doors/door-north-gate/recognise", {"method": "telepathy"}, 400),
        ("/parking/spaces/space-B1-A-050", {"occupied": "yes"}, 400),
        ("/faults", {"status": 500, "delay": "slow"}, 400),
        ("/faults", {"status": "500"}, 400),
        ("/events", {"type": "x.y", "data": []}, 400),
        ("/events", {"type": "garden.watered", "data": {}}, 400),
        ("/events", {"type": "device.online", "data": {"device_id": "x"}}, 400),
        ("/events", {"type": "notice.published", "data": {}, "home_id": "home-x"}, 400),
        ("/notices", {"title": "t", "body": "b", "category": "gossip"}, 400),
        ("/calls/call-none/end", {"reason": "hung_up"}, 404),
        ("/devices/toaster", {"online": True}, 404),
        ("/parking/exit", {"plate": "粤Z·00000", "gate_id": "gate-B1-out"}, 404),
        ("/parking/enter", {"plate": "粤Z·00000", "gate_id": "gate-B1-out"}, 404),
        ("/parking/rights/right-none/expiring", None, 404),
        ("/parking/spaces/space-none", {"occupied": True}, 404),
        ("/doors/door-none/ring", {"home_id": HOME}, 404),
    ],
)
async def test_control_refusals(control: Any, path: str, body: object, status: int) -> None:
    """Bad control requests are refused with the error shape."""
    answer = await control(path, body, status=status)
    assert answer["error"]["code"] == ("invalid_request" if status == 400 else "not_found")
