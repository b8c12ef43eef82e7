"""Activity (logbook) says who unlocked the door and how, in the resident's language."""

from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import (
    RecorderInstanceGenerator,
    WebSocketGenerator,
)

from custom_components.smart_community.activity import EVENT_ACTIVITY
from simulator.blelock import VirtualLock
from tests.components.smart_community.activity_log import activity, async_setup_logbook

ACTIVITY = "event.sc_lock_ee10_activity"
FINGERPRINT, MANUAL = 1, 7
LOCK = 0x01


@pytest.fixture(autouse=True)
def mock_recorder_before_hass(async_setup_recorder_instance: RecorderInstanceGenerator) -> None:
    """The recorder's database is prepared before Home Assistant starts."""


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
    """The slot when the lock names no one; the person's name when the event carries it."""
    await async_setup_logbook(hass, language)
    since = dt_util.utcnow()
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    virtual_lock.operate(0x02, FINGERPRINT, 3)
    virtual_lock.operate(LOCK, MANUAL)
    # The bolt sticks on a command from another phone's app.
    virtual_lock.jam_next = True
    virtual_lock.motor(LOCK, 0)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    # A user's name, when the activity event carries one, is said instead of the slot.
    device_id = er.async_get(hass).async_get(ACTIVITY).device_id
    hass.bus.async_fire(
        EVENT_ACTIVITY,
        {
            ATTR_ENTITY_ID: ACTIVITY,
            "device_id": device_id,
            "kind": "activity",
            "event_type": "unlocked",
            "method": "fingerprint",
            "user_slot": 3,
            "user_name": "Zhang Wei",
        },
    )

    # The frozen clock stands still; Activity ends its window at "now", exclusive.
    freezer.tick(timedelta(seconds=1))
    assert await activity(hass, hass_ws_client, since) == expected
