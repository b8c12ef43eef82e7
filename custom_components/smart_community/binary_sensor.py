"""Binary sensor entities: whether each door station is online, whether a space is taken."""

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import lock_entities
from .community import DeviceStatus, DoorStation, Event
from .community_entity import StreamEntity, async_add_as_they_appear, door_device_info, doors
from .const import CONF_FAMILY, Family
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .parking_spaces import async_add_space_sensors

PARALLEL_UPDATES = 0

DOOR_ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="door_online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


class DoorOnline(StreamEntity, BinarySensorEntity):
    """Online as read at the last refresh, then as the stream reports it."""

    def __init__(self, coordinator: CommunityCoordinator, door: DoorStation) -> None:
        """The connectivity of one door station."""
        super().__init__(coordinator, door.id, DOOR_ONLINE, door_device_info(coordinator, door))
        self._event_key = self._door_id = door.id
        self._attr_is_on = door.online

    @callback
    def _handle_coordinator_update(self) -> None:
        if (door := self.coordinator.data.doors.get(self._door_id)) is not None:
            self._attr_is_on = door.online
        super()._handle_coordinator_update()

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, DeviceStatus):
            self._attr_is_on = event.online
            self.async_write_ha_state()


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensor entities of the entry's family."""
    if entry.data[CONF_FAMILY] == Family.COMMUNITY:
        async_add_as_they_appear(
            entry,
            async_add_entities,
            doors,
            lambda coordinator, door: [DoorOnline(coordinator, door)],
        )
        async_add_space_sensors(entry, async_add_entities)
    if entry.data[CONF_FAMILY] == Family.LOCK:
        async_add_entities(lock_entities.binary_sensors(entry))
