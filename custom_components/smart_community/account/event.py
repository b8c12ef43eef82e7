"""Event entities of a community account: rings, door access, notices, vehicles at the gates."""

from datetime import datetime

from homeassistant.components.event import (
    DoorbellEventType,
    EventDeviceClass,
    EventEntity,
    EventEntityDescription,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..community import (
    AccessDenied,
    CallRinging,
    DoorOpened,
    DoorStation,
    Event,
    NoticePublished,
    RightExpiring,
    RightKind,
    SessionEnded,
    SessionStarted,
)
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info, vehicle_device_info
from .entity import StreamEntity, Subject, async_add_as_they_appear, doors, notices, vehicles
from .parking import Vehicle

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
GATE_EVENT = EventEntityDescription(
    key="gate",
    translation_key="vehicle_gate",
    event_types=["entered", "exited", "pass_expiring"],
)


class DoorEvent(StreamEntity, EventEntity):
    """Rings and access at one door station, as the community's event stream reports them."""

    @callback
    def _on_event(self, event: Event) -> None:
        match self.entity_description.key, event:
            # Rings for homes the resident does not show are not theirs.
            case "doorbell", CallRinging() if event.home_id in self.coordinator.data.door_homes.get(
                self._subject, ()
            ):
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


class NoticeEvent(StreamEntity, EventEntity):
    """Fires when the community publishes a notice."""

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, NoticePublished):
            self._trigger_event(
                "published",
                {
                    "title": event.title,
                    "body": event.body,
                    "category": event.category,
                    "important": event.important,
                },
            )
            self.async_write_ha_state()


class VehicleGateEvent(StreamEntity, EventEntity):
    """Fires when one of the resident's vehicles passes a barrier, or its pass runs out soon.

    Only that vehicle's events reach it, so the plate it shows is the resident's own.
    """

    @callback
    def _on_event(self, event: Event) -> None:
        match event:
            case SessionStarted():
                self._trigger_event(
                    "entered", self._passage(event.plate, event.gate_id, event.actual_start)
                )
            case SessionEnded():
                self._trigger_event(
                    "exited", self._passage(event.plate, event.gate_id, event.actual_end)
                )
            case RightExpiring(kind=RightKind.MONTHLY_PASS):
                self._trigger_event(
                    "pass_expiring",
                    {"plate": event.plate, "valid_until": event.valid_until.isoformat()},
                )
            case _:
                return
        self.async_write_ha_state()

    def _passage(self, plate: str, gate_id: str, time: datetime) -> dict[str, str]:
        gate = self.coordinator.data.parking.gate(gate_id)
        return {
            "plate": plate,
            "gate": gate.name if gate is not None else gate_id,
            "gate_id": gate_id,
            "time": time.isoformat(),
        }


def _door_events(coordinator: CommunityCoordinator, door: DoorStation) -> list[DoorEvent]:
    subject = Subject(id=door.id, device=door_device_info(coordinator, door))
    return [DoorEvent(coordinator, DOORBELL, subject), DoorEvent(coordinator, ACCESS, subject)]


def _vehicle_events(coordinator: CommunityCoordinator, vehicle: Vehicle) -> list[VehicleGateEvent]:
    subject = Subject(id=vehicle.id, device=vehicle_device_info(coordinator, vehicle))
    return [VehicleGateEvent(coordinator, GATE_EVENT, subject)]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Notices of the account, events of each door station and of each vehicle."""
    async_add_entities([NoticeEvent(entry.runtime_data, NOTICE, notices(entry.runtime_data))])
    async_add_as_they_appear(entry, async_add_entities, doors, _door_events)
    async_add_as_they_appear(entry, async_add_entities, vehicles, _vehicle_events)
