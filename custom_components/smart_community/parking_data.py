"""What a community account knows about parking, read in one go, and how its events are keyed."""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
import hashlib
from typing import Any

from .community import (
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

# The subscription key of the handler that raises a repair when a pass runs out.
RIGHTS_KEY = "parking_rights"
# Enough history to know where each of the resident's vehicles is.
SESSIONS_READ = 50


def vehicle_key(plate: str) -> str:
    """A vehicle's key: a hash, so that plates never end up in ids, registries or logs."""
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


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A vehicle the resident holds a monthly pass for."""

    id: str
    plate: str


@dataclass(frozen=True, slots=True)
class ParkingSnapshot:
    """Lots, occupancy, sessions, rights and gates as read at the last refresh."""

    lots: tuple[ParkingPlace, ...]
    spaces: Mapping[str, tuple[ParkingPlace, ParkingSpace]]
    lot_occupancy: Mapping[str, LotOccupancy]
    space_occupancy: Mapping[str, SpaceOccupancy]
    sessions: tuple[ParkingSession, ...]
    rights: tuple[AssignedRight, ...]
    gates: tuple[Gate, ...]
    home_ids: frozenset[str]

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
        return (
            right
            for right in self.rights
            if right.kind is RightKind.MONTHLY_PASS
            and right.home_id in self.home_ids
            and right.status is RightStatus.ACTIVE
        )

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
        plates = dict.fromkeys(right.plate for right in self._passes())
        return tuple(Vehicle(vehicle_key(plate), plate) for plate in plates)

    def pass_expiry(self, plate: str) -> datetime | None:
        """When the vehicle's latest monthly pass ends."""
        return max((r.valid_until for r in self._passes() if r.plate == plate), default=None)

    def latest_session(self, plate: str) -> ParkingSession | None:
        """The vehicle's most recent stay (sessions are read newest first)."""
        return next((session for session in self.sessions if session.plate == plate), None)

    def gate(self, gate_id: str) -> Gate | None:
        """The gate of that id."""
        return next((gate for gate in self.gates if gate.id == gate_id), None)


async def read_parking(client: CommunityClient, homes: Iterable[Home]) -> ParkingSnapshot:
    """Read everything parking of the account (the caller maps the client's errors)."""
    lots = await client.get_parking_places()
    occupancy = await client.get_occupancy()
    return ParkingSnapshot(
        lots=lots,
        spaces={
            space.id: (lot, space) for lot in lots for area in lot.areas for space in area.spaces
        },
        lot_occupancy={lot.place_id: lot for lot in occupancy.lots},
        space_occupancy={space.space_id: space for space in occupancy.spaces},
        sessions=await client.get_parking_sessions(limit=SESSIONS_READ),
        rights=await client.get_parking_rights(),
        gates=await client.get_gates(),
        home_ids=frozenset(home.id for home in homes),
    )


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
