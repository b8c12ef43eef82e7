"""The door sensor of a Bluetooth lock."""

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass

from ..blelock import DoorState
from .entity import LockFamilyEntity, platform_entities

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


async_setup_entry = platform_entities(lambda coordinator: [LockDoorSensor(coordinator, LOCK_DOOR)])
