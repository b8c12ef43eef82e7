"""The door sensor of a Bluetooth lock."""

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..blelock import DoorState
from .coordinator import LockConfigEntry
from .entity import LockFamilyEntity

LOCK_DOOR = BinarySensorEntityDescription(
    key="door", translation_key="door", device_class=BinarySensorDeviceClass.DOOR
)


class LockDoorSensor(LockFamilyEntity, BinarySensorEntity):
    """On when the door is open."""

    @property
    def is_on(self) -> bool | None:
        """Door open; unknown without a calibrated sensor."""
        door = self.coordinator.data_now.door_state
        return None if door is DoorState.UNKNOWN else door is DoorState.OPEN


async def async_setup_entry(
    hass: HomeAssistant,
    entry: LockConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The lock's door sensor."""
    async_add_entities([LockDoorSensor(entry.runtime_data, LOCK_DOOR)])
