"""The server side of the event stream, spoken to directly over a WebSocket."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import json
from typing import Any

import aiohttp
import pytest

from simulator.community import CommunityServer
import simulator.community.auth
from tests.community.fixtures import PASSWORD, USERNAME
from tests.community.vectors import schema_errors

DEVICE = {"device_id": "gate-B1-in", "device_type": "gate"}


@pytest.fixture
async def token(server: CommunityServer, session: aiohttp.ClientSession) -> str:
    """An access token for resident1."""
    grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    async with session.post(f"{server.url}/v1/auth/token", json=grant) as response:
        return str((await response.json())["access_token"])


@pytest.fixture
async def ws(
    server: CommunityServer, session: aiohttp.ClientSession, token: str
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A raw event stream connection."""
    headers = {"Authorization": f"Bearer {token}"}
    async with session.ws_connect(f"{server.url}/v1/events", headers=headers) as socket:
        yield socket


async def _frames(ws: aiohttp.ClientWebSocketResponse, until: str) -> list[dict[str, object]]:
    frames: list[dict[str, object]] = []
    while not frames or frames[-1].get("type") != until:
        frames.append(json.loads(await ws.receive_str(timeout=5)))
    return frames


@asynccontextmanager
async def _live_stream(
    db_path: object, session: aiohttp.ClientSession, **settings: Any
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """resident1's raw stream, past stream.ready, on a server of its own settings."""
    async with CommunityServer(str(db_path), **settings) as server:
        grant = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
        async with session.post(f"{server.url}/v1/auth/token", json=grant) as response:
            token = (await response.json())["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        async with session.ws_connect(f"{server.url}/v1/events", headers=headers) as ws:
            await ws.send_json({"resume_after": None})
            await _frames(ws, "stream.ready")
            yield ws


def _schema(frame: dict[str, object]) -> str:
    return {
        "stream.ready": "StreamReady",
        "stream.heartbeat": "StreamHeartbeat",
        "stream.resync_required": "StreamResyncRequired",
    }.get(str(frame["type"]), "Event")


async def test_replay_then_live(
    server: CommunityServer, ws: aiohttp.ClientWebSocketResponse
) -> None:
    """Missed events are replayed in order, then stream.ready, then live events."""
    server.emit("device.online", DEVICE, count=5)
    await ws.send_json({"resume_after": 2})
    frames = await _frames(ws, "stream.ready")
    assert [frame["cursor"] for frame in frames[:-1]] == [3, 4, 5]
    assert frames[-1]["replayed"] == 3
    assert frames[-1]["latest_cursor"] == 5
    server.set_online("door-north-gate", False)
    live = json.loads(await ws.receive_str(timeout=5))
    assert (live["cursor"], live["type"]) == (6, "device.offline")
    for frame in [*frames, live]:
        assert schema_errors(_schema(frame), frame) == []


async def test_first_connection_starts_live(
    server: CommunityServer, ws: aiohttp.ClientWebSocketResponse
) -> None:
    """resume_after null: no replay, latest cursor in stream.ready."""
    server.emit("device.online", DEVICE, count=3)
    await ws.send_json({"resume_after": None})
    (ready,) = await _frames(ws, "stream.ready")
    assert (ready["latest_cursor"], ready["replayed"]) == (3, 0)


@pytest.mark.parametrize("resume_after", [1, 99])
async def test_resync_required(
    server: CommunityServer, ws: aiohttp.ClientWebSocketResponse, resume_after: int
) -> None:
    """A cursor older than the history, or newer than the server knows, needs a resync."""
    server.state.history_limit = 5
    server.emit("device.online", DEVICE, count=20)
    await ws.send_json({"resume_after": resume_after})
    resync, ready = await _frames(ws, "stream.ready")
    assert resync == {"type": "stream.resync_required", "oldest_cursor": 16, "latest_cursor": 20}
    assert ready["replayed"] == 0


async def test_heartbeats(db_path: object, session: aiohttp.ClientSession) -> None:
    """An idle stream still carries heartbeats."""
    async with _live_stream(db_path, session, heartbeat_interval=0.05) as ws:
        (heartbeat,) = await _frames(ws, "stream.heartbeat")
        assert schema_errors("StreamHeartbeat", heartbeat) == []


@pytest.mark.parametrize(
    "hello",
    [
        '{"resume_after": "7"}',
        "[]",
        '{"cursor": 1}',
        "{",
        '{"resume_after": -1}',
        '{"resume_after": 3, "since": 1}',
        '{"resume_after": true}',
        "[" * 100_000,
    ],
)
async def test_bad_hello_is_closed(ws: aiohttp.ClientWebSocketResponse, hello: str) -> None:
    """Anything but a proper hello closes the stream with code 4000."""
    await ws.send_str(hello)
    message = await ws.receive(timeout=5)
    assert message.type is aiohttp.WSMsgType.CLOSE
    assert message.data == 4000


async def test_handshake_needs_a_token(
    server: CommunityServer, session: aiohttp.ClientSession
) -> None:
    """No bearer token, no stream: 401 before the upgrade."""
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await session.ws_connect(f"{server.url}/v1/events")
    assert refused.value.status == 401


@pytest.mark.parametrize("end", ["revoke_tokens", "expire_access_tokens"])
async def test_a_stream_ends_with_its_token(
    server: CommunityServer, ws: aiohttp.ClientWebSocketResponse, end: str
) -> None:
    """Revoked or expired: the open stream is closed with 4001 within a second."""
    await ws.send_json({"resume_after": None})
    await _frames(ws, "stream.ready")
    getattr(server, end)()
    message = await ws.receive(timeout=1)
    assert message.type is aiohttp.WSMsgType.CLOSE
    assert message.data == 4001
    server.emit("device.online", DEVICE)
    assert server.stats()["open_streams"] == 0


async def test_a_stream_closes_when_its_token_runs_out(
    db_path: object, session: aiohttp.ClientSession
) -> None:
    """Without any control call: the access token's own expiry closes the stream."""
    async with _live_stream(db_path, session, access_ttl=1) as ws:
        message = await ws.receive(timeout=3)
        assert (message.type, message.data) == (aiohttp.WSMsgType.CLOSE, 4001)


async def test_weak_variant_keeps_serving_a_revoked_login(
    server: CommunityServer,
    ws: aiohttp.ClientWebSocketResponse,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checking the token only at the handshake: a revoked login still gets every event."""
    monkeypatch.setattr(simulator.community.auth, "still_valid", lambda state, record: True)
    await ws.send_json({"resume_after": None})
    await _frames(ws, "stream.ready")
    server.revoke_tokens()
    server.set_online("door-north-gate", False)
    leaked = json.loads(await ws.receive_str(timeout=1))
    assert leaked["type"] == "device.offline"
