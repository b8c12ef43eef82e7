"""Welcome home: the gate recognises the resident; elevator, lights, then the door lock."""

from datetime import timedelta

from homeassistant.components.lock import LockState
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from simulator.blelock import VirtualLock
from simulator.community import CommunityServer
from tests.components.smart_community.account.conftest import fired, wait_for_state

from .conftest import UseBlueprint, wait_for_calls

NORTH_GATE = "door-north-gate"
ELEVATOR = "button.building_3_unit_1_room_1203_call_elevator_down"
HOME_LOCK = "lock.sc_lock_ee10"

INPUTS = {
    "access": "event.north_gate_access",
    "person": "zhang wei",
    "elevator": ELEVATOR,
    "lights": {"entity_id": ["light.hallway"]},
    "door_lock": HOME_LOCK,
    "unlock_after": {"minutes": 2},
}


# The lock is paired first: its setup waits for background tasks, and the community's
# event stream is one that never ends.
@pytest.mark.usefixtures("lock_entry", "entry")
async def test_face_at_the_gate_gets_the_home_ready(
    hass: HomeAssistant,
    virtual_lock: VirtualLock,
    server: CommunityServer,
    use_blueprint: UseBlueprint,
) -> None:
    """Elevator and lights at once; the door unlocks once the resident is through the lobby."""
    lights = async_mock_service(hass, "light", "turn_on")
    await use_blueprint("welcome_home", INPUTS)
    assert hass.states.get(HOME_LOCK).state == LockState.LOCKED

    assert server.recognise(NORTH_GATE, "face", resident_id="res-1")

    await wait_for_state(hass, ELEVATOR, fired)
    [light_call] = await wait_for_calls(hass, lights, 1)
    assert light_call.data["entity_id"] == ["light.hallway"]
    assert hass.states.get(HOME_LOCK).state == LockState.LOCKED

    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=2, seconds=1))
    await wait_for_state(hass, HOME_LOCK, lambda state: state.state == LockState.UNLOCKED)
    assert virtual_lock.lock_state == 2  # the bolt itself moved


async def test_others_and_other_ways_in_are_not_an_arrival(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, use_blueprint: UseBlueprint
) -> None:
    """A neighbour's face (which this account never even hears of), or a refused code."""
    lights = async_mock_service(hass, "light", "turn_on")
    await use_blueprint("welcome_home", {**INPUTS, "door_lock": ""})
    people: list[object] = []
    unsubscribe = async_track_state_change_event(
        hass,
        ["event.north_gate_access"],
        lambda event: people.append(event.data["new_state"].attributes.get("person")),
    )

    assert server.recognise(NORTH_GATE, "face", resident_id="res-2")
    assert not server.recognise(NORTH_GATE, "pin", code="000000")
    await wait_for_state(
        hass, "event.north_gate_access", lambda s: s.attributes["event_type"] == "denied"
    )
    await hass.async_block_till_done()
    unsubscribe()

    # Events arrive in order: had the neighbour's reached us, it would be here by now.
    assert "Chen Jing" not in people
    assert lights == []
    assert not fired(hass.states.get(ELEVATOR))


async def test_driving_in_is_an_arrival(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, use_blueprint: UseBlueprint
) -> None:
    """The resident's car entering the car park calls the elevator too; leaving does not."""
    lights = async_mock_service(hass, "light", "turn_on")
    await use_blueprint(
        "welcome_home",
        {**INPUTS, "door_lock": "", "car_events": ["event.yue_b_12345_entry_and_exit"]},
    )

    server.vehicle_enter("粤B·12345")
    await wait_for_state(hass, ELEVATOR, fired)
    await wait_for_calls(hass, lights, 1)
    server.vehicle_exit("粤B·12345")
    await wait_for_state(
        hass,
        "event.yue_b_12345_entry_and_exit",
        lambda state: state.attributes["event_type"] == "exited",
    )
    await hass.async_block_till_done()

    assert len(lights) == 1
