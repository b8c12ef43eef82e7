"""The JSON-lines control port and the stand-alone runner."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import json

import pytest

from simulator.zigbee import VirtualCoordinator
from simulator.zigbee.control import start_control_server
from simulator.zigbee.run import serve

from .conftest import TIMEOUT

type Client = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@pytest.fixture
async def control(coordinator: VirtualCoordinator) -> AsyncIterator[Client]:
    server = await start_control_server(coordinator)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    yield reader, writer
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


async def ask(client: Client, request: object) -> dict[str, object]:
    reader, writer = client
    line = request if isinstance(request, str) else json.dumps(request)
    writer.write(line.encode() + b"\n")
    response: dict[str, object] = json.loads(await asyncio.wait_for(reader.readline(), TIMEOUT))
    return response


async def test_scenario_over_the_control_port(
    coordinator: VirtualCoordinator, control: Client
) -> None:
    assert await ask(control, {"id": 1, "command": "permit", "seconds": 30}) == {
        "id": 1,
        "ok": True,
        "result": {},
    }
    joined = await ask(control, {"command": "join", "kind": "contact", "ieee": "0af0000000000001"})
    report = {
        "command": "report",
        "ieee": "0a:f0:00:00:00:00:00:01",
        "endpoint": 1,
        "cluster": 1,
        "attributes": {"0x0021": 20},
    }
    zone = {"command": "zone_status", "ieee": "0af0000000000001", "status": 5}
    assert (await ask(control, report))["ok"]
    assert (await ask(control, zone))["ok"]
    status = await ask(control, {"command": "status"})

    assert joined["result"] == {
        "ieee": "0af0000000000001",
        "nwk": coordinator.devices[0x0AF0_0000_0000_0001].nwk,
    }
    device = coordinator.devices[0x0AF0_0000_0000_0001]
    assert device.attributes[1, 1, 0x0021] == 20
    assert device.attributes[1, 0x0500, 0x0002] == 5
    result = status["result"]
    assert isinstance(result, dict)
    assert result["url"] == coordinator.url
    assert result["pan_id"] == coordinator.network.pan_id
    assert result["permit_joining"] is True
    assert "network_key" not in json.dumps(status)
    assert coordinator.network.network_key.hex() not in json.dumps(status)


@pytest.mark.parametrize(
    ("request_line", "error"),
    [
        ("[1]", "a request must be a JSON object"),
        ("{", "a request must be a JSON object"),
        ('{"command": "dance"}', "unknown command 'dance'"),
        ('{"command": "permit", "seconds": true}', "'seconds' must be an integer"),
        ('{"command": "join"}', "'kind' must be a device kind"),
        ('{"command": "zone_status", "ieee": 5, "status": 1}', "'ieee' must be 16 hex digits"),
        ('{"command": "zone_status", "ieee": "xyz", "status": 1}', "'ieee' must be 16 hex digits"),
        ('{"command": "report", "ieee": "01", "endpoint": 1, "cluster": 1}', "'attributes'"),
        (
            (
                '{"command": "report", "ieee": "01", "endpoint": 1, "cluster": 1, '
                '"attributes": {"x": 1}}'
            ),
            "attribute id 'x' is not a number",
        ),
        (
            (
                '{"command": "report", "ieee": "01", "endpoint": 1, "cluster": 1, '
                '"attributes": {"1": [1]}}'
            ),
            "'attributes'",
        ),
        ('{"command": "join", "kind": "contact"}', "not open for joining"),
    ],
)
async def test_bad_requests_get_errors(control: Client, request_line: str, error: str) -> None:
    response = await ask(control, request_line)

    assert response["ok"] is False
    assert error in str(response["error"])


async def test_serve_runs_until_cancelled() -> None:
    started = asyncio.Event()
    task = asyncio.create_task(serve(port=0, control_port=0, started=started))
    await asyncio.wait_for(started.wait(), TIMEOUT)

    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert task.cancelled()
