"""What the resident sees when the lock is reset, out of reach or not a lock at all."""

from collections.abc import Callable
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.smart_community.const import DOMAIN
from simulator.blelock import VirtualLock, VirtualRadio

from .conftest import ADDRESS, SETUP_CODE

LOCK = "lock.sc_lock_ee10"


async def test_reset_lock_seen_by_advertisement_starts_reauth(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
    freezer: FrozenDateTimeFactory,
) -> None:
    """A reset moves the change counter; the read that follows is refused and asks to pair."""
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    virtual_lock.factory_reset()
    await hass.async_block_till_done()
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_unreachable_lock(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    radio: VirtualRadio,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A command to a lock that does not answer says so in words, and names the lock."""
    await lock_entry.runtime_data.client.disconnect()
    radio.refuse_connections = 100

    with pytest.raises(HomeAssistantError) as failure:
        await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)
    assert failure.value.translation_key == "lock_unreachable"
    assert failure.value.translation_placeholders == {"name": "SC-Lock-EE10"}
    assert lock_entry.data["long_term_key"] not in caplog.text


async def test_discovered_device_that_is_not_a_lock(
    hass: HomeAssistant, virtual_lock: VirtualLock, advertise: Callable[[], None]
) -> None:
    """Manufacturer data that matches the prefix but does not parse is not offered."""
    virtual_lock.battery = 101
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_pairing_with_an_unreachable_lock(
    hass: HomeAssistant,
    virtual_lock: VirtualLock,
    radio: VirtualRadio,
    advertise: Callable[[], None],
) -> None:
    """A lock that cannot be reached while pairing asks the resident to move closer."""
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    flow_id = hass.config_entries.flow.async_progress_by_handler(DOMAIN)[0]["flow_id"]
    radio.refuse_connections = 100

    result = await hass.config_entries.flow.async_configure(flow_id, {"setup_code": SETUP_CODE})

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert ADDRESS in radio.operations


def _answer_hellos_with_bad_key(radio: VirtualRadio, times: int) -> list[bytes]:
    """Someone in range answers the next `times` session hellos with a plain `7f 02`."""
    injected: list[bytes] = []

    def tamper(frame: bytes) -> list[bytes]:
        if frame[0] == 0x21 and len(injected) < times:
            injected.append(frame)
            return [bytes([0x7F, 0x02])]
        return [frame]

    radio.tamper = tamper
    return injected


async def test_one_injected_bad_key_does_not_ask_to_pair_again(
    hass: HomeAssistant, lock_entry: ConfigEntry, radio: VirtualRadio
) -> None:
    """A forged `7f 02` is answered by asking again on a fresh session; the command works."""
    await lock_entry.runtime_data.client.disconnect()
    injected = _answer_hellos_with_bad_key(radio, times=2)

    await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)

    assert len(injected) == 2
    assert hass.states.get(LOCK).state == "unlocked"
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_key_refused_on_three_fresh_sessions_asks_to_pair_again(
    hass: HomeAssistant, lock_entry: ConfigEntry, radio: VirtualRadio
) -> None:
    """Only the same refusal on three fresh sessions in a row starts re-authentication."""
    await lock_entry.runtime_data.client.disconnect()
    injected = _answer_hellos_with_bad_key(radio, times=3)

    with pytest.raises(HomeAssistantError) as failure:
        await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)

    assert failure.value.translation_key == "bad_key"
    assert len(injected) == 3
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_unsealed_error_inside_a_session_is_dropped(
    hass: HomeAssistant, lock_entry: ConfigEntry, radio: VirtualRadio, virtual_lock: VirtualLock
) -> None:
    """A plain error frame slipped in before the lock's sealed reply changes nothing."""
    radio.tamper = lambda frame: [bytes([0x7F, 0x02]), frame] if frame[0] == 0x30 else [frame]

    await hass.services.async_call("lock", "unlock", {"entity_id": LOCK}, blocking=True)

    assert virtual_lock.lock_state == 2
    assert hass.states.get(LOCK).state == "unlocked"
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
