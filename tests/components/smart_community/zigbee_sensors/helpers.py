"""Looking at a ZHA device through Home Assistant's registries and states."""

from homeassistant.components.zha.const import DOMAIN as ZHA_DOMAIN
from homeassistant.components.zha.helpers import get_zha_gateway
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from simulator.zigbee import VirtualCoordinator, VirtualDevice
from tests.quirks.catalog import EntitySpec, ModelSpec
from tests.quirks.network import join, send


async def join_sensor(
    hass: HomeAssistant, coordinator: VirtualCoordinator, spec: ModelSpec, ieee: str
) -> VirtualDevice:
    """Pair a sensor of the model with ZHA and wait until Home Assistant has its entities."""
    sensor, _ = await join(get_zha_gateway(hass), coordinator, spec, ieee)
    await hass.async_block_till_done()
    return sensor


async def set_zone_status(
    hass: HomeAssistant, coordinator: VirtualCoordinator, sensor: VirtualDevice, status: int
) -> None:
    """The sensor's zone changes; wait until Home Assistant has handled its notification."""
    await send(
        get_zha_gateway(hass), sensor, lambda: coordinator.set_zone_status(sensor.ieee, status)
    )
    await hass.async_block_till_done()


def entities(hass: HomeAssistant, ieee: str) -> dict[str, er.RegistryEntry]:
    """The device's registered entities, by unique id suffix."""
    (zha_entry,) = hass.config_entries.async_loaded_entries(ZHA_DOMAIN)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (ZHA_DOMAIN, ieee), zha_entry.entry_id
    )
    assert device is not None
    return {
        entry.unique_id.removeprefix(f"{ieee}-"): entry
        for entry in er.async_entries_for_device(
            er.async_get(hass), device.id, include_disabled_entities=True
        )
    }


def entity_specs(hass: HomeAssistant, ieee: str) -> set[EntitySpec]:
    """The device's entities in the protocol document's terms."""
    return {
        EntitySpec(
            platform=entry.domain,
            suffix=suffix,
            device_class=entry.original_device_class,
            category=None if entry.entity_category is None else str(entry.entity_category),
            enabled=entry.disabled_by is None,
        )
        for suffix, entry in entities(hass, ieee).items()
    }


def state(hass: HomeAssistant, ieee: str, suffix: str) -> str:
    """The current state of the device's entity with that unique id suffix."""
    current = hass.states.get(entities(hass, ieee)[suffix].entity_id)
    assert current is not None
    return current.state
