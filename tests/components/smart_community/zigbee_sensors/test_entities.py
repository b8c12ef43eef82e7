"""In Home Assistant, each model shows exactly the documented entities, with device classes."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
import pytest
from zigpy.zcl.clusters.security import IasZone

from simulator.zigbee import VirtualCoordinator
from tests.quirks.catalog import models

from .conftest import add_zigbee_entry
from .helpers import entity_specs, join_sensor, set_zone_status, state

IEEE = "00:0d:6f:00:00:00:00:11"


@pytest.mark.parametrize("model", list(models()))
async def test_model_entities_in_home_assistant(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry, model: str
) -> None:
    """Our entry registers the quirks; a sensor paired afterwards gets all its entities."""
    await add_zigbee_entry(hass)
    spec = models()[model]

    await join_sensor(hass, coordinator, spec, IEEE)

    assert entity_specs(hass, IEEE) == set(spec.entities)


async def test_zone_changes_reach_home_assistant_states(
    hass: HomeAssistant, coordinator: VirtualCoordinator, zha_entry: ConfigEntry
) -> None:
    """Alarm, tamper and battery-low follow the sensor's zone status notifications."""
    await add_zigbee_entry(hass)
    sensor = await join_sensor(hass, coordinator, models()["SC-SD01"], IEEE)
    suffixes = ("1-alarm", "1-tamper", "1-battery_low")
    assert [state(hass, IEEE, suffix) for suffix in suffixes] == ["off", "off", "off"]

    zone = IasZone.ZoneStatus
    await set_zone_status(hass, coordinator, sensor, zone.Alarm_1 | zone.Tamper | zone.Battery)

    assert [state(hass, IEEE, suffix) for suffix in suffixes] == ["on", "on", "on"]

    await set_zone_status(hass, coordinator, sensor, zone.Tamper)

    assert [state(hass, IEEE, suffix) for suffix in suffixes] == ["off", "on", "off"]
