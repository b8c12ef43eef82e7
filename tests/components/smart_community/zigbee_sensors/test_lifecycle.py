"""Adding and removing the Zigbee sensor support, with and without ZHA."""

import sys

from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from zha.quirks import DeviceRegistry
from zigpy.zcl.clusters.security import IasZone

from custom_components.smart_community.const import CONF_FAMILY, DOMAIN, ISSUE_RELOAD_ZHA
from custom_components.smart_community.quirks import QUIRKS
from simulator.zigbee import VirtualCoordinator
from tests.quirks.catalog import models

from .conftest import add_zigbee_entry
from .helpers import entity_specs, join_sensor, set_zone_status, state


async def test_menu_entry_explains_then_adds(hass: HomeAssistant) -> None:
    """The resident sees what the support does before adding it."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "zigbee"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zigbee"

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Zigbee sensors"
    assert result["data"] == {CONF_FAMILY: "zigbee"}
    assert result["result"].state is ConfigEntryState.LOADED


async def test_second_zigbee_entry_is_refused(hass: HomeAssistant) -> None:
    """One entry covers every sensor; a second attempt explains that."""
    await add_zigbee_entry(hass)

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "zigbee"}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "zigbee_already_added"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_setup_registers_the_quirks(
    hass: HomeAssistant, quirk_registry: DeviceRegistry
) -> None:
    """Setting the integration up puts every model's quirk into ZHA's registry."""
    await add_zigbee_entry(hass)

    registered = list(quirk_registry)
    assert all(entry in registered for entry in QUIRKS)


async def test_other_families_leave_zha_s_libraries_alone(
    hass: HomeAssistant, quirk_registry: DeviceRegistry
) -> None:
    """Without a Zigbee entry the integration registers no quirk (ZHA's libraries are heavy)."""
    MockConfigEntry(domain=DOMAIN, data={CONF_FAMILY: "doorbell"}).add_to_hass(hass)

    assert await async_setup_component(hass, DOMAIN, {})

    assert not any(entry in list(quirk_registry) for entry in QUIRKS)


async def test_setup_without_zha_installed(
    hass: HomeAssistant, quirk_registry: DeviceRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Residents who never set ZHA up do not have its libraries; the entry still loads."""
    monkeypatch.setitem(sys.modules, "custom_components.smart_community.quirks", None)

    entry = await add_zigbee_entry(hass)

    assert entry.state is ConfigEntryState.LOADED
    assert not any(entry in list(quirk_registry) for entry in QUIRKS)
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA) is None


async def test_entry_of_unknown_family_does_not_load(hass: HomeAssistant) -> None:
    """An entry this version does not understand fails its setup instead of guessing."""
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_FAMILY: "doorbell"})
    entry.add_to_hass(hass)

    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR


async def test_removing_the_entry_leaves_zha_working(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry
) -> None:
    """ZHA keeps running and keeps pairing and updating the vendor's sensors."""
    entry = await add_zigbee_entry(hass)
    await join_sensor(hass, coordinator, models()["SC-DW01"], "00:0d:6f:00:00:00:00:31")

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert zha_entry.state is ConfigEntryState.LOADED
    spec = models()["SC-WL01"]
    sensor = await join_sensor(hass, coordinator, spec, "00:0d:6f:00:00:00:00:32")
    assert entity_specs(hass, "00:0d:6f:00:00:00:00:32") == set(spec.entities)

    await set_zone_status(hass, coordinator, sensor, IasZone.ZoneStatus.Alarm_1)

    assert state(hass, "00:0d:6f:00:00:00:00:32", "1-alarm") == "on"
