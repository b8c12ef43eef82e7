"""The devices of a community account: the account, its doors and homes, and parking."""

from homeassistant.config_entries import ConfigEntry
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from ..community import DoorStation, Gate, Home, ParkingArea, ParkingPlace, ParkingSpace
from ..const import CONF_PLACE_ID, CONF_SPACE_ID, DOMAIN, SUBENTRY_WATCH_LOT
from .coordinator import CommunityCoordinator
from .parking import Vehicle

MANUFACTURER = "Smart Community"


def device_identifier(coordinator: CommunityCoordinator, key: str | None = None) -> str:
    """The device identifier of the account (key None) or of one of its doors, homes, places.

    Two residents of one community share door stations; prefixing the account keeps each
    resident's devices apart, since a device belongs to one config entry.
    """
    return entry_device_identifier(coordinator.config_entry, key)


def entry_device_identifier(entry: ConfigEntry, key: str | None = None) -> str:
    """`device_identifier` of an entry, loaded or not."""
    account = entry.unique_id or entry.entry_id
    return account if key is None else f"{account}_{key}"


def account_device_info(coordinator: CommunityCoordinator) -> DeviceInfo:
    """The community platform account, parent of every other device."""
    account = coordinator.data.account
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator))},
        name=account.community.name,
        manufacturer=MANUFACTURER,
        model=account.platform.name,
        sw_version=".".join(map(str, account.platform.api_version)),
        entry_type=DeviceEntryType.SERVICE,
        configuration_url=coordinator.client.url(""),
    )


def door_device_info(coordinator: CommunityCoordinator, door: DoorStation) -> DeviceInfo:
    """A door station of a gate or a building entrance."""
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator, door.id))},
        name=door.name,
        manufacturer=door.manufacturer,
        model=door.model,
        sw_version=door.firmware_version,
        via_device_id=coordinator.account_device_id,
    )


def _device(coordinator: CommunityCoordinator, key: str, name: str, model: str) -> DeviceInfo:
    return DeviceInfo(
        identifiers={(DOMAIN, device_identifier(coordinator, key))},
        name=name,
        manufacturer=MANUFACTURER,
        model=model,
        via_device_id=coordinator.account_device_id,
    )


def home_device_info(coordinator: CommunityCoordinator, home: Home) -> DeviceInfo:
    """One of the resident's homes (its elevator call lives here)."""
    return _device(coordinator, home.id, home.name, "Home")


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
    """One of the resident's own vehicles, named by its plate (theirs to see)."""
    return _device(coordinator, vehicle.id, vehicle.plate, "Vehicle")


def gate_device_info(coordinator: CommunityCoordinator, gate: Gate) -> DeviceInfo:
    """A barrier gate of a lot."""
    return _device(coordinator, gate.id, gate.name, "Barrier gate")


def device_keys(coordinator: CommunityCoordinator) -> set[str]:
    """The keys of every device the account shows now, for stale-device removal."""
    state = coordinator.data
    parking = state.parking
    subentries = coordinator.config_entry.subentries.values()
    watched_lots = {
        subentry.data[CONF_PLACE_ID]
        for subentry in subentries
        if subentry.subentry_type == SUBENTRY_WATCH_LOT
    }
    watched_spaces = {
        subentry.data[CONF_SPACE_ID] for subentry in subentries if CONF_SPACE_ID in subentry.data
    }
    return {
        *state.doors,
        *(home.id for home in state.homes),
        *(lot.id for lot in parking.lots),
        *(area.id for lot in parking.lots if lot.id in watched_lots for area in lot.areas),
        *(parking.own_space_ids() | watched_spaces),
        *(vehicle.id for vehicle in parking.vehicles()),
        *(gate.id for gate in parking.gates),
    }
