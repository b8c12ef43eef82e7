"""Lock entities: door stations whose release stays open until the door closes."""

from typing import Any

from homeassistant.components.lock import LockEntity, LockEntityDescription
from homeassistant.components.lock.const import LockEntityFeature
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later

from . import lock_entities
from .community import DoorRelease, DoorStation
from .community_entity import CommunityEntity, async_add_as_they_appear, door_device_info, doors
from .const import CONF_FAMILY, DOMAIN, Family
from .coordinator import CommunityConfigEntry, CommunityCoordinator

PARALLEL_UPDATES = 1

# How long a released latch is shown open; the station does not report the door closing.
RELEASE_SECONDS = 5.0

DOOR_RELEASE = LockEntityDescription(key="release", translation_key="door_release")


class DoorReleaseLock(CommunityEntity, LockEntity):
    """Opening is a command to the platform: opening, then open, then locked again."""

    _attr_supported_features = LockEntityFeature.OPEN
    _attr_is_locked = True

    def __init__(self, coordinator: CommunityCoordinator, door: DoorStation) -> None:
        """The release of one door station."""
        super().__init__(coordinator, door.id, DOOR_RELEASE, door_device_info(coordinator, door))
        self._door_id = door.id

    async def async_open(self, **kwargs: Any) -> None:
        """Release the door and show it open for a moment."""
        self._attr_is_opening = True
        self.async_write_ha_state()
        try:
            await self.coordinator.async_command(self.coordinator.client.open_door(self._door_id))
        except Exception:
            self._attr_is_opening = False
            self.async_write_ha_state()
            raise
        self._attr_is_opening = False
        self._attr_is_open = True
        self._attr_is_locked = False
        self.async_write_ha_state()
        self.async_on_remove(async_call_later(self.hass, RELEASE_SECONDS, self._relock))

    async def async_unlock(self, **kwargs: Any) -> None:
        """Unlocking a door station is releasing it."""
        await self.async_open(**kwargs)

    async def async_lock(self, **kwargs: Any) -> None:
        """The latch locks by itself when the door closes; nothing to send."""
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="locks_itself")

    @callback
    def _relock(self, _now: object) -> None:
        self._attr_is_open = False
        self._attr_is_locked = True
        self.async_write_ha_state()


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the lock entities of the entry's family."""
    if entry.data[CONF_FAMILY] == Family.COMMUNITY:
        async_add_as_they_appear(
            entry,
            async_add_entities,
            doors,
            lambda coordinator, door: (
                [DoorReleaseLock(coordinator, door)] if door.release is DoorRelease.LATCH else []
            ),
        )
    if entry.data[CONF_FAMILY] == Family.LOCK:
        async_add_entities(lock_entities.lock_entities(entry))
