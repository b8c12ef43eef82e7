"""A virtual lock reaching Home Assistant's real Bluetooth stack through a virtual proxy."""

from collections.abc import AsyncIterator, Callable, Generator
from datetime import timedelta
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.bluetooth import async_register_scanner
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.entity import Entity
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.smart_community.const import DOMAIN
from simulator.blelock import VirtualLock, VirtualProxy, VirtualRadio

ADDRESS = "AA:BB:CC:DD:EE:10"
SETUP_CODE = "24681357"
PROXY_SOURCE = "AA:BB:CC:00:00:01"


@pytest.fixture
def radio() -> VirtualRadio:
    """The air around the virtual proxy."""
    return VirtualRadio()


@pytest.fixture
def virtual_lock(radio: VirtualRadio) -> VirtualLock:
    """A lock in range of the proxy, fresh from the factory."""
    return radio.add(VirtualLock(ADDRESS, SETUP_CODE))


@pytest.fixture
async def proxy(
    hass: HomeAssistant, enable_bluetooth: None, radio: VirtualRadio, socket_enabled: None
) -> AsyncIterator[VirtualProxy]:
    """A connectable Bluetooth proxy registered with Home Assistant, like an ESPHome proxy."""
    proxy = VirtualProxy(radio, PROXY_SOURCE)
    unregister = async_register_scanner(hass, proxy, connection_slots=3)
    cancel = proxy.async_setup()
    yield proxy
    cancel()
    unregister()


@pytest.fixture
def advertise(
    hass: HomeAssistant, proxy: VirtualProxy, virtual_lock: VirtualLock
) -> Callable[[], None]:
    """Let the lock advertise its state now."""
    return lambda: proxy.advertise(virtual_lock.address)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Entities disabled by default are enabled, so snapshots show them."""
    with patch.object(Entity, "entity_registry_enabled_default", True):
        yield


@pytest.fixture
async def lock_entry(
    hass: HomeAssistant, virtual_lock: VirtualLock, advertise: Callable[[], None]
) -> ConfigEntry:
    """A lock added by address and paired through the config flow, set up."""
    advertise()
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "lock"}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"address": ADDRESS})
    virtual_lock.press_pairing_button()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"setup_code": SETUP_CODE}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    entry: ConfigEntry = result["result"]
    return entry


async def restart(
    hass: HomeAssistant, entry: ConfigEntry, meanwhile: Callable[[], None] = lambda: None
) -> None:
    """Stop the entry, let `meanwhile` happen, then set the entry up again while Home
    Assistant is still starting."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    meanwhile()
    hass.set_state(CoreState.not_running)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


async def past_the_read_cooldown(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the read that pairing started end its cooldown, so the next advertisement that
    moves the lock's change counter is read at once."""
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
