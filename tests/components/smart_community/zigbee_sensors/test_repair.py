"""Sensors ZHA loaded before our quirks existed: the repair reloads ZHA once."""

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from zigpy.zcl.clusters.security import IasZone

from custom_components.smart_community.const import DOMAIN, ISSUE_RELOAD_ZHA
from simulator.zigbee import VirtualCoordinator
from tests.quirks.catalog import models

from .conftest import add_zigbee_entry
from .helpers import entities, entity_specs, join_sensor, set_zone_status, state

IEEE = "00:0d:6f:00:00:00:00:21"


@pytest.fixture
async def repairs(hass: HomeAssistant) -> None:
    """The repairs integration, which runs fix flows."""
    assert await async_setup_component(hass, "repairs", {})


async def _start_fix(hass: HomeAssistant) -> str:
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": ISSUE_RELOAD_ZHA})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm"
    assert result["description_placeholders"] == {"devices": "SmartCommunity SC-DW01"}
    return result["flow_id"]


async def test_sensor_paired_before_the_entry_is_quirked_after_the_repair(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry, repairs: None
) -> None:
    """The repair names the sensor, reloads ZHA, and the sensor then has all its entities."""
    spec = models()["SC-DW01"]
    sensor = await join_sensor(hass, coordinator, spec, IEEE)
    assert "1-tamper" not in entities(hass, IEEE)

    await add_zigbee_entry(hass)

    issue = ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA)
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_key == ISSUE_RELOAD_ZHA

    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_configure(await _start_fix(hass), {})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA) is None
    assert zha_entry.state is ConfigEntryState.LOADED
    assert set(spec.entities) <= entity_specs(hass, IEEE)

    await set_zone_status(hass, coordinator, sensor, IasZone.ZoneStatus.Tamper)

    assert state(hass, IEEE, "1-tamper") == "on"
    assert state(hass, IEEE, "1-alarm") == "off"


async def test_repair_without_zha_running_aborts(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry, repairs: None
) -> None:
    """If ZHA stopped meanwhile there is nothing to reload; the repair says so and stays."""
    await join_sensor(hass, coordinator, models()["SC-DW01"], IEEE)
    await add_zigbee_entry(hass)
    flow_id = await _start_fix(hass)
    assert await hass.config_entries.async_unload(zha_entry.entry_id)

    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_configure(flow_id, {})

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "zha_not_loaded"


async def test_no_repair_when_sensors_are_quirked(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry
) -> None:
    """Sensors paired after the entry already have the quirk: nothing to repair."""
    await add_zigbee_entry(hass)
    await join_sensor(hass, coordinator, models()["SC-PIR01"], IEEE)

    await hass.config_entries.async_reload(hass.config_entries.async_entries(DOMAIN)[0].entry_id)
    await hass.async_block_till_done()

    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA) is None


async def test_removing_the_entry_withdraws_the_repair(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry
) -> None:
    """The repair belongs to the entry; without it there is nothing to offer."""
    await join_sensor(hass, coordinator, models()["SC-DW01"], IEEE)
    entry = await add_zigbee_entry(hass)
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA) is not None

    assert await hass.config_entries.async_remove(entry.entry_id)

    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA) is None


async def test_zha_starting_after_the_entry_needs_no_repair(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry
) -> None:
    """When ZHA loads its database after our setup, known sensors come up quirked."""
    spec = models()["SC-SD01"]
    await join_sensor(hass, coordinator, spec, IEEE)
    assert await hass.config_entries.async_unload(zha_entry.entry_id)

    await add_zigbee_entry(hass)
    assert await hass.config_entries.async_setup(zha_entry.entry_id)
    await hass.async_block_till_done()

    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_RELOAD_ZHA) is None
    assert set(spec.entities) <= entity_specs(hass, IEEE)
