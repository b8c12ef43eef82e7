"""Advertisements through Home Assistant's real Bluetooth manager: only genuine ones are state.

Someone in radio range can send any manufacturer data under the lock's address. Forged,
replayed and MAC-less advertisements must leave every entity as it was.
"""

from collections.abc import Callable
from datetime import timedelta
import json
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.smart_community.const import DOMAIN
from simulator.blelock import VirtualLock, VirtualProxy, wire

from .conftest import ADDRESS, SETUP_CODE, restart

LOCK = "lock.sc_lock_ee10"
DOOR = "binary_sensor.sc_lock_ee10_door"
BATTERY = "sensor.sc_lock_ee10_battery"
SIGNAL = "sensor.sc_lock_ee10_signal_strength"
ENTITIES = (LOCK, DOOR, BATTERY, SIGNAL)
COMPANY_ID = 0x0F5C
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")


def _states(hass: HomeAssistant) -> dict[str, str]:
    """Every entity of the lock entry, with its state and attributes."""
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    states = {}
    for registered in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        state = hass.states.get(registered.entity_id)
        assert state is not None
        states[registered.entity_id] = f"{state.state} {sorted(state.attributes.items())}"
    return states


def _shown(hass: HomeAssistant) -> dict[str, str]:
    """The state of the entities advertisements feed."""
    return {entity_id: hass.states.get(entity_id).state for entity_id in ENTITIES}


def _forged_state(genuine: bytes) -> bytes:
    """Unlocked, door open, battery 100, counter far ahead; the genuine MAC kept."""
    return b"SC\x02" + bytes([0x12, 100]) + genuine[5:7] + b"\xff\xff\xff\x7f" + genuine[11:]


def _mac_under_another_key(genuine: bytes) -> bytes:
    other = VirtualLock(ADDRESS)
    other.lock_state = wire.UNLOCKED
    other.advertisement_counter = 0x7FFFFFFF
    return other.manufacturer_data()[COMPANY_ID]


ATTACKS: dict[str, Callable[[bytes], bytes]] = {
    "state changed, MAC kept": _forged_state,
    "MAC under another key": _mac_under_another_key,
    "no MAC (protocol v1 layout)": lambda genuine: b"SC\x01\x12\x64\x00\x00",
    "MAC cut off": lambda genuine: genuine[:11],
}


@pytest.fixture
async def settled(
    hass: HomeAssistant, lock_entry: ConfigEntry, freezer: FrozenDateTimeFactory
) -> dict[str, str]:
    """The paired lock past its first read, and its entities' states then."""
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    await lock_entry.runtime_data.client.disconnect()
    assert _shown(hass) == {LOCK: "locked", DOOR: "off", BATTERY: "90", SIGNAL: "-60"}
    return _states(hass)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
async def test_forged_advertisement_changes_nothing(
    hass: HomeAssistant,
    settled: dict[str, str],
    proxy: VirtualProxy,
    virtual_lock: VirtualLock,
    attack: Callable[[bytes], bytes],
) -> None:
    """A forged or MAC-less advertisement leaves every entity's state unchanged."""
    genuine = virtual_lock.manufacturer_data()[COMPANY_ID]

    proxy.advertise_data(ADDRESS, {COMPANY_ID: attack(genuine)}, rssi=-30)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert _states(hass) == settled


async def test_replayed_advertisement_changes_nothing(
    hass: HomeAssistant,
    settled: dict[str, str],
    proxy: VirtualProxy,
    virtual_lock: VirtualLock,
    advertise: Callable[[], None],
) -> None:
    """A genuine advertisement recorded earlier and sent again after a change is ignored."""
    recorded = virtual_lock.manufacturer_data()
    virtual_lock.set_door(is_open=True)
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    after_change = _states(hass)
    assert _shown(hass)[DOOR] == "on"

    proxy.advertise_data(ADDRESS, recorded, rssi=-30)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert _states(hass) == after_change


async def test_genuine_advertisement_updates_state(
    hass: HomeAssistant,
    settled: dict[str, str],
    proxy: VirtualProxy,
    virtual_lock: VirtualLock,
) -> None:
    """The lock's own advertisement after a change is state, at once and without connecting."""
    virtual_lock.set_door(is_open=True)
    virtual_lock.set_battery(40)

    proxy.advertise_data(ADDRESS, virtual_lock.manufacturer_data(), rssi=-30)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert _shown(hass) == {LOCK: "locked", DOOR: "on", BATTERY: "40", SIGNAL: "-30"}


