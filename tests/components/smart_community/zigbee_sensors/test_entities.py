"""In Home Assistant, each model shows exactly the documented entities, with device classes."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
import pytest
from zigpy.zcl.clusters.security import IasZone

from tests.quirks.catalog import models
from tests.quirks.radio import Air

from .conftest import add_zigbee_entry
from .helpers import entity_specs, join_sensor, state

IEEE = "00:0d:6f:00:00:00:00:11"


@pytest.mark.parametrize("model", list(models()))
async def test_model_entities_in_home_assistant(
    hass: HomeAssistant, air: Air, zha_entry: ConfigEntry, model: str
) -> None:
    """Our entry registers the quirks; a sensor paired afterwards gets all its entities."""
    await add_zigbee_entry(hass)
    spec = models()[model]

    await join_sensor(hass, air, spec, IEEE)

    assert entity_specs(hass, IEEE) == set(spec.entities)


async def test_zone_changes_reach_home_assistant_states(
    hass: HomeAssistant, air: Air, zha_entry: ConfigEntry
) -> None:
    """Alarm, tamper and battery-low follow the sensor's zone status notifications."""
    await add_zigbee_entry(hass)
    sensor = await join_sensor(hass, air, models()["SC-SD01"], IEEE)
    suffixes = ("1-alarm", "1-tamper", "1-battery_low")
    assert [state(hass, IEEE, suffix) for suffix in suffixes] == ["off", "off", "off"]

    zone = IasZone.ZoneStatus
    air.send(sensor, sensor.zone_status_change(1, zone.Alarm_1 | zone.Tamper | zone.Battery))
    await hass.async_block_till_done()

    assert [state(hass, IEEE, suffix) for suffix in suffixes] == ["on", "on", "on"]

    air.send(sensor, sensor.zone_status_change(1, zone.Tamper))
    await hass.async_block_till_done()

    assert [state(hass, IEEE, suffix) for suffix in suffixes] == ["off", "on", "off"]
