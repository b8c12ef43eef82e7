"""Auto-lock: a closed, unlocked door is locked after a while; a jam reaches the phone."""

from collections.abc import Callable

from homeassistant.components.lock import LockState
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
import pytest

from simulator.blelock import VirtualLock

from .conftest import Phone, UseBlueprint, minutes_pass, wait_for_calls

LOCK = "lock.sc_lock_ee10"
DOOR = "binary_sensor.sc_lock_ee10_door"


@pytest.fixture
async def unlocked_and_closed(
    hass: HomeAssistant,
    *,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    phone: Phone,
    use_blueprint: UseBlueprint,
) -> None:
    """The auto-lock automation on a lock just unlocked, its door closed."""
    virtual_lock.set_door(is_open=False)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    await use_blueprint(
        "auto_lock",
        {
            "door_lock": LOCK,
            "door": DOOR,
            "wait": {"minutes": 5},
            "notify_device": phone.device_id,
        },
    )
    await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)
    assert hass.states.get(DOOR).state == "off"


@pytest.mark.usefixtures("unlocked_and_closed")
async def test_locks_after_the_wait(
    hass: HomeAssistant, virtual_lock: VirtualLock, phone: Phone
) -> None:
    """Not before the wait is over; then the bolt is thrown, and nobody is bothered."""
    minutes_pass(hass, 4)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(LOCK).state == LockState.UNLOCKED

    minutes_pass(hass, 5)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(LOCK).state == LockState.LOCKED
    assert virtual_lock.lock_state == 1
    assert phone.notifications == []


@pytest.mark.usefixtures("unlocked_and_closed")
async def test_jam_is_reported(
    hass: HomeAssistant, virtual_lock: VirtualLock, phone: Phone
) -> None:
    """When the bolt jams the phone is told, with what to check."""
    virtual_lock.jam_next = True

    minutes_pass(hass, 5)
    [notification] = await wait_for_calls(hass, phone.notifications, 1)

    assert notification.data["title"] == "Auto-lock"
    assert notification.data["message"].startswith("SC-Lock-EE10 could not lock.")
    assert virtual_lock.lock_state == 5  # the virtual bolt really jammed