async def test_ignored_advertisements_are_logged_once(
    hass: HomeAssistant,
    settled: dict[str, str],
    proxy: VirtualProxy,
    virtual_lock: VirtualLock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A stream of forgeries is one debug line, not one per packet."""
    caplog.set_level("DEBUG", "custom_components.smart_community.bluetooth_lock.coordinator")
    for battery in range(3):
        proxy.advertise_data(ADDRESS, {COMPANY_ID: b"SC\x01\x09" + bytes([battery, 0, 0])})
        await hass.async_block_till_done(wait_background_tasks=True)

    assert caplog.text.count("advertisement ignored") == 1


async def _hear(hass: HomeAssistant, proxy: VirtualProxy, data: dict[int, bytes]) -> None:
    """The proxy hears `data` under the lock's address, as from close by."""
    proxy.advertise_data(ADDRESS, data, rssi=-30)
    await hass.async_block_till_done(wait_background_tasks=True)


def _kept(entry: ConfigEntry) -> str:
    """The storage key of what a lock entry keeps across restarts."""
    return f"{DOMAIN}.lock_advertisement.{entry.entry_id}"


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "settled")
async def test_replay_across_a_restart_changes_nothing(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    proxy: VirtualProxy,
    virtual_lock: VirtualLock,
    hass_storage: dict[str, Any],
) -> None:
    """The last accepted advertisement counter survives a restart: an older advertisement,
    even one heard while Home Assistant was starting, is no state after it."""
    older = virtual_lock.manufacturer_data()
    virtual_lock.set_door(is_open=True)
    genuine = virtual_lock.manufacturer_data()
    await _hear(hass, proxy, genuine)
    before = _states(hass)
    assert _shown(hass) == {LOCK: "locked", DOOR: "on", BATTERY: "90", SIGNAL: "-30"}

    # Heard while the entry is down, so Bluetooth hands it to the lock as it starts again.
    await restart(hass, lock_entry, lambda: proxy.advertise_data(ADDRESS, older, rssi=-30))

    assert _shown(hass) == dict.fromkeys(ENTITIES, STATE_UNKNOWN)
    after_restart = _states(hass)
    await _hear(hass, proxy, older)
    assert _states(hass) == after_restart
    # The last accepted one again is what the lock still says: the state from before.
    await _hear(hass, proxy, genuine)
    assert _states(hass) == before
    await _hear(hass, proxy, older)
    assert _states(hass) == before

    virtual_lock.set_battery(40)
    await _hear(hass, proxy, virtual_lock.manufacturer_data())
    assert _shown(hass) == {LOCK: "locked", DOOR: "on", BATTERY: "40", SIGNAL: "-30"}

    # What is kept is what the lock broadcast, nothing a key could be read from.
    assert await hass.config_entries.async_unload(lock_entry.entry_id)
    stored = hass_storage[_kept(lock_entry)]["data"]
    assert stored == {"advertisement": virtual_lock.manufacturer_data()[COMPANY_ID].hex()}
    for key in (lock_entry.data["long_term_key"], lock_entry.data["advertising_key"]):
        assert key not in json.dumps(stored)


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "settled")
async def test_paired_again_after_a_reset_shows_state(
    hass: HomeAssistant, lock_entry: ConfigEntry, virtual_lock: VirtualLock, proxy: VirtualProxy
) -> None:
    """What was kept under the old advertising key does not make the reset lock's counter,
    started over, look old: it no longer verifies and is dropped."""
    virtual_lock.advertisement_counter = 1000
    proxy.advertise_data(ADDRESS, virtual_lock.manufacturer_data())
    await hass.async_block_till_done(wait_background_tasks=True)
    virtual_lock.factory_reset()
    virtual_lock.advertisement_counter = 0
    lock_entry.async_start_reauth(hass)
    await hass.async_block_till_done()
    flow = hass.config_entries.flow.async_progress_by_handler(DOMAIN)[0]
    virtual_lock.press_pairing_button()
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"setup_code": SETUP_CODE}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)

    virtual_lock.set_door(is_open=True)
    await _hear(hass, proxy, virtual_lock.manufacturer_data())

    assert _shown(hass) == {LOCK: "locked", DOOR: "on", BATTERY: "90", SIGNAL: "-30"}


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "settled")
async def test_unreadable_kept_advertisement_is_dropped(
    hass: HomeAssistant,
    lock_entry: ConfigEntry,
    virtual_lock: VirtualLock,
    proxy: VirtualProxy,
    hass_storage: dict[str, Any],
) -> None:
    """A damaged file costs only the remembered counter; the lock still sets up."""
    key = _kept(lock_entry)

    await restart(
        hass, lock_entry, lambda: hass_storage[key]["data"].update(advertisement="not hex")
    )
    virtual_lock.set_door(is_open=True)
    await _hear(hass, proxy, virtual_lock.manufacturer_data())

    assert _shown(hass) == {LOCK: "locked", DOOR: "on", BATTERY: "90", SIGNAL: "-30"}


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "settled")
async def test_removed_lock_leaves_nothing_kept(
    hass: HomeAssistant, lock_entry: ConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Removing the lock deletes its kept advertisement with it."""
    key = _kept(lock_entry)
    assert await hass.config_entries.async_unload(lock_entry.entry_id)
    assert key in hass_storage

    await hass.config_entries.async_remove(lock_entry.entry_id)

    assert key not in hass_storage
