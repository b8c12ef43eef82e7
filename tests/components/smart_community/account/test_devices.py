"""Door stations come and go with the account; the platform's version is checked."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir

from custom_components.smart_community.const import DOMAIN
from simulator.community import CommunityServer
from simulator.community.stations import NewDoor

from .conftest import HOME


def _door_names(device_registry: dr.DeviceRegistry, entry: ConfigEntry) -> set[str]:
    return {
        device.name or ""
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    }


async def test_door_station_details(
    hass: HomeAssistant, entry: ConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """A door station's device page shows its maker, model and firmware."""
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{entry.unique_id}_door-north-gate"), entry.entry_id
    )

    assert device is not None
    assert device.manufacturer
    assert device.model
    assert device.sw_version


async def test_new_door_station_appears_without_reload(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A station the property installs shows up at the next refresh, with its entities."""
    server.add_door(NewDoor(name="East gate", home_ids=[HOME], door_id="door-east-gate"))

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    assert "East gate" in _door_names(device_registry, entry)
    assert hass.states.get("event.east_gate_doorbell") is not None
    assert hass.states.get("button.east_gate_open_door") is not None


async def test_removed_door_station_disappears(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A decommissioned station is removed with its entities."""
    server.remove_door("door-south-gate")

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    assert "South gate" not in _door_names(device_registry, entry)
    assert hass.states.get("button.south_gate_open_door") is None


async def test_outdated_platform_raises_a_repair(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """An old platform version is reported once, and the report goes once it is updated."""
    issue_id = f"platform_outdated_{entry.entry_id}"
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, issue_id) is None

    server.set_api_version("1.2")
    await entry.runtime_data.async_refresh()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "platform": issue.translation_placeholders["platform"],
        "version": "1.2",
        "required": "1.4",
    }

    server.set_api_version("1.4")
    await entry.runtime_data.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_door_station_that_returns_gets_its_entities_back(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A station taken away and installed again shows up again, with its entities."""
    server.remove_door("door-south-gate")
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("button.south_gate_open_door") is None

    server.add_door(NewDoor(name="South gate", home_ids=[HOME], door_id="door-south-gate"))
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    assert "South gate" in _door_names(device_registry, entry)
    assert hass.states.get("button.south_gate_open_door") is not None
    assert hass.states.get("event.south_gate_doorbell") is not None
