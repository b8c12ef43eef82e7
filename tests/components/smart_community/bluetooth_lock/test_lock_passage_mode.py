"""Passage mode: the latch stays free until the resident turns it off."""

from collections.abc import Callable

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest

from simulator.blelock import VirtualLock

from .conftest import past_the_read_cooldown
from .users import LOCK, PASSAGE_MODE

UNLOCKED = 2


async def _switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call("switch", service, {"entity_id": PASSAGE_MODE}, blocking=True)


@pytest.mark.usefixtures("lock_entry")
async def test_passage_mode_keeps_the_door_unlocked(
    hass: HomeAssistant, virtual_lock: VirtualLock
) -> None:
    """On: unlocked, and locking is refused with a reason; off: the lock locks again."""
    assert hass.states.get(PASSAGE_MODE).state == "off"

    await _switch(hass, "turn_on")

    assert virtual_lock.passage_mode
    assert virtual_lock.lock_state == UNLOCKED
    assert hass.states.get(PASSAGE_MODE).state == "on"
    with pytest.raises(HomeAssistantError) as failure:
        await hass.services.async_call("lock", "lock", {"entity_id": LOCK}, blocking=True)
    assert failure.value.translation_key == "passage_mode_on"
    virtual_lock.run_auto_lock()
    assert virtual_lock.lock_state == UNLOCKED

    await _switch(hass, "turn_off")
    await hass.services.async_call("lock", "lock", {"entity_id": LOCK}, blocking=True)

    assert not virtual_lock.passage_mode
    assert hass.states.get(PASSAGE_MODE).state == "off"
    assert hass.states.get(LOCK).state == "locked"


@pytest.mark.usefixtures("lock_entry")
async def test_passage_mode_set_elsewhere_is_read(
    hass: HomeAssistant,
    virtual_lock: VirtualLock,
    freezer: FrozenDateTimeFactory,
    advertise: Callable[[], None],
) -> None:
    """Turned on from another paired phone: the next read after a broadcast shows it."""
    await past_the_read_cooldown(hass, freezer)

    virtual_lock.passage_mode = True
    virtual_lock.settings_changed()
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(PASSAGE_MODE).state == "on"
