"""Entities of a paired lock, driven by advertisements and commands over the virtual proxy."""

from collections.abc import Callable

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from syrupy.assertion import SnapshotAssertion

from simulator.blelock import GattOperation, VirtualLock, VirtualRadio
from tests.components.smart_community.entity_set import entity_set

from .conftest import ADDRESS, past_the_read_cooldown

LOCK = "lock.sc_lock_ee10"
DOOR = "binary_sensor.sc_lock_ee10_door"
BATTERY = "sensor.sc_lock_ee10_battery"
ACTIVITY = "event.sc_lock_ee10_activity"
AUTO_LOCK = "number.sc_lock_ee10_auto_lock_delay"
STAY = "switch.sc_lock_ee10_stay_connected"
Op = GattOperation


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entity_set(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity of a lock, with its registry entry and state."""
    assert entity_set(hass, lock_entry.entry_id) == snapshot


async def test_disabled_by_default(hass: HomeAssistant, lock_entry: ConfigEntry) -> None:
    """Signal strength is diagnostic and off until the resident enables it."""
    assert hass.states.get(BATTERY).state == "90"
    assert hass.states.get("sensor.sc_lock_ee10_signal_strength") is None


async def test_lock_unlock_open(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """Commands move the virtual bolt and the entity follows the lock's reply."""
    assert hass.states.get(LOCK).state == "locked"
    for service, state, bolt in (
        ("unlock", "unlocked", 2),
        ("open", "open", 6),
        ("lock", "locked", 1),
    ):
        await hass.services.async_call("lock", service, {"entity_id": LOCK}, blocking=True)
        assert hass.states.get(LOCK).state == state
        assert virtual_lock.lock_state == bolt


async def test_one_round_trip_through_home_assistant(
    hass: HomeAssistant, lock_entry: ConfigEntry, radio: VirtualRadio
) -> None:
    """Through HA and a proxy, a command to a disconnected lock is one handshake and one
    write/notification pair."""
    await lock_entry.runtime_data.client.disconnect()
    radio.operations.clear()

    await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)

    handshake = [Op.CONNECT, Op.START_NOTIFY, Op.WRITE, Op.NOTIFY]
    assert radio.operations[ADDRESS] == [*handshake, Op.WRITE, Op.NOTIFY]


async def test_refusals_are_explained(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """Jammed, busy and low battery reach the resident as translated errors."""
    for fault, key in (("jam_next", "lock_jammed"), ("busy", "lock_busy")):
        setattr(virtual_lock, fault, True)
        with pytest.raises(HomeAssistantError) as failure:
            await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)
        assert failure.value.translation_key == key
    virtual_lock.busy = False
    virtual_lock.set_battery(3)
    with pytest.raises(HomeAssistantError) as failure:
        await hass.services.async_call("lock", "lock", {"entity_id": LOCK}, blocking=True)
    assert failure.value.translation_key == "lock_low_battery"


async def test_state_from_advertisements(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    radio: VirtualRadio,
) -> None:
    """Door, bolt and battery changes arrive by advertisement, without connecting."""
    await lock_entry.runtime_data.client.disconnect()
    radio.operations.clear()

    virtual_lock.set_door(is_open=True)
    virtual_lock.lock_state = 5
    virtual_lock.set_battery(40)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(DOOR).state == "on"
    assert hass.states.get(LOCK).state == "jammed"
    assert hass.states.get(BATTERY).state == "40"
    assert radio.operations[ADDRESS] == []


async def test_activity_events(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
) -> None:
    """A moved change counter makes HA read the new log entries and fire them as events."""
    events: list[tuple[str, str, int | None]] = []
    await past_the_read_cooldown(hass, freezer)

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        attributes = event.data["new_state"].attributes
        events.append((attributes["event_type"], attributes["method"], attributes["user_slot"]))

    remove = async_track_state_change_event(hass, ACTIVITY, record)
    virtual_lock.operate(0x02, 1, 3)
    virtual_lock.operate(0x01, 7)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    remove()
    assert events == [("unlocked", "fingerprint", 3), ("locked", "manual", None)]


async def test_settings(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock
) -> None:
    """Auto-lock delay and stay-connected are written to the lock."""
    await hass.services.async_call(
        "number", "set_value", {"entity_id": AUTO_LOCK, "value": 45}, blocking=True
    )
    await hass.services.async_call("switch", "turn_on", {"entity_id": STAY}, blocking=True)

    assert virtual_lock.auto_lock_delay == 45
    assert virtual_lock.stay_connected
    assert hass.states.get(AUTO_LOCK).state == "45"
    assert hass.states.get(STAY).state == "on"

    await hass.services.async_call("switch", "turn_off", {"entity_id": STAY}, blocking=True)
    assert not virtual_lock.stay_connected
