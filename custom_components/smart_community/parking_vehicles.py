"""A vehicle's entities: its passages through the gates, where it is, when its pass ends."""

from datetime import datetime

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.core import callback

from .community import Event, RightExpiring, RightKind, SessionEnded, SessionStarted
from .community_data import CommunityState
from .community_entity import CommunityEntity, StreamEntity
from .coordinator import CommunityCoordinator
from .parking_data import Vehicle
from .parking_devices import vehicle_device_info

PARKED = "parked"
AWAY = "away"

GATE_EVENT = EventEntityDescription(
    key="gate",
    translation_key="vehicle_gate",
    event_types=["entered", "exited", "pass_expiring"],
)
PARKING_STATUS = SensorEntityDescription(
    key="parking_status",
    translation_key="parking_status",
    device_class=SensorDeviceClass.ENUM,
    options=[PARKED, AWAY],
)
PASS_EXPIRY = SensorEntityDescription(
    key="pass_expiry",
    translation_key="pass_expiry",
    device_class=SensorDeviceClass.TIMESTAMP,
)


class VehicleEntity(StreamEntity):
    """An entity of one of the resident's vehicles; only that vehicle's events reach it."""

    def __init__(
        self,
        coordinator: CommunityCoordinator,
        vehicle: Vehicle,
        description: EventEntityDescription | SensorEntityDescription,
    ) -> None:
        """Belong to the vehicle's device."""
        super().__init__(
            coordinator, vehicle.id, description, vehicle_device_info(coordinator, vehicle)
        )
        self._event_key = vehicle.id
        self._plate = vehicle.plate

    def _gate_name(self, gate_id: str) -> str:
        gate = self.coordinator.data.parking.gate(gate_id)
        return gate.name if gate is not None else gate_id

    def _lot_name(self, place_id: str) -> str:
        lot = self.coordinator.data.parking.lot(place_id)
        return lot.name if lot is not None else place_id


class VehicleGateEvent(VehicleEntity, EventEntity):
    """Fires when the vehicle enters or leaves through a barrier, or its pass runs out soon."""

    @callback
    def _on_event(self, event: Event) -> None:
        match event:
            case SessionStarted():
                self._trigger_event("entered", self._passage(event.gate_id, event.actual_start))
            case SessionEnded():
                self._trigger_event("exited", self._passage(event.gate_id, event.actual_end))
            case RightExpiring(kind=RightKind.MONTHLY_PASS):
                self._trigger_event(
                    "pass_expiring",
                    {"plate": self._plate, "valid_until": event.valid_until.isoformat()},
                )
            case _:
                return
        self.async_write_ha_state()

    def _passage(self, gate_id: str, time: datetime) -> dict[str, str]:
        return {
            "plate": self._plate,
            "gate": self._gate_name(gate_id),
            "gate_id": gate_id,
            "time": time.isoformat(),
        }


class ParkingStatus(VehicleEntity, SensorEntity):
    """Parked or away, with the lot and since when."""

    def __init__(self, coordinator: CommunityCoordinator, vehicle: Vehicle) -> None:
        """Where the vehicle is, as its latest session says."""
        super().__init__(coordinator, vehicle, PARKING_STATUS)
        self._read_refresh()

    def _read_refresh(self) -> None:
        session = self.coordinator.data.parking.latest_session(self._plate)
        if session is None:
            self._attr_native_value = AWAY
            self._attr_extra_state_attributes = {"plate": self._plate, "lot": None, "since": None}
            return
        if session.actual_end is None:
            self._show(True, session.place_id, session.actual_start.isoformat())
        else:
            self._show(False, session.place_id, session.actual_end.isoformat())

    def _show(self, inside: bool, place_id: str, since: str) -> None:
        self._attr_native_value = PARKED if inside else AWAY
        self._attr_extra_state_attributes = {
            "plate": self._plate,
            "lot": self._lot_name(place_id),
            "since": since,
        }

    @callback
    def _on_event(self, event: Event) -> None:
        match event:
            case SessionStarted():
                self._show(True, event.place_id, event.actual_start.isoformat())
            case SessionEnded():
                self._show(False, event.place_id, event.actual_end.isoformat())
            case _:
                return
        self.async_write_ha_state()


class PassExpiry(CommunityEntity, SensorEntity):
    """When the vehicle's monthly pass ends, as read at the last refresh."""

    def __init__(self, coordinator: CommunityCoordinator, vehicle: Vehicle) -> None:
        """The pass expiry of one vehicle."""
        super().__init__(
            coordinator, vehicle.id, PASS_EXPIRY, vehicle_device_info(coordinator, vehicle)
        )
        self._plate = vehicle.plate
        self._read_refresh()

    def _read_refresh(self) -> None:
        self._attr_native_value = self.coordinator.data.parking.pass_expiry(self._plate)


def vehicles(state: CommunityState) -> tuple[Vehicle, ...]:
    """The resident's vehicles."""
    return state.parking.vehicles()


def vehicle_sensors(coordinator: CommunityCoordinator, vehicle: Vehicle) -> list[SensorEntity]:
    """A vehicle's status and pass expiry."""
    return [ParkingStatus(coordinator, vehicle), PassExpiry(coordinator, vehicle)]


def vehicle_events(coordinator: CommunityCoordinator, vehicle: Vehicle) -> list[EventEntity]:
    """A vehicle's gate event."""
    return [VehicleGateEvent(coordinator, vehicle, GATE_EVENT)]
