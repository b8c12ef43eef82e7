"""Base entities: naming, unique ids and devices shared by every family."""

from homeassistant.components.bluetooth.passive_update_coordinator import (
    PassiveBluetoothCoordinatorEntity,
)
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from .lock_coordinator import LockCoordinator


class SmartCommunityEntity(Entity):
    """An entity named by translation, on one device, unique by device and description key."""

    _attr_has_entity_name = True

    def __init__(
        self, device_key: str, device_info: DeviceInfo, description: EntityDescription
    ) -> None:
        self.entity_description = description
        self._attr_unique_id = f"{device_key}_{description.key}"
        self._attr_device_info = device_info


class LockFamilyEntity(PassiveBluetoothCoordinatorEntity[LockCoordinator], SmartCommunityEntity):
    """An entity of a Bluetooth lock; available while the lock advertises."""

    def __init__(self, coordinator: LockCoordinator, description: EntityDescription) -> None:
        PassiveBluetoothCoordinatorEntity.__init__(self, coordinator)
        SmartCommunityEntity.__init__(
            self, coordinator.address, coordinator.device_info, description
        )
