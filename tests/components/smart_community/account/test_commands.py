"""Opening doors and calling the elevator: the platform's result is what the resident sees."""

from datetime import timedelta

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.lock import (
    DOMAIN as LOCK_DOMAIN,
    SERVICE_LOCK,
    SERVICE_OPEN,
    SERVICE_UNLOCK,
    LockState,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.smart_community.account.button import elevator_directions
from custom_components.smart_community.community import ElevatorBank, ElevatorDirection, Home
from simulator.community import CommunityServer

from .conftest import HOME, fired, wait_for_state

NORTH_GATE_LOCK = "lock.north_gate_door"


@pytest.mark.parametrize("service", [SERVICE_OPEN, SERVICE_UNLOCK])
async def test_latch_door_opens_then_locks_again(
    hass: HomeAssistant, entry: ConfigEntry, service: str
) -> None:
    """Opening waits for the platform's confirmation, shows open, then locked again."""
    assert hass.states.get(NORTH_GATE_LOCK).state == LockState.LOCKED

    await hass.services.async_call(
        LOCK_DOMAIN, service, {ATTR_ENTITY_ID: NORTH_GATE_LOCK}, blocking=True
    )

    assert hass.states.get(NORTH_GATE_LOCK).state == LockState.OPEN
    access = await wait_for_state(hass, "event.north_gate_access", fired)
    assert access.attributes["method"] == "app"
    # Time is not frozen: the reference server's timers run on the same event loop.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=6))
    await hass.async_block_till_done()
    assert hass.states.get(NORTH_GATE_LOCK).state == LockState.LOCKED


async def test_failed_open_says_why(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """When the station is offline the platform's refusal reaches the resident, translated."""
    server.set_online("door-north-gate", False)

    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            LOCK_DOMAIN, SERVICE_OPEN, {ATTR_ENTITY_ID: NORTH_GATE_LOCK}, blocking=True
        )

    assert raised.value.translation_key == "device_offline"
    assert hass.states.get(NORTH_GATE_LOCK).state == LockState.LOCKED


async def test_latch_cannot_be_locked(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The latch locks when the door closes; asking to lock explains that."""
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            LOCK_DOMAIN, SERVICE_LOCK, {ATTR_ENTITY_ID: NORTH_GATE_LOCK}, blocking=True
        )

    assert raised.value.translation_key == "locks_itself"


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.parametrize(
    "entity_id",
    ["button.south_gate_open_door", "button.b1_entry_barrier_open_barrier"],
)
async def test_buttons_send_their_command(
    hass: HomeAssistant, entry: ConfigEntry, entity_id: str
) -> None:
    """A momentary door and the elevator confirm their command."""
    await _press(hass, entity_id)

    assert hass.states.get(entity_id).state not in ("unknown", "unavailable")


@pytest.mark.parametrize("direction", ["up", "down"])
async def test_elevator_comes_to_go_up_or_down(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, direction: str
) -> None:
    """From a middle floor the elevator is called either way; the platform hears which."""
    entity_id = f"button.building_3_unit_1_room_1203_call_elevator_{direction}"

    await _press(hass, entity_id)

    assert server.state.elevator_calls == [(HOME, direction)]
    assert hass.states.get(entity_id).state not in ("unknown", "unavailable")


async def test_elevator_offline_says_why(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """An elevator bank that is offline refuses the call, translated; nothing is called."""
    server.set_online("elev-b3-u1", False)

    with pytest.raises(HomeAssistantError) as raised:
        await _press(hass, "button.building_3_unit_1_room_1203_call_elevator_up")

    assert raised.value.translation_key == "device_offline"
    assert server.state.elevator_calls == []


async def test_unsupported_command_is_refused(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A refusal of the request itself (here: the platform is busy) is translated too."""
    server.add_fault(429, retry_after=30, path_prefix="/v1/doors")

    with pytest.raises(HomeAssistantError) as raised:
        await _press(hass, "button.south_gate_open_door")

    assert raised.value.translation_key == "rate_limited"
    assert raised.value.translation_placeholders == {"seconds": "30"}


BANK = ElevatorBank(id="bank", name="Lifts", lowest_floor=-2, highest_floor=32, online=True)


@pytest.mark.parametrize(
    ("floor", "bank_id", "offered"),
    [
        (12, "bank", [ElevatorDirection.UP, ElevatorDirection.DOWN]),
        (32, "bank", [ElevatorDirection.DOWN]),
        (-2, "bank", [ElevatorDirection.UP]),
        (12, "another bank", [ElevatorDirection.DOWN]),
        (12, None, []),
    ],
)
def test_elevator_is_offered_the_ways_it_goes(
    floor: int, bank_id: str | None, offered: list[ElevatorDirection]
) -> None:
    """No *up* on the top floor, no *down* on the lowest; a bank the account does not list
    is called down, as before directions were offered; a home without one has no button."""
    home = Home(
        id="home",
        name="Room",
        building="3",
        unit="1",
        floor=floor,
        room="1",
        elevator_bank_id=bank_id,
    )

    assert elevator_directions(home, [BANK]) == offered
