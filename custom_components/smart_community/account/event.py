"""Event entities of a community account: calls, door access, visitors, notices, vehicles.

Every event carries `occurred_at` (the platform's time) and `replayed` (it came while the
stream caught up after a drop), so that an automation can ignore what is no longer news.
"""

from collections.abc import Mapping
from datetime import datetime

from homeassistant.components.event import (
    DoorbellEventType,
    EventDeviceClass,
    EventEntityDescription,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..activity import ActivityEventEntity
from ..community import (
    AccessDenied,
    AnsweredBy,
    AssignedRight,
    CallAnswered,
    CallEnded,
    CallRinging,
    DoorOpened,
    DoorStation,
    Event,
    NoticePublished,
    RightExpiring,
    RightKind,
    SessionEnded,
    SessionStarted,
    VisitorArrived,
)
from .coordinator import VISITORS_KEY, CommunityConfigEntry, CommunityCoordinator
from .devices import account_device_info, door_device_info, vehicle_device_info
from .entity import StreamEntity, Subject, async_add_as_they_appear, doors, notices, vehicles
from .parking import Vehicle

ANSWERED = "answered"
ENDED = "ended"
# Who picked up, as the doorbell's `answered` event says it.
BY_APP = "app"
BY_INDOOR_UNIT = "indoor_unit"
BY_ANOTHER_RESIDENT = "another_resident"

DOORBELL = EventEntityDescription(
    key="doorbell",
    translation_key="doorbell",
    device_class=EventDeviceClass.DOORBELL,
    event_types=[DoorbellEventType.RING, ANSWERED, ENDED],
)
ACCESS = EventEntityDescription(
    key="access", translation_key="access", event_types=["opened", "denied"]
)
VISITOR = EventEntityDescription(
    key="visitor",
    translation_key="visitor",
    event_types=["arrived", "vehicle_entered", "vehicle_exited"],
)
NOTICE = EventEntityDescription(key="notice", translation_key="notice", event_types=["published"])
GATE_EVENT = EventEntityDescription(
    key="gate",
    translation_key="vehicle_gate",
    event_types=["entered", "exited", "pass_expiring"],
)


class CommunityEvent(StreamEntity, ActivityEventEntity):
    """An event entity fed by the community's event stream."""

    @callback
    def _fire_for(self, event: Event, event_type: str, attributes: Mapping[str, object]) -> None:
        self._fire(event_type, attributes, occurred_at=event.time, replayed=event.replayed)


class DoorEvent(CommunityEvent):
    """Calls and access at one door station, as the community's event stream reports them."""

    @callback
    def _on_event(self, event: Event) -> None:
        match self.entity_description.key, event:
            # Calls to homes the resident does not show are not theirs.
            case "doorbell", CallRinging() | CallAnswered() | CallEnded() if (
                event.home_id not in self.coordinator.data.door_homes.get(self._subject, ())
            ):
                return
            case "doorbell", CallRinging():
                self._fire_for(
                    event,
                    DoorbellEventType.RING,
                    {"call_id": event.call_id, "home_id": event.home_id},
                )
            case "doorbell", CallAnswered():
                self._fire_for(
                    event,
                    ANSWERED,
                    {
                        "call_id": event.call_id,
                        "home_id": event.home_id,
                        "answered_by": self._answered_by(event),
                    },
                )
            case "doorbell", CallEnded():
                self._fire_for(
                    event,
                    ENDED,
                    {"call_id": event.call_id, "home_id": event.home_id, "reason": event.reason},
                )
            case "access", DoorOpened(person=person):
                self._fire_for(
                    event,
                    "opened",
                    {"method": event.method, "person": person.name if person else None},
                )
            case "access", AccessDenied():
                self._fire_for(event, "denied", {"method": event.method, "reason": event.reason})

    def _answered_by(self, event: CallAnswered) -> str:
        if event.answered_by is AnsweredBy.INDOOR_UNIT:
            return BY_INDOOR_UNIT
        mine = self.coordinator.data.account.resident.id
        return BY_APP if event.resident_id in (None, mine) else BY_ANOTHER_RESIDENT


class VisitorEvent(CommunityEvent):
    """Fires when a visitor of a shown home arrives: by pass at a door, or by car on a permit.

    The car's plate stays out of it (plates of others never reach a state): the permit
    says which visitor it is.
    """

    @callback
    def _on_event(self, event: Event) -> None:
        state = self.coordinator.data
        match event:
            case VisitorArrived() if any(home.id == event.home_id for home in state.homes):
                door = state.doors.get(event.door_id)
                self._fire_for(
                    event,
                    "arrived",
                    {
                        "visitor_name": event.visitor_name,
                        "door": door.name if door is not None else event.door_id,
                        "door_id": event.door_id,
                        "pass_id": event.pass_id,
                        "home_id": event.home_id,
                    },
                )
            case SessionStarted() | SessionEnded() if (
                permit := self._permit(event.right_id)
            ) is not None:
                gate = state.parking.gate(event.gate_id)
                self._fire_for(
                    event,
                    "vehicle_entered" if isinstance(event, SessionStarted) else "vehicle_exited",
                    {
                        "permit_id": permit.id,
                        "gate": gate.name if gate is not None else event.gate_id,
                        "gate_id": event.gate_id,
                        "home_id": permit.home_id,
                    },
                )

    def _permit(self, right_id: str | None) -> AssignedRight | None:
        """A visitor permit of a shown home, as the last read knows it."""
        parking = self.coordinator.data.parking
        return next(
            (
                right
                for right in parking.rights
                if right.id == right_id
                and right.kind is RightKind.VISITOR_PERMIT
                and right.home_id in parking.home_ids
            ),
            None,
        )


class NoticeEvent(CommunityEvent):
    """Fires when the community publishes a notice."""

    @callback
    def _on_event(self, event: Event) -> None:
        if isinstance(event, NoticePublished):
            self._fire_for(
                event,
                "published",
                {
                    "title": event.title,
                    "body": event.body,
                    "category": event.category,
                    "important": event.important,
                },
            )


class VehicleGateEvent(CommunityEvent):
    """Fires when one of the resident's vehicles passes a barrier, or its pass runs out soon.

    Only that vehicle's events reach it, so the plate it shows is the resident's own.
    """

    @callback
    def _on_event(self, event: Event) -> None:
        match event:
            case SessionStarted():
                self._fire_for(
                    event, "entered", self._passage(event.plate, event.gate_id, event.actual_start)
                )
            case SessionEnded():
                self._fire_for(
                    event, "exited", self._passage(event.plate, event.gate_id, event.actual_end)
                )
            case RightExpiring(kind=RightKind.MONTHLY_PASS):
                self._fire_for(
                    event,
                    "pass_expiring",
                    {"plate": event.plate, "valid_until": event.valid_until.isoformat()},
                )

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
    """Notices and visitors of the account, events of each door station and of each vehicle."""
    coordinator = entry.runtime_data
    visitors = Subject(
        id=VISITORS_KEY, device=account_device_info(coordinator), keys=(VISITORS_KEY,)
    )
    async_add_entities(
        [
            NoticeEvent(coordinator, NOTICE, notices(coordinator)),
            VisitorEvent(coordinator, VISITOR, visitors),
        ]
    )
    async_add_as_they_appear(entry, async_add_entities, doors, _door_events)
    async_add_as_they_appear(entry, async_add_entities, vehicles, _vehicle_events)
