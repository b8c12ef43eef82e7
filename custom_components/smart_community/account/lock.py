"""Locks of a community account: door stations whose release stays open until the door closes."""

from typing import Any

from homeassistant.components.lock import LockEntity, LockEntityDescription
from homeassistant.components.lock.const import LockEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..community import DoorRelease, DoorStation
from ..const import DOMAIN
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info
from .entity import SnapshotEntity, Subject, async_add_as_they_appear, doors

DOOR_RELEASE = LockEntityDescription(key="release", translation_key="door_release")


class DoorReleaseLock(SnapshotEntity, LockEntity):
    """Opening is a command to the platform: opening, then open, then locked again.

    The coordinator knows which latches are open, from the door's own reports where the
    station has a door sensor, else for a short while after each release.
    """

    _attr_supported_features = LockEntityFeature.OPEN

    @property
    def is_opening(self) -> bool:
        """The release was sent; the platform has not confirmed it yet."""
        return self._subject in self.coordinator.data.opening

    @property
    def is_open(self) -> bool:
        """Released, and not closed again."""
        return not self.is_opening and self._subject in self.coordinator.data.released

    @property
    def is_locked(self) -> bool:
        """Neither opening nor open."""
        return not self.is_opening and not self.is_open

    async def async_open(self, **kwargs: Any) -> None:
        """Release the door."""
        await self.coordinator.async_release(self._subject)

    async def async_unlock(self, **kwargs: Any) -> None:
        """Unlocking a door station is releasing it."""
        await self.async_open(**kwargs)

    async def async_lock(self, **kwargs: Any) -> None:
        """The latch locks by itself when the door closes; nothing to send."""
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="locks_itself")


def _door_locks(coordinator: CommunityCoordinator, door: DoorStation) -> list[DoorReleaseLock]:
    if door.release is not DoorRelease.LATCH:
        return []
    subject = Subject(id=door.id, device=door_device_info(coordinator, door))
    return [DoorReleaseLock(coordinator, DOOR_RELEASE, subject)]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A lock for each door station with a latch."""
    async_add_as_they_appear(entry, async_add_entities, doors, _door_locks)
