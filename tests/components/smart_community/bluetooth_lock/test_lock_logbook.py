"""Activity (logbook) says who unlocked the door and how, in the resident's language."""

from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.smart_community.bluetooth_lock.names import with_slot_named
from simulator.blelock import VirtualLock
from tests.components.smart_community.activity_log import (
    activity,
    async_setup_logbook,
    mock_recorder_before_hass,
)
from tests.components.smart_community.bluetooth_lock.conftest import past_the_read_cooldown

__all__ = ["mock_recorder_before_hass"]  # an autouse fixture, imported

ACTIVITY = "event.sc_lock_ee10_activity"
FINGERPRINT, MANUAL = 1, 7
LOCK, UNLOCK = 0x01, 0x02


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                ("SC-Lock-EE10", "unlocked by fingerprint (slot 3)"),
                ("SC-Lock-EE10", "locked by hand"),
                ("SC-Lock-EE10", "the lock jammed"),
                ("SC-Lock-EE10", "unlocked by fingerprint (Zhang Wei)"),
            ],
        ),
        (
            "zh-Hans",
            [
                ("SC-Lock-EE10", "通过指纹解锁（用户 3）"),  # noqa: RUF001 - Chinese punctuation
                ("SC-Lock-EE10", "通过手动上锁"),
                ("SC-Lock-EE10", "门锁卡住"),
                ("SC-Lock-EE10", "通过指纹解锁（Zhang Wei）"),  # noqa: RUF001 - Chinese punctuation
            ],
        ),
    ],
)
async def test_lock_activity_reads_like_a_sentence(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    hass_ws_client: WebSocketGenerator,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
    language: str,
    expected: list[tuple[str, str]],
) -> None:
    """The slot when nobody named the lock's user; the name when someone did."""
    await async_setup_logbook(hass, language)
    since = dt_util.utcnow()
    await past_the_read_cooldown(hass, freezer)

    virtual_lock.operate(UNLOCK, FINGERPRINT, 3)
    virtual_lock.operate(LOCK, MANUAL)
    # The bolt sticks on a command from another phone's app.
    virtual_lock.jam_next = True
    virtual_lock.motor(LOCK, 0)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    # A named user is said by name instead of the slot.
    hass.config_entries.async_update_entry(
        lock_entry, options=with_slot_named(lock_entry, 4, name="Zhang Wei")
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await past_the_read_cooldown(hass, freezer)
    virtual_lock.operate(UNLOCK, FINGERPRINT, 4)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    # The frozen clock stands still; Activity ends its window at "now", exclusive.
    freezer.tick(timedelta(seconds=1))
    assert await activity(hass, hass_ws_client, since) == expected
