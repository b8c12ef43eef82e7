"""A latch door shows what the door does: open after each release, locked once it closes."""

from datetime import timedelta

from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN, SERVICE_OPEN, LockState
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator.community import CommunityServer
from simulator.community.stations import NewDoor

from .conftest import HOME, wait_for_state

NORTH_GATE_LOCK = "lock.north_gate_door"
SENSOR_GATE_LOCK = "lock.west_gate_door"


async def _open(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_OPEN, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def _later(hass: HomeAssistant, seconds: float) -> None:
    """Run Home Assistant's timers due within `seconds` (time is not frozen: the reference
    server's timers run on the same event loop)."""
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done()


async def test_a_second_release_keeps_the_door_open(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """Opening again while open shows it open for the full time after the second release."""
    await _open(hass, NORTH_GATE_LOCK)
    # The platform takes 1.5 s to accept the second release, so the two are that far apart.
    server.add_fault(0, count=1, delay=1.5, path_prefix="/v1/doors")
    await _open(hass, NORTH_GATE_LOCK)

    # 5.5 s after the first release at least, 4 s after the second: still open.
    await _later(hass, 4)
    assert hass.states.get(NORTH_GATE_LOCK).state == LockState.OPEN

    await _later(hass, 6)
    assert hass.states.get(NORTH_GATE_LOCK).state == LockState.LOCKED


async def test_a_door_sensor_says_when_the_door_closes(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A station that reports its door stays open until the door closes, however long."""
    server.add_door(
        NewDoor(
            name="West gate",
            home_ids=[HOME],
            release="latch",
            capabilities=["open", "door_sensor"],
            door_id="door-west-gate",
        )
    )
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(SENSOR_GATE_LOCK).state == LockState.LOCKED

    await _open(hass, SENSOR_GATE_LOCK)
    await _later(hass, 60)
    assert hass.states.get(SENSOR_GATE_LOCK).state == LockState.OPEN

    server.close_door("door-west-gate")
    await wait_for_state(hass, SENSOR_GATE_LOCK, lambda state: state.state == LockState.LOCKED)


async def test_opening_by_face_shows_the_door_open(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A face at the gate releases the latch too; the lock shows that, not only our opens."""
    server.recognise("door-north-gate", "face", resident_id="res-1")

    await wait_for_state(hass, NORTH_GATE_LOCK, lambda state: state.state == LockState.OPEN)
