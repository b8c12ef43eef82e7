"""Base entity of a Bluetooth lock: named by translation, on the lock's device."""

from homeassistant.components.bluetooth.passive_update_coordinator import (
    PassiveBluetoothCoordinatorEntity,
)
from homeassistant.helpers.entity import EntityDescription

from .coordinator import LockCoordinator


class LockFamilyEntity(PassiveBluetoothCoordinatorEntity[LockCoordinator]):
    """An entity of a Bluetooth lock; available while the lock advertises."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: LockCoordinator, description: EntityDescription) -> None:
        """Belong to the lock's device, unique by its address and the description's key."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.address}_{description.key}"
        self._attr_device_info = coordinator.device_info
