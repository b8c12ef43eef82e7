"""Scenarios played against a running demo through its control interfaces.

Each scenario is what happens in the community or at home: a visitor rings the gate, the
resident's car passes the barrier, water reaches the leak sensor, the resident unlocks the
door with a finger. They reach the simulators only through their documented control APIs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import json

import aiohttp

from .layout import (
    HOST,
    NORTH_GATE,
    PARKING_GATE_IN,
    PARKING_GATE_OUT,
    RESIDENT_HOME,
    RESIDENT_PASSWORD,
    RESIDENT_PLATE,
    RESIDENT_USERNAME,
    DemoPorts,
)

_TIMEOUT = 10.0
_ALARM = 0x0001
LEAK_SENSOR = "sc-wl01"
VISITOR_NAME = "Li Na"


class ControlError(Exception):
    """A simulator refused a control request or is not running."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One named scenario and what it does."""

    name: str
    help: str
    run: Callable[[DemoPorts, list[str]], Awaitable[object]]


async def _request(
    method: str,
    url: str,
    body: dict[str, object] | None = None,
    *,
    token: str | None = None,
    expect: int = 200,
) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=_TIMEOUT)) as session,
            session.request(method, url, json=body, headers=headers) as response,
        ):
            if response.status != expect:
                raise ControlError(f"{url} answered {response.status}: {await response.text()}")
            answer: object = await response.json()
    except (aiohttp.ClientError, TimeoutError, ValueError) as err:
        raise ControlError(f"cannot reach {url}: {err}") from err
    if not isinstance(answer, dict):
        raise ControlError(f"{url} answered without an object")
    return {str(key): value for key, value in answer.items()}


async def _post(url: str, body: dict[str, object]) -> object:
    return await _request("POST", url, body)


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


async def _ringing_call(ports: DemoPorts) -> str:
    """The call ringing for the resident's home at the north gate, newest first."""
    calls = (await _request("GET", f"{ports.community_url}/control/calls")).get("calls")
    for call in calls if isinstance(calls, list) else []:
        if (
            isinstance(call, dict)
            and call.get("state") == "ringing"
            and call.get("door_id") == NORTH_GATE
            and call.get("home_id") == RESIDENT_HOME
        ):
            return str(call["id"])
    raise ControlError("nobody is calling at the north gate; run `ctl ring-gate` first")


async def _answer(ports: DemoPorts, _args: list[str]) -> object:
    call_id = await _ringing_call(ports)
    return await _post(f"{ports.community_url}/control/calls/{call_id}/answer", {})


async def _decline(ports: DemoPorts, _args: list[str]) -> object:
    call_id = await _ringing_call(ports)
    url = f"{ports.community_url}/control/calls/{call_id}/end"
    return await _post(url, {"reason": "declined"})


async def _visitor_arrives(ports: DemoPorts, args: list[str]) -> object:
    """The resident issues a visitor pass (as their app would); the visitor keys it in."""
    base = ports.community_url
    login = await _request(
        "POST",
        f"{base}/v1/auth/token",
        {"grant_type": "password", "username": RESIDENT_USERNAME, "password": RESIDENT_PASSWORD},
    )
    now = datetime.now(UTC)
    issued = await _request(
        "POST",
        f"{base}/v1/homes/{RESIDENT_HOME}/visitor-passes",
        {
            "valid_from": now.isoformat().replace("+00:00", "Z"),
            "valid_until": (now + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
            "uses_allowed": 1,
            "visitor_name": " ".join(args) or VISITOR_NAME,
        },
        token=str(login["access_token"]),
        expect=201,
    )
    url = f"{base}/control/doors/{NORTH_GATE}/recognise"
    return await _post(url, {"method": "pin", "code": issued["code"]})


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
        Scenario("answer", "someone at home answers the call at the indoor unit", _answer),
        Scenario("decline", "someone at home declines the call at the indoor unit", _decline),
        Scenario(
            "visitor-arrives",
            "a visitor opens the north gate with a pass of the flat: [NAME]",
            _visitor_arrives,
        ),
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
