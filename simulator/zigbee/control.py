"""Control interface for scripts: JSON lines over a loopback TCP port.

Each request line is an object with "command" and its arguments, plus an optional "id"
echoed back. Each response line is {"id", "ok": true, "result"} or {"id", "ok": false,
"error"}. Commands: status, permit, join, report, zone_status. IEEE addresses are 16 hex
digits. The network key never leaves the coordinator.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import cast

from .coordinator import VirtualCoordinator
from .errors import VirtualZigbeeError

_LOGGER = logging.getLogger(__name__)

type Json = dict[str, object]


class ControlError(VirtualZigbeeError):
    """A control request is malformed."""


def _int(request: Json, key: str) -> int:
    value = request.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ControlError(f"{key!r} must be an integer")
    return value


def _ieee(request: Json) -> int:
    value = request.get("ieee")
    if not isinstance(value, str):
        raise ControlError("'ieee' must be 16 hex digits")
    try:
        return int(value.replace(":", ""), 16)
    except ValueError as err:
        raise ControlError("'ieee' must be 16 hex digits") from err


def _attribute_values(request: Json) -> dict[int, int | str]:
    raw = request.get("attributes")
    if not isinstance(raw, dict):
        raise ControlError("'attributes' must map attribute ids to values")
    values: dict[int, int | str] = {}
    for key, value in cast(dict[object, object], raw).items():
        if not isinstance(key, str) or not isinstance(value, int | str):
            raise ControlError("'attributes' must map attribute ids to values")
        try:
            values[int(key, 0)] = value
        except ValueError as err:
            raise ControlError(f"attribute id {key!r} is not a number") from err
    return values


def execute(coordinator: VirtualCoordinator, request: Json) -> Json:
    """Run one control command and return its result."""
    command = request.get("command")
    match command:
        case "status":
            network = coordinator.network
            return {
                "url": coordinator.url,
                "pan_id": network.pan_id,
                "extended_pan_id": f"{network.extended_pan_id:016x}",
                "channel": network.channel,
                "permit_joining": coordinator.permit_joining,
                "devices": [
                    {"ieee": f"{d.ieee:016x}", "nwk": d.nwk, "kind": d.kind}
                    for d in coordinator.devices.values()
                ],
            }
        case "permit":
            coordinator.permit(_int(request, "seconds"))
            return {}
        case "join":
            kind = request.get("kind")
            if not isinstance(kind, str):
                raise ControlError("'kind' must be a device kind")
            ieee = _ieee(request) if "ieee" in request else None
            device = coordinator.join(kind, ieee=ieee)
            return {"ieee": f"{device.ieee:016x}", "nwk": device.nwk}
        case "report":
            coordinator.report_attributes(
                _ieee(request),
                _int(request, "endpoint"),
                _int(request, "cluster"),
                _attribute_values(request),
            )
            return {}
        case "zone_status":
            endpoint = _int(request, "endpoint") if "endpoint" in request else None
            coordinator.set_zone_status(_ieee(request), _int(request, "status"), endpoint=endpoint)
            return {}
        case _:
            raise ControlError(f"unknown command {command!r}")


def _respond(coordinator: VirtualCoordinator, line: bytes) -> Json:
    request_id: object = None
    try:
        request = json.loads(line)
        if not isinstance(request, dict):
            raise ControlError("a request must be a JSON object")
        request = cast(Json, request)
        request_id = request.get("id")
        return {"id": request_id, "ok": True, "result": execute(coordinator, request)}
    except ValueError:
        return {"id": request_id, "ok": False, "error": "a request must be a JSON object"}
    except VirtualZigbeeError as err:
        return {"id": request_id, "ok": False, "error": str(err)}


async def start_control_server(
    coordinator: VirtualCoordinator, host: str = "127.0.0.1", port: int = 0
) -> asyncio.Server:
    """Serve control requests; the caller closes the returned server."""

    async def serve_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                response = _respond(coordinator, line)
                writer.write(json.dumps(response).encode() + b"\n")
                await writer.drain()
        except ConnectionError:
            _LOGGER.debug("Control client dropped")
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    return await asyncio.start_server(serve_client, host, port)
