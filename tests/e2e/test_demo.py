"""The demo end to end: one scenario per family, observed through Home Assistant's API.

Home Assistant runs in its own process, set up through its REST and WebSocket APIs by the
demo's provisioning; the scenarios go through the simulators' control interfaces only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib

import pytest

from simulator.demo.ctl import LEAK_SENSOR, SCENARIOS, joined_sensor
from simulator.demo.ha_client import Json, WebSocket, as_json, as_list
from simulator.demo.provision import zha_ieee

from .conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

STATE_TIMEOUT = 20.0
DOORBELL = "event.north_gate_doorbell"
LOCK = "lock.sc_lock_0001"
LOCK_ACTIVITY = "event.sc_lock_0001_activity"
PARKING_STATUS = "sensor.yue_b_12345_parking_status"

type Check = Callable[[Json], bool]


@contextlib.asynccontextmanager
async def watching(socket: WebSocket) -> AsyncIterator[asyncio.Queue[object]]:
    """State changes pushed by Home Assistant from now on."""
    message: Json = {"type": "subscribe_events", "event_type": "state_changed"}
    async with socket.subscribe(message) as events:
        yield events


async def new_state(events: asyncio.Queue[object], entity_id: str, check: Check) -> Json:
    """The first new state of `entity_id` that passes `check`."""
    async with asyncio.timeout(STATE_TIMEOUT):
        while True:
            data = as_json(as_json(await events.get(), "event").get("data"), "event data")
            state = data.get("new_state")
            if data.get("entity_id") == entity_id and isinstance(state, dict):
                new = as_json(state, entity_id)
                if check(new):
                    return new


async def play(stack: Stack, scenario: str) -> None:
    """Run a `python -m simulator ctl` scenario."""
    await SCENARIOS[scenario].run(stack.ports, [])


async def test_every_family_end_to_end(stack: Stack) -> None:
    """Ring the gate, unlock by fingerprint, a leak, then a car arriving in the car park."""
    async with WebSocket.connect(stack.client) as socket, watching(socket) as events:
        await play(stack, "ring-gate")
        rung = await new_state(events, DOORBELL, lambda s: s["state"] != "unknown")
        assert as_json(rung["attributes"], DOORBELL)["event_type"] == "ring"

        await play(stack, "unlock-fingerprint")
        activity = await new_state(events, LOCK_ACTIVITY, lambda s: s["state"] != "unknown")
        attributes = as_json(activity["attributes"], LOCK_ACTIVITY)
        assert (attributes["event_type"], attributes["method"]) == ("unlocked", "fingerprint")
        lock = await stack.client.state(LOCK)
        assert lock is not None
        assert lock["state"] == "unlocked"

        ieee = await joined_sensor(stack.ports, LEAK_SENSOR)
        assert ieee is not None
        registry = as_list(await socket.command({"type": "config/entity_registry/list"}), "list")
        leak = next(
            str(e["entity_id"])
            for e in registry
            if e.get("platform") == "zha" and e.get("unique_id") == f"{zha_ieee(ieee)}-1-alarm"
        )
        assert (await stack.client.state(leak) or {}).get("state") == "off"
        await play(stack, "leak")
        wet = await new_state(events, leak, lambda s: s["state"] == "on")
        assert as_json(wet["attributes"], leak)["device_class"] == "moisture"

        parked = await stack.client.state(PARKING_STATUS)
        if parked is None:
            pytest.skip("the community entry has no parking entities for the resident's car")
        assert parked["state"] == "away"
        await play(stack, "car-arrives")
        await new_state(events, PARKING_STATUS, lambda s: s["state"] == "parked")
