"""The community's door stations: which homes each serves, and stations added or removed live."""

from collections.abc import Sequence
from dataclasses import dataclass

from . import seed
from .records import DoorRecord
from .state import State
from .wire import ApiError, invalid, not_found

_KINDS = ("gate", "lobby")
_RELEASES = ("momentary", "latch")
_MAX_ID = 64


@dataclass(frozen=True, slots=True)
class NewDoor:
    """What the property tells the platform about a station it installs."""

    name: str
    home_ids: Sequence[str]
    kind: str = "gate"
    release: str = "momentary"
    capabilities: Sequence[str] = ("open", "snapshot")
    location: str = ""
    model: str = "FaceGate F6"
    manufacturer: str = seed.DOOR_MANUFACTURER
    firmware_version: str = "3.2.1"
    door_id: str | None = None


def door(state: State, door_id: str) -> DoorRecord:
    """A door station by id, or 404."""
    station = state.doors.get(door_id)
    if station is None:
        raise not_found("door station")
    return station


def doors_for_home(state: State, resident_id: str, home_id: str) -> list[dict[str, object]]:
    """The DoorStation list of a home."""
    home = state.home(resident_id, home_id)
    return [
        station.to_wire(state.online(station.id))
        for station in state.doors.values()
        if home.id in station.home_ids
    ]


def _one_of(value: str, allowed: Sequence[str], key: str) -> str:
    if value not in allowed:
        raise invalid(f"{key} must be one of {', '.join(allowed)}.")
    return value


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def add_door(state: State, new: NewDoor) -> dict[str, str]:
    """Install a door station serving some homes (control API); it starts online."""
    if not new.name:
        raise invalid("name must not be empty.")
    if not new.home_ids:
        raise invalid("home_ids must name at least one home.")
    known_homes = {home.id for home in seed.HOMES}
    if not set(new.home_ids) <= known_homes:
        raise not_found("home")
    kind = _one_of(new.kind, _KINDS, "kind")
    release = _one_of(new.release, _RELEASES, "release")
    for capability in new.capabilities:
        _one_of(capability, seed.KNOWN_CAPABILITIES, "capabilities")
    if new.door_id is not None:
        if not 1 <= len(new.door_id) <= _MAX_ID:
            raise invalid(f"id must have 1 to {_MAX_ID} characters.")
        if new.door_id in state.devices:
            raise ApiError(409, "conflict", "A device with this id exists.")
    with state.change():
        door_id = new.door_id
        while door_id is None or door_id in state.devices:
            door_id = state.next_id("door")
        station = DoorRecord(
            id=door_id,
            name=new.name,
            location=new.location,
            model=new.model,
            manufacturer=new.manufacturer,
            firmware_version=new.firmware_version,
            kind=kind,
            release=release,
            capabilities=_unique(new.capabilities),
            home_ids=_unique(new.home_ids),
        )
        state.put_door(station)
    return {"door_id": station.id}


def remove_door(state: State, door_id: str) -> None:
    """Decommission a door station (control API); its id answers 404 from now on."""
    station = door(state, door_id)
    with state.change():
        state.remove_door(station.id)
