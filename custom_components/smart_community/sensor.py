"""Sensor entities: the community's latest notice, parking lots and the resident's vehicles."""

from homeassistant.components.sensor import SensorEntity, SensorEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import lock_entities
from .community import Event, NoticePublished
from .community_entity import StreamEntity, account_device_info, async_add_as_they_appear
from .const import CONF_FAMILY, Family
from .coordinator import NOTICES_KEY, CommunityConfigEntry, CommunityCoordinator
from .parking_lot import async_add_lot_sensors
from .parking_vehicles import vehicle_sensors, vehicles

PARALLEL_UPDATES = 0

LATEST_NOTICE = SensorEntityDescription(key="latest_notice", translation_key="latest_notice")


class LatestNotice(StreamEntity, SensorEntity):
    """The latest notice as read at the last refresh, then as the stream publishes them."""

    def __init__(self, coordinator: CommunityCoordinator) -> None:
        """The latest notice of the account's community."""
        super().__init__(coordinator, NOTICES_KEY, LATEST_NOTICE, account_device_info(coordinator))
        self._event_key = NOTICES_KEY
        self._read_refresh()

    def _read_refresh(self) -> None:
        notice = self.coordinator.data.latest_notice
        if notice is not None:
            self._attr_native_value = notice.title
            self._attr_extra_state_attributes = {
                "category": notice.category,
                "important": notice.important,
            }

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, NoticePublished):
            self._attr_native_value = event.title
            self._attr_extra_state_attributes = {
                "category": event.category,
                "important": event.important,
            }
            self.async_write_ha_state()


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensor entities of the entry's family."""
    if entry.data[CONF_FAMILY] == Family.COMMUNITY:
        async_add_entities([LatestNotice(entry.runtime_data)])
        async_add_lot_sensors(entry, async_add_entities)
        async_add_as_they_appear(entry, async_add_entities, vehicles, vehicle_sensors)
    if entry.data[CONF_FAMILY] == Family.LOCK:
        async_add_entities(lock_entities.sensors(entry))
