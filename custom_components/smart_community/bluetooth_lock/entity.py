"""Base entity of a Bluetooth lock: named by translation, on the lock's device."""

from collections.abc import Awaitable, Callable, Iterable

from homeassistant.components.bluetooth.passive_update_coordinator import (
    PassiveBluetoothCoordinatorEntity,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import LockConfigEntry, LockCoordinator

type LockPlatformSetup = Callable[
    [HomeAssistant, LockConfigEntry, AddConfigEntryEntitiesCallback], Awaitable[None]
]


class LockFamilyEntity(PassiveBluetoothCoordinatorEntity[LockCoordinator]):
    """An entity of a Bluetooth lock; available while the lock advertises."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: LockCoordinator, description: EntityDescription) -> None:
        """Belong to the lock's device, unique by its address and the description's key."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.address}_{description.key}"
        self._attr_device_info = coordinator.device_info


def platform_entities(build: Callable[[LockCoordinator], Iterable[Entity]]) -> LockPlatformSetup:
    """The setup of one platform for a lock entry: the entities `build` makes of its lock."""

    async def async_setup_entry(
        hass: HomeAssistant,
        entry: LockConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        async_add_entities(build(entry.runtime_data))

    return async_setup_entry
