"""What a community account knows about parking, read in one go, and how its events change it.

Plates are personal data. The resident's own vehicles (those with a monthly pass of a shown
home) are theirs to see: their devices are named by plate, and their entities show it. Every
other plate (visitor permits, cars passing the gates or standing on watched spaces) stays in
the snapshot only, for diagnostics, which redact it; it never reaches a state, an id, a
registry, a repair or a log.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
import hashlib
from typing import Any

from ..community import (
    AssignedRight,
    CommunityClient,
    Event,
    Gate,
    Home,
    LotOccupancy,
    OccupancyChanged,
    ParkingArea,
    ParkingPlace,
    ParkingSession,
    ParkingSpace,
    RightExpiring,
    RightKind,
    RightStatus,
    SessionEnded,
    SessionStarted,
    SpaceOccupancy,
)
from .layered import LayeredMapping

# The subscription key of the handler that raises a repair when a pass runs out.
RIGHTS_KEY = "parking_rights"
# Enough history to know where each of the resident's vehicles is.
SESSIONS_READ = 50


def vehicle_key(plate: str) -> str:
    """A vehicle's key: a hash, so that no plate is an id or a subscription key."""
    return "vehicle-" + hashlib.sha256(plate.encode()).hexdigest()[:12]


def parking_event_keys(event: Event) -> tuple[str, ...]:
    """Every subscription key a parking event concerns; empty for other events.

    A space change concerns the space and its lot (areas subscribe to their spaces' keys);
    a session or an expiring pass concerns one vehicle.
    """
    match event:
        case OccupancyChanged():
            return (event.space_id, event.place_id)
        case SessionStarted() | SessionEnded():
            return (vehicle_key(event.plate),)
        case RightExpiring():
            return (vehicle_key(event.plate), RIGHTS_KEY)
    return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Vehicle:
    """A vehicle the resident holds a monthly pass for."""

    id: str
    plate: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Whereabouts:
    """Where one of the resident's vehicles is: parked in a lot since, or away since."""

    parked: bool
    place_id: str | None
    since: datetime | None


