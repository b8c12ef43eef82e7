"""Lock activity alert: the lock's log, read over the virtual proxy, filtered by way and user."""

from collections.abc import Callable
from datetime import timedelta

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from simulator.blelock import VirtualLock

from .conftest import Phone, UseBlueprint, wait_for_calls

UNLOCK, LOCK = 0x02, 0x01
FINGERPRINT, PIN, MANUAL = 1, 2, 7


@pytest.mark.usefixtures("lock_entry")
async def test_alert_for_the_chosen_user_and_ways(
    hass: HomeAssistant,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    phone: Phone,
    use_blueprint: UseBlueprint,
) -> None:
    """Only an unlock by user 3's fingerprint is reported; user 5 and locking by hand are not."""
    # Past the cooldown of the read that pairing started, so the next advertisement reads the log.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=11))
    await hass.async_block_till_done(wait_background_tasks=True)
    await use_blueprint(
        "lock_activity_alert",
        {
            "activity": "event.sc_lock_ee10_activity",
            "user_slots": "3, 4",
            "notify_device": phone.device_id,
        },
    )

    virtual_lock.operate(UNLOCK, PIN, 5)
    virtual_lock.operate(UNLOCK, FINGERPRINT, 3)
    virtual_lock.operate(LOCK, MANUAL)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    [notification] = await wait_for_calls(hass, phone.notifications, 1)
    await hass.async_block_till_done()

    assert notification.data == {
        "title": "Door lock",
        "message": "SC-Lock-EE10: unlocked by fingerprint (user 3).",
    }
    assert len(phone.notifications) == 1
