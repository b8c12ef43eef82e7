"""Sensors of a community account: notices, calls at the doors, lots and the resident's cars."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..community import DoorStation, ParkingArea, ParkingPlace
from .coordinator import CommunityConfigEntry, CommunityCoordinator
from .devices import door_device_info, lot_device_info, vehicle_device_info
from .entity import (
    SnapshotEntity,
    Subject,
    async_add_as_they_appear,
    doors,
    lots,
    notices,
    vehicles,
)
from .parking import Vehicle
from .state import CallStatus, CommunityState

# Past these sizes a lot has too many areas for every count to be useful by default.
LONG_AREA_LIST = 10
LARGE_LOT = 500
PARKED = "parked"
AWAY = "away"

type Attributes = Mapping[str, object] | None


@dataclass(frozen=True, kw_only=True)
class AccountSensorDescription(SensorEntityDescription):
    """A sensor and how it reads its subject (a lot, an area, a vehicle) from the snapshot."""

    value_fn: Callable[[CommunityState, str], StateType | datetime]
    attrs_fn: Callable[[CommunityState, str], Attributes] = lambda _state, _subject: None


class AccountSensor(SnapshotEntity, SensorEntity):
    """A sensor of the account, as the snapshot says."""

    entity_description: AccountSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The value of the subject now."""
        return self.entity_description.value_fn(self.coordinator.data, self._subject)

    @property
    def extra_state_attributes(self) -> Attributes:
        """Details of the subject now."""
        return self.entity_description.attrs_fn(self.coordinator.data, self._subject)


def _notice_attributes(state: CommunityState, _subject: str) -> Attributes:
    notice = state.latest_notice
    if notice is None:
        return None
    return {"body": notice.body, "category": notice.category, "important": notice.important}


LATEST_NOTICE = AccountSensorDescription(
    key="latest_notice",
    translation_key="latest_notice",
    value_fn=lambda state, _: None if state.latest_notice is None else state.latest_notice.title,
    attrs_fn=_notice_attributes,
)


def _call_status(state: CommunityState, door_id: str) -> str:
    call = state.calls.get(door_id)
    return (call.status if call is not None else CallStatus.IDLE).value


CALL_STATE = AccountSensorDescription(
    key="call_state",
    translation_key="call_state",
    device_class=SensorDeviceClass.ENUM,
    options=[status.value for status in CallStatus],
    value_fn=_call_status,
)


def _door_sensors(coordinator: CommunityCoordinator, door: DoorStation) -> list[AccountSensor]:
    subject = Subject(id=door.id, device=door_device_info(coordinator, door))
    return [AccountSensor(coordinator, CALL_STATE, subject)]


def _lot_figure(
    figure: Callable[[int, int], float],
) -> Callable[[CommunityState, str], float | None]:
    def value(state: CommunityState, lot_id: str) -> float | None:
        lot = state.parking.lot_occupancy.get(lot_id)
        return None if lot is None else figure(lot.capacity, lot.free)

    return value


def _occupancy(capacity: int, free: int) -> float:
    return round(100 * (capacity - free) / capacity, 1) if capacity else 0.0


LOT_SENSORS = (
    AccountSensorDescription(
        key="free_spaces",
        translation_key="free_spaces",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_lot_figure(lambda _capacity, free: free),
    ),
    AccountSensorDescription(
        key="occupancy",
        translation_key="lot_occupancy",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=_lot_figure(_occupancy),
    ),
    AccountSensorDescription(
        key="capacity",
        translation_key="lot_capacity",
        value_fn=_lot_figure(lambda capacity, _free: capacity),
    ),
)


def _area(state: CommunityState, area_id: str) -> ParkingArea | None:
    return next(
        (area for lot in state.parking.lots for area in lot.areas if area.id == area_id), None
    )


def _area_free(state: CommunityState, area_id: str) -> int | None:
    if (area := _area(state, area_id)) is None:
        return None
    occupancy = state.parking.space_occupancy
    return sum(
        1 for space in area.spaces if (seen := occupancy.get(space.id)) is None or not seen.occupied
    )


def _area_sensor(
    coordinator: CommunityCoordinator, lot: ParkingPlace, area: ParkingArea
) -> AccountSensor:
    """Free spaces in one area, on its lot's device; it follows its own spaces, no others."""
    description = AccountSensorDescription(
        key=f"{area.id}_free_spaces",
        translation_key="area_free_spaces",
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=(
            len(lot.areas) <= LONG_AREA_LIST and lot.capacity <= LARGE_LOT
        ),
        value_fn=_area_free,
    )
    subject = Subject(
        id=area.id,
        device=lot_device_info(coordinator, lot),
        device_key=lot.id,
        keys=tuple(space.id for space in area.spaces),
        placeholders={"area": area.name},
    )
    return AccountSensor(coordinator, description, subject)


def _lot_sensors(coordinator: CommunityCoordinator, lot: ParkingPlace) -> list[AccountSensor]:
    subject = Subject(id=lot.id, device=lot_device_info(coordinator, lot))
    return [
        *(AccountSensor(coordinator, description, subject) for description in LOT_SENSORS),
        *(_area_sensor(coordinator, lot, area) for area in lot.areas),
    ]


def _vehicle(state: CommunityState, vehicle_id: str) -> Vehicle | None:
    return next((v for v in state.parking.vehicles() if v.id == vehicle_id), None)


def _status(state: CommunityState, vehicle_id: str) -> str:
    where = state.parking.whereabouts.get(vehicle_id)
    return PARKED if where is not None and where.parked else AWAY


def _status_attributes(state: CommunityState, vehicle_id: str) -> Attributes:
    """The resident's own plate, the lot and since when."""
    vehicle = _vehicle(state, vehicle_id)
    where = state.parking.whereabouts.get(vehicle_id)
    lot = None
    if where is not None and where.place_id is not None:
        place = state.parking.lot(where.place_id)
        lot = place.name if place is not None else where.place_id
    return {
        "plate": vehicle.plate if vehicle is not None else None,
        "lot": lot,
        "since": where.since.isoformat() if where is not None and where.since else None,
    }


def _pass_expiry(state: CommunityState, vehicle_id: str) -> datetime | None:
    vehicle = _vehicle(state, vehicle_id)
    return None if vehicle is None else state.parking.pass_expiry(vehicle.plate)


VEHICLE_SENSORS = (
    AccountSensorDescription(
        key="parking_status",
        translation_key="parking_status",
        device_class=SensorDeviceClass.ENUM,
        options=[PARKED, AWAY],
        value_fn=_status,
        attrs_fn=_status_attributes,
    ),
    AccountSensorDescription(
        key="pass_expiry",
        translation_key="pass_expiry",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_pass_expiry,
    ),
)


def _vehicle_sensors(coordinator: CommunityCoordinator, vehicle: Vehicle) -> list[AccountSensor]:
    subject = Subject(id=vehicle.id, device=vehicle_device_info(coordinator, vehicle))
    return [AccountSensor(coordinator, description, subject) for description in VEHICLE_SENSORS]


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The latest notice, each door's call, each lot's figures, and the resident's vehicles."""
    async_add_entities(
        [AccountSensor(entry.runtime_data, LATEST_NOTICE, notices(entry.runtime_data))]
    )
    async_add_as_they_appear(entry, async_add_entities, doors, _door_sensors)
    async_add_as_they_appear(entry, async_add_entities, lots, _lot_sensors)
    async_add_as_they_appear(entry, async_add_entities, vehicles, _vehicle_sensors)
