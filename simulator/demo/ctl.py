"""Scenarios played against a running demo through its control interfaces.

Each scenario is what happens in the community or at home: a visitor rings the gate, the
resident's car passes the barrier, water reaches the leak sensor, the resident unlocks the
door with a finger. They reach the simulators only through their documented control APIs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import json

import aiohttp

from .layout import (
    HOST,
    NORTH_GATE,
    PARKING_GATE_IN,
    PARKING_GATE_OUT,
    RESIDENT_HOME,
    RESIDENT_PLATE,
    DemoPorts,
)

_TIMEOUT = 10.0
_ALARM = 0x0001
LEAK_SENSOR = "sc-wl01"


class ControlError(Exception):
    """A simulator refused a control request or is not running."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One named scenario and what it does."""

    name: str
    help: str
    run: Callable[[DemoPorts, list[str]], Awaitable[object]]


async def _post(url: str, body: dict[str, object]) -> object:
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=_TIMEOUT)) as session,
            session.post(url, json=body) as response,
        ):
            if response.status != 200:
                raise ControlError(f"{url} answered {response.status}: {await response.text()}")
            answer: object = await response.json()
            return answer
    except (aiohttp.ClientError, TimeoutError) as err:
        raise ControlError(f"cannot reach {url}: {err}") from err


async def zigbee_request(ports: DemoPorts, request: dict[str, object]) -> dict[str, object]:
    """Send one request to the coordinator's JSON-lines control port and return its result."""
    try:
        async with asyncio.timeout(_TIMEOUT):
            reader, writer = await asyncio.open_connection(HOST, ports.zigbee_control)
            try:
                writer.write(json.dumps(request).encode() + b"\n")
                await writer.drain()
                answer: object = json.loads(await reader.readline())
            finally:
                writer.close()
                await writer.wait_closed()
    except (OSError, TimeoutError, ValueError) as err:
        raise ControlError(f"the Zigbee coordinator did not answer: {err}") from err
    if not isinstance(answer, dict) or answer.get("ok") is not True:
        error = answer.get("error") if isinstance(answer, dict) else answer
        raise ControlError(f"the Zigbee coordinator refused {request['command']}: {error}")
    result: object = answer.get("result")
    if not isinstance(result, dict):
        raise ControlError("the Zigbee coordinator answered without a result")
    return {str(key): value for key, value in result.items()}


async def joined_sensor(ports: DemoPorts, kind: str) -> str | None:
    """The IEEE address of the joined device of this kind, if one joined."""
    status = await zigbee_request(ports, {"command": "status"})
    devices = status.get("devices")
    for device in devices if isinstance(devices, list) else []:
        if isinstance(device, dict) and device.get("kind") == kind:
            return str(device["ieee"])
    return None


async def _zone_status(ports: DemoPorts, kind: str, status: int) -> object:
    ieee = await joined_sensor(ports, kind)
    if ieee is None:
        raise ControlError(f"no {kind} sensor has joined the Zigbee network")
    return await zigbee_request(ports, {"command": "zone_status", "ieee": ieee, "status": status})


async def _ring_gate(ports: DemoPorts, _args: list[str]) -> object:
    url = f"{ports.community_url}/control/doors/{NORTH_GATE}/ring"
    return await _post(url, {"home_id": RESIDENT_HOME})


async def _car(ports: DemoPorts, gate: str, direction: str) -> object:
    url = f"{ports.community_url}/control/parking/{direction}"
    return await _post(url, {"plate": RESIDENT_PLATE, "gate_id": gate})


async def _notice(ports: DemoPorts, args: list[str]) -> object:
    title = args[0] if args else "Water supply interruption"
    body = " ".join(args[1:]) or "Water will be off in Building 3 from 9:00 to 12:00 tomorrow."
    return await _post(
        f"{ports.community_url}/control/notices",
        {"title": title, "body": body, "category": "maintenance", "important": True},
    )


async def _unlock_fingerprint(ports: DemoPorts, _args: list[str]) -> object:
    body: dict[str, object] = {"action": "unlock", "method": "fingerprint", "slot": 1}
    return await _post(f"{ports.control_url}/control/lock/operate", body)


SCENARIOS = {
    scenario.name: scenario
    for scenario in (
        Scenario("ring-gate", "a visitor calls the flat from the north gate", _ring_gate),
        Scenario(
            "car-arrives",
            "the resident's car enters the car park",
            lambda ports, _args: _car(ports, PARKING_GATE_IN, "enter"),
        ),
        Scenario(
            "car-leaves",
            "the resident's car leaves the car park",
            lambda ports, _args: _car(ports, PARKING_GATE_OUT, "exit"),
        ),
        Scenario(
            "leak",
            "water reaches the leak sensor",
            lambda ports, _args: _zone_status(ports, LEAK_SENSOR, _ALARM),
        ),
        Scenario(
            "dry",
            "the leak sensor is dry again",
            lambda ports, _args: _zone_status(ports, LEAK_SENSOR, 0),
        ),
        Scenario(
            "unlock-fingerprint",
            "the resident unlocks the door with a fingerprint",
            _unlock_fingerprint,
        ),
        Scenario(
            "notice",
            "the property publishes a notice: [TITLE [BODY...]]",
            _notice,
        ),
    )
}
