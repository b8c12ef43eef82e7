"""Event entities: doorbell rings, door access, notices, vehicles at the gates, lock activity."""

from homeassistant.components.event import (
    DoorbellEventType,
    EventDeviceClass,
    EventEntity,
    EventEntityDescription,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .blelock import Action, ActivityEntry
from .community import (
    AccessDenied,
    CallRinging,
    DoorOpened,
    DoorStation,
    Event,
    NoticePublished,
)
from .community_entity import (
    StreamEntity,
    account_device_info,
    async_add_as_they_appear,
    door_device_info,
    doors,
)
from .const import CONF_FAMILY, Family
from .coordinator import NOTICES_KEY, CommunityCoordinator
from .entity import LockFamilyEntity
from .lock_coordinator import coordinator_of
from .parking_vehicles import vehicle_events, vehicles

PARALLEL_UPDATES = 0

LOCK_ACTIVITY = EventEntityDescription(
    key="activity",
    translation_key="activity",
    event_types=[action.name.lower() for action in Action],
)

DOORBELL = EventEntityDescription(
    key="doorbell",
    translation_key="doorbell",
    device_class=EventDeviceClass.DOORBELL,
    event_types=[DoorbellEventType.RING],
)
ACCESS = EventEntityDescription(
    key="access", translation_key="access", event_types=["opened", "denied"]
)
NOTICE = EventEntityDescription(key="notice", translation_key="notice", event_types=["published"])


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the event entities of an entry's family."""
    match entry.data[CONF_FAMILY]:
        case Family.COMMUNITY:
            async_add_entities([NoticeEventEntity(entry.runtime_data)])
            async_add_as_they_appear(
                entry,
                async_add_entities,
                doors,
                lambda coordinator, door: [
                    DoorEventEntity(coordinator, door, DOORBELL),
                    DoorEventEntity(coordinator, door, ACCESS),
                ],
            )
            async_add_as_they_appear(entry, async_add_entities, vehicles, vehicle_events)
        case Family.LOCK:
            async_add_entities([LockActivityEvent(coordinator_of(entry), LOCK_ACTIVITY)])


class LockActivityEvent(LockFamilyEntity, EventEntity):
    """Who locked or unlocked the door, and how."""

    async def async_added_to_hass(self) -> None:
        """Listen for new activity-log entries."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_subscribe_activity(self._activity))

    @callback
    def _activity(self, entry: ActivityEntry) -> None:
        self._trigger_event(
            entry.action.name.lower(),
            {
                "method": entry.method.name.lower(),
                "user_slot": entry.user_slot or None,
                "log_index": entry.index,
                "time": entry.time.isoformat(),
            },
        )
        self.async_write_ha_state()


class DoorEventEntity(StreamEntity, EventEntity):
    """Rings and access at one door station, as the community's event stream reports them."""

    entity_description: EventEntityDescription

    def __init__(
        self,
        coordinator: CommunityCoordinator,
        door: DoorStation,
        description: EventEntityDescription,
    ) -> None:
        """An event entity of a door station."""
        super().__init__(coordinator, door.id, description, door_device_info(coordinator, door))
        self._event_key = self._door_id = door.id

    @property
    def _homes(self) -> tuple[str, ...]:
        """The shown homes this door station serves; rings for other homes are not ours."""
        return self.coordinator.data.door_homes.get(self._door_id, ())

    @callback
    def _on_event(self, event: Event) -> None:
        match self.entity_description.key, event:
            case "doorbell", CallRinging() if event.home_id in self._homes:
                self._trigger_event(
                    DoorbellEventType.RING, {"call_id": event.call_id, "home_id": event.home_id}
                )
            case "access", DoorOpened(person=person):
                self._trigger_event(
                    "opened", {"method": event.method, "person": person.name if person else None}
                )
            case "access", AccessDenied():
                self._trigger_event("denied", {"method": event.method, "reason": event.reason})
            case _:
                return
        self.async_write_ha_state()


class NoticeEventEntity(StreamEntity, EventEntity):
    """Fires when the community publishes a notice."""

    def __init__(self, coordinator: CommunityCoordinator) -> None:
        """The notices event of the account."""
        super().__init__(coordinator, NOTICES_KEY, NOTICE, account_device_info(coordinator))
        self._event_key = NOTICES_KEY

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, NoticePublished):
            self._trigger_event(
                "published",
                {"title": event.title, "category": event.category, "important": event.important},
            )
            self.async_write_ha_state()
