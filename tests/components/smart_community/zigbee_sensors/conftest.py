"""Home Assistant's real ZHA on the simulator's virtual coordinator, and our Zigbee entry."""

from collections.abc import AsyncIterator
from pathlib import Path

from homeassistant.components.zha.const import DOMAIN as ZHA_DOMAIN
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from zha.quirks import DeviceRegistry

from custom_components.smart_community.const import DOMAIN
from simulator.zigbee import VirtualCoordinator
from tests.quirks.fixtures import coordinator, quirk_registry, zhaquirks_loaded
from tests.quirks.network import ZIGPY_CONFIG

__all__ = ["coordinator", "quirk_registry", "zhaquirks_loaded"]


@pytest.fixture
async def zha_entry(
    hass: HomeAssistant,
    tmp_path: Path,
    coordinator: VirtualCoordinator,
    quirk_registry: DeviceRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[ConfigEntry]:
    """ZHA set up on the virtual coordinator, with its database in a temporary folder."""
    # ZHA pauses after closing a radio so a serial port can settle; a socket needs no pause.
    monkeypatch.setattr("homeassistant.components.zha.radio_manager.CONNECT_DELAY_S", 0)
    database = tmp_path / "zigbee.db"
    assert await async_setup_component(
        hass,
        ZHA_DOMAIN,
        {ZHA_DOMAIN: {"database_path": str(database), "zigpy_config": ZIGPY_CONFIG}},
    )
    entry = MockConfigEntry(
        domain=ZHA_DOMAIN,
        data={
            "device": {"path": coordinator.url, "baudrate": 115200, "flow_control": None},
            "radio_type": "xbee",
        },
        version=5,
        minor_version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(entry.entry_id)


async def add_zigbee_entry(hass: HomeAssistant) -> ConfigEntry:
    """Add the Zigbee sensor support the way a resident does, through the menu."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "zigbee"}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return result["result"]
