"""Devices of parking: lots, spaces, areas of a watched lot, vehicles and barrier gates."""

from collections.abc import Iterable

from homeassistant.helpers.device_registry import DeviceInfo

from .community import Gate, ParkingArea, ParkingPlace, ParkingSpace
from .community_data import CommunityState
from .community_entity import MANUFACTURER, device_identifier
from .const import CONF_PLACE_ID, CONF_SPACE_ID, DOMAIN, SUBENTRY_WATCH_LOT
from .coordinator import CommunityCoordinator
from .parking_data import Vehicle


def _device(coordinator: CommunityCoordinator, key: str, name: str, model: str) -> DeviceInfo:
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator, key))},
        name=name,
        manufacturer=MANUFACTURER,
        model=model,
        via_device_id=coordinator.account_device_id,
    )


def lot_device_info(coordinator: CommunityCoordinator, lot: ParkingPlace) -> DeviceInfo:
    """A parking lot: its capacity and free spaces."""
    return _device(coordinator, lot.id, lot.name, "Parking lot")


def space_device_info(
    coordinator: CommunityCoordinator, lot: ParkingPlace, space: ParkingSpace, model: str
) -> DeviceInfo:
    """A space the resident owns, rents or watches."""
    return _device(coordinator, space.id, f"{lot.name} {space.name}", model)


def area_device_info(
    coordinator: CommunityCoordinator, lot: ParkingPlace, area: ParkingArea
) -> DeviceInfo:
    """An area of a watched lot, holding one occupancy sensor per space."""
    return _device(coordinator, area.id, f"{lot.name} {area.name}", "Parking area")


def vehicle_device_info(coordinator: CommunityCoordinator, vehicle: Vehicle) -> DeviceInfo:
    """One of the resident's vehicles, named by its plate."""
    return _device(coordinator, vehicle.id, vehicle.plate, "Vehicle")


def gate_device_info(coordinator: CommunityCoordinator, gate: Gate) -> DeviceInfo:
    """A barrier gate of a lot."""
    return _device(coordinator, gate.id, gate.name, "Barrier gate")


def gates(state: CommunityState) -> Iterable[Gate]:
    """The barrier gates of the account's lots."""
    return state.parking.gates


def parking_device_keys(coordinator: CommunityCoordinator) -> set[str]:
    """The keys of every parking device the account shows now, for stale-device removal."""
    parking = coordinator.data.parking
    entry = coordinator.config_entry
    watched_lots = {
        subentry.data[CONF_PLACE_ID]
        for subentry in entry.subentries.values()
        if subentry.subentry_type == SUBENTRY_WATCH_LOT
    }
    watched_spaces = {
        subentry.data[CONF_SPACE_ID]
        for subentry in entry.subentries.values()
        if CONF_SPACE_ID in subentry.data
    }
    return {
        *(lot.id for lot in parking.lots),
        *(area.id for lot in parking.lots if lot.id in watched_lots for area in lot.areas),
        *(parking.own_space_ids() | watched_spaces),
        *(vehicle.id for vehicle in parking.vehicles()),
        *(gate.id for gate in parking.gates),
    }
