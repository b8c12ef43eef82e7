"""Cars driving in and out of the reference server's car park reach Home Assistant."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
import pytest

from simulator.community import CommunityServer

from .conftest import (
    AREA_A_FREE,
    AREA_B_FREE,
    FREE,
    OCCUPANCY,
    OWN_SPACE,
    PLATE,
    VEHICLE_EVENT,
    VEHICLE_STATUS,
    changed_entities,
    fired,
    wait_for_state,
)

VISITOR_PLATE = "粤B·D2468"


def _number(entity_id: str, hass: HomeAssistant) -> float:
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


async def test_own_car_enters_and_leaves(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The resident's car passes the barriers: gate events, status, own space and lot counts."""
    free = _number(FREE, hass)
    area_free = _number(AREA_A_FREE, hass)
    assert hass.states.get(OWN_SPACE).state == STATE_OFF
    assert hass.states.get(VEHICLE_STATUS).state == "away"

    server.vehicle_enter(PLATE)

    entered = await wait_for_state(hass, VEHICLE_EVENT, fired)
    assert entered.attributes["event_type"] == "entered"
    assert entered.attributes["gate"] == "B1 entry barrier"
    assert entered.attributes["gate_id"] == "gate-B1-in"
    assert entered.attributes["plate"] == PLATE
    parked = await wait_for_state(hass, VEHICLE_STATUS, lambda s: s.state == "parked")
    assert parked.attributes["lot"] == "Underground car park B1"
    assert parked.attributes["since"] == entered.attributes["time"]
    space = await wait_for_state(hass, OWN_SPACE, lambda s: s.state == STATE_ON)
    assert space.attributes["device_class"] == "occupancy"
    assert space.attributes["since"]
    await wait_for_state(hass, AREA_A_FREE, lambda s: float(s.state) == area_free - 1)
    assert _number(FREE, hass) == free - 1

    server.vehicle_exit(PLATE)

    left = await wait_for_state(
        hass, VEHICLE_EVENT, lambda s: s.attributes["event_type"] == "exited"
    )
    assert left.attributes["gate"] == "B1 exit barrier"
    await wait_for_state(hass, VEHICLE_STATUS, lambda s: s.state == "away")
    await wait_for_state(hass, OWN_SPACE, lambda s: s.state == STATE_OFF)
    await wait_for_state(hass, AREA_A_FREE, lambda s: float(s.state) == area_free)
    assert _number(FREE, hass) == free


async def test_a_space_change_writes_only_its_own_entities(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """One space flipping writes the lot's figures and its area's count, nothing else."""
    free = _number(FREE, hass)
    area_free = _number(AREA_B_FREE, hass)
    space_id = next(
        sid for sid, record in server.state.spaces.items() if "-B-" in sid and not record.occupied
    )

    with changed_entities(hass) as changed:
        server.set_space(space_id, occupied=True)
        await wait_for_state(hass, AREA_B_FREE, lambda s: float(s.state) == area_free - 1)
        await wait_for_state(hass, FREE, lambda s: float(s.state) == free - 1)
        await hass.async_block_till_done()

    assert sorted(changed) == sorted([FREE, OCCUPANCY, AREA_B_FREE])
    occupancy = _number(OCCUPANCY, hass)
    assert occupancy == round(100 * (200 - free + 1) / 200, 1)


async def test_other_vehicles_fire_nothing(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A neighbour's or visitor's car changes the lot's counts but no vehicle of the resident."""
    free = _number(FREE, hass)

    server.vehicle_enter(VISITOR_PLATE)

    await wait_for_state(hass, FREE, lambda s: float(s.state) == free - 1)
    await hass.async_block_till_done()
    assert not fired(hass.states.get(VEHICLE_EVENT))
    assert hass.states.get(VEHICLE_STATUS).state == "away"


async def test_open_barrier(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The barrier button returns once the platform confirms; an offline gate is an error."""
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.b1_entry_barrier_open_barrier"}, blocking=True
    )
    pressed = hass.states.get("button.b1_entry_barrier_open_barrier")
    assert isinstance(pressed, State)
    assert fired(pressed)

    server.set_online("gate-B1-out", online=False)
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "button", "press", {"entity_id": "button.b1_exit_barrier_open_barrier"}, blocking=True
        )
    assert raised.value.translation_key == "device_offline"


async def test_a_space_change_is_one_context(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """The states one event changes share its context; a later full read writes under its own."""
    free = _number(FREE, hass)
    area_free = _number(AREA_B_FREE, hass)
    first, second = [
        sid for sid, record in server.state.spaces.items() if "-B-" in sid and not record.occupied
    ][:2]

    server.set_space(first, occupied=True)
    await wait_for_state(hass, AREA_B_FREE, lambda s: float(s.state) == area_free - 1)
    await wait_for_state(hass, FREE, lambda s: float(s.state) == free - 1)
    event = {hass.states.get(e).context.id for e in (FREE, OCCUPANCY, AREA_B_FREE)}
    assert len(event) == 1

    # Changed behind the stream's back, so that only the full read brings it.
    server.state.spaces[second].occupied = True
    await entry.runtime_data.async_refresh()
    assert _number(FREE, hass) == free - 2
    read = {hass.states.get(e).context.id for e in (FREE, OCCUPANCY, AREA_B_FREE)}
    assert read.isdisjoint(event)
