"""Wire models of parking, named after the APDS core data model (ISO/TS 5206-1)."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .fields import Fields


class RightKind(StrEnum):
    """What an assigned right is."""

    MONTHLY_PASS = "monthly_pass"  # noqa: S105 - a kind, not a secret
    VISITOR_PERMIT = "visitor_permit"


class RightStatus(StrEnum):
    """Whether an assigned right lets its vehicle in."""

    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class GateDirection(StrEnum):
    """Which way a barrier lets vehicles pass."""

    ENTRY = "entry"
    EXIT = "exit"


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingSpace:
    """One space; assigned_home_id is set when a home owns or rents it."""

    id: str
    name: str
    area_id: str
    assigned_home_id: str | None

    @classmethod
    def parse(cls, fields: Fields) -> ParkingSpace:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            area_id=fields.identifier("area_id"),
            assigned_home_id=fields.optional_identifier("assigned_home_id"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingArea:
    """A part of a lot (APDS identifiedArea)."""

    id: str
    name: str
    capacity: int
    spaces: tuple[ParkingSpace, ...]

    @classmethod
    def parse(cls, fields: Fields) -> ParkingArea:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            capacity=fields.integer("capacity", minimum=0),
            spaces=fields.items("spaces", ParkingSpace.parse),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingPlace:
    """A parking lot (APDS parkingPlace)."""

    id: str
    name: str
    capacity: int
    areas: tuple[ParkingArea, ...]

    @classmethod
    def parse(cls, fields: Fields) -> ParkingPlace:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            capacity=fields.integer("capacity", minimum=0),
            areas=fields.items("areas", ParkingArea.parse),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LotOccupancy:
    """How full a lot is."""

    place_id: str
    capacity: int
    occupied: int
    free: int
    detection_update_time: datetime

    @classmethod
    def parse(cls, fields: Fields) -> LotOccupancy:
        """Read from the wire."""
        return cls(
            place_id=fields.identifier("place_id"),
            capacity=fields.integer("capacity", minimum=0),
            occupied=fields.integer("occupied", minimum=0),
            free=fields.integer("free", minimum=0),
            detection_update_time=fields.time("detection_update_time"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SpaceOccupancy:
    """Whether a space's sensor sees a vehicle."""

    space_id: str
    occupied: bool
    detection_update_time: datetime

    @classmethod
    def parse(cls, fields: Fields) -> SpaceOccupancy:
        """Read from the wire."""
        return cls(
            space_id=fields.identifier("space_id"),
            occupied=fields.flag("occupied"),
            detection_update_time=fields.time("detection_update_time"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Occupancy:
    """GET /v1/parking/occupancy."""

    lots: tuple[LotOccupancy, ...]
    spaces: tuple[SpaceOccupancy, ...]

    @classmethod
    def parse(cls, fields: Fields) -> Occupancy:
        """Read from the wire."""
        return cls(
            lots=fields.items("lots", LotOccupancy.parse),
            spaces=fields.items("spaces", SpaceOccupancy.parse),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingSession:
    """A vehicle's stay, from entry to exit (APDS Session)."""

    id: str
    plate: str
    place_id: str
    entry_gate_id: str
    exit_gate_id: str | None
    actual_start: datetime
    actual_end: datetime | None
    right_id: str | None

    @classmethod
    def parse(cls, fields: Fields) -> ParkingSession:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            plate=fields.identifier("plate"),
            place_id=fields.identifier("place_id"),
            entry_gate_id=fields.identifier("entry_gate_id"),
            exit_gate_id=fields.optional_identifier("exit_gate_id"),
            actual_start=fields.time("actual_start"),
            actual_end=fields.optional_time("actual_end"),
            right_id=fields.optional_identifier("right_id"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignedRight:
    """A monthly pass or a visitor vehicle permit (APDS AssignedRight)."""

    id: str
    kind: RightKind
    home_id: str
    plate: str
    place_id: str
    space_id: str | None
    valid_from: datetime
    valid_until: datetime
    status: RightStatus

    @classmethod
    def parse(cls, fields: Fields) -> AssignedRight:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            kind=fields.choice("kind", RightKind),
            home_id=fields.identifier("home_id"),
            plate=fields.identifier("plate"),
            place_id=fields.identifier("place_id"),
            space_id=fields.optional_identifier("space_id"),
            valid_from=fields.time("valid_from"),
            valid_until=fields.time("valid_until"),
            status=fields.choice("status", RightStatus),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Gate:
    """A barrier gate of a lot."""

    id: str
    name: str
    place_id: str
    direction: GateDirection
    online: bool

    @classmethod
    def parse(cls, fields: Fields) -> Gate:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            place_id=fields.identifier("place_id"),
            direction=fields.choice("direction", GateDirection),
            online=fields.flag("online"),
        )