AWAY = Whereabouts(parked=False, place_id=None, since=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingSnapshot:
    """Lots, occupancy, rights and gates, and where the resident's vehicles are.

    Sessions and rights are as read at the last refresh; occupancy and whereabouts follow
    the events.
    """

    lots: tuple[ParkingPlace, ...]
    spaces: Mapping[str, tuple[ParkingPlace, ParkingSpace]]
    lot_occupancy: Mapping[str, LotOccupancy]
    space_occupancy: LayeredMapping[str, SpaceOccupancy]
    sessions: tuple[ParkingSession, ...]
    rights: tuple[AssignedRight, ...]
    gates: tuple[Gate, ...]
    home_ids: frozenset[str]
    whereabouts: Mapping[str, Whereabouts]

    def lot(self, place_id: str) -> ParkingPlace | None:
        """The lot of that id."""
        return next((lot for lot in self.lots if lot.id == place_id), None)

    def all_spaces(self) -> Iterable[tuple[ParkingPlace, ParkingArea, ParkingSpace]]:
        """Every space of every lot, with its lot and area."""
        for lot in self.lots:
            for area in lot.areas:
                for space in area.spaces:
                    yield lot, area, space

    def _passes(self) -> Iterable[AssignedRight]:
        return _passes(self.rights, self.home_ids)

    def own_space_ids(self) -> frozenset[str]:
        """Spaces a shown home owns or rents, or that a monthly pass names."""
        assigned = {
            space_id
            for space_id, (_, space) in self.spaces.items()
            if space.assigned_home_id in self.home_ids
        }
        return frozenset(assigned | {r.space_id for r in self._passes() if r.space_id})

    def vehicles(self) -> tuple[Vehicle, ...]:
        """The resident's vehicles: those with a monthly pass, each plate once."""
        return _vehicles(self.rights, self.home_ids)

    def pass_expiry(self, plate: str) -> datetime | None:
        """When the vehicle's latest monthly pass ends."""
        return max((r.valid_until for r in self._passes() if r.plate == plate), default=None)

    def gate(self, gate_id: str) -> Gate | None:
        """The gate of that id."""
        return next((gate for gate in self.gates if gate.id == gate_id), None)


def _passes(rights: Iterable[AssignedRight], home_ids: frozenset[str]) -> Iterable[AssignedRight]:
    return (
        right
        for right in rights
        if right.kind is RightKind.MONTHLY_PASS
        and right.home_id in home_ids
        and right.status is RightStatus.ACTIVE
    )


def _vehicles(rights: Iterable[AssignedRight], home_ids: frozenset[str]) -> tuple[Vehicle, ...]:
    plates = dict.fromkeys(right.plate for right in _passes(rights, home_ids))
    return tuple(Vehicle(id=vehicle_key(plate), plate=plate) for plate in plates)


def _whereabouts(session: ParkingSession | None) -> Whereabouts:
    if session is None:
        return AWAY
    if session.actual_end is None:
        return Whereabouts(parked=True, place_id=session.place_id, since=session.actual_start)
    return Whereabouts(parked=False, place_id=session.place_id, since=session.actual_end)


async def read_parking(client: CommunityClient, homes: Iterable[Home]) -> ParkingSnapshot:
    """Read everything parking of the account (the caller maps the client's errors)."""
    lots = await client.get_parking_places()
    occupancy = await client.get_occupancy()
    sessions = await client.get_parking_sessions(limit=SESSIONS_READ)
    rights = await client.get_parking_rights()
    home_ids = frozenset(home.id for home in homes)
    return ParkingSnapshot(
        lots=lots,
        spaces={
            space.id: (lot, space) for lot in lots for area in lot.areas for space in area.spaces
        },
        lot_occupancy={lot.place_id: lot for lot in occupancy.lots},
        space_occupancy=LayeredMapping({space.space_id: space for space in occupancy.spaces}),
        sessions=sessions,
        rights=rights,
        gates=await client.get_gates(),
        home_ids=home_ids,
        # Sessions are read newest first: a vehicle's first one is where it is.
        whereabouts={
            vehicle.id: _whereabouts(
                next((session for session in sessions if session.plate == vehicle.plate), None)
            )
            for vehicle in _vehicles(rights, home_ids)
        },
    )


def fold_parking(parking: ParkingSnapshot, event: Event) -> ParkingSnapshot | None:
    """The snapshot after a parking event, or None when the event changes nothing shown."""
    match event:
        case OccupancyChanged():
            lot = LotOccupancy(
                place_id=event.place_id,
                capacity=event.lot_occupied + event.lot_free,
                occupied=event.lot_occupied,
                free=event.lot_free,
                detection_update_time=event.detection_update_time,
            )
            space = SpaceOccupancy(
                space_id=event.space_id,
                occupied=event.occupied,
                detection_update_time=event.detection_update_time,
            )
            return replace(
                parking,
                lot_occupancy={**parking.lot_occupancy, lot.place_id: lot},
                space_occupancy=parking.space_occupancy.with_item(space.space_id, space),
            )
        case SessionStarted() | SessionEnded() if (
            key := vehicle_key(event.plate)
        ) in parking.whereabouts:
            if isinstance(event, SessionStarted):
                now = Whereabouts(parked=True, place_id=event.place_id, since=event.actual_start)
            else:
                now = Whereabouts(parked=False, place_id=event.place_id, since=event.actual_end)
            return replace(parking, whereabouts={**parking.whereabouts, key: now})
    return None


def parking_diagnostics(parking: ParkingSnapshot) -> dict[str, Any]:
    """Sizes rather than every space; rights and sessions whole, their plates to be redacted."""
    return {
        "lots": [
            {
                "id": lot.id,
                "capacity": lot.capacity,
                "areas": {area.id: len(area.spaces) for area in lot.areas},
            }
            for lot in parking.lots
        ],
        "lot_occupancy": [asdict(lot) for lot in parking.lot_occupancy.values()],
        "own_spaces": sorted(parking.own_space_ids()),
        "rights": [asdict(right) for right in parking.rights],
        "sessions": [asdict(session) for session in parking.sessions],
        "gates": [asdict(gate) for gate in parking.gates],
    }
