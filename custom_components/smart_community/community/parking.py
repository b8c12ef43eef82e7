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


@dataclass(frozen=True, slots=True)
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
            fields.identifier("id"),
            fields.text("name"),
            fields.identifier("area_id"),
            fields.optional_identifier("assigned_home_id"),
        )


@dataclass(frozen=True, slots=True)
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
            fields.identifier("id"),
            fields.text("name"),
            fields.integer("capacity", minimum=0),
            fields.items("spaces", ParkingSpace.parse),
        )


@dataclass(frozen=True, slots=True)
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
            fields.identifier("id"),
            fields.text("name"),
            fields.integer("capacity", minimum=0),
            fields.items("areas", ParkingArea.parse),
        )


@dataclass(frozen=True, slots=True)
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
            fields.identifier("place_id"),
            fields.integer("capacity", minimum=0),
            fields.integer("occupied", minimum=0),
            fields.integer("free", minimum=0),
            fields.time("detection_update_time"),
        )


@dataclass(frozen=True, slots=True)
class SpaceOccupancy:
    """Whether a space's sensor sees a vehicle."""

    space_id: str
    occupied: bool
    detection_update_time: datetime

    @classmethod
    def parse(cls, fields: Fields) -> SpaceOccupancy:
        """Read from the wire."""
        return cls(
            fields.identifier("space_id"),
            fields.flag("occupied"),
            fields.time("detection_update_time"),
        )


@dataclass(frozen=True, slots=True)
class Occupancy:
    """GET /v1/parking/occupancy."""

    lots: tuple[LotOccupancy, ...]
    spaces: tuple[SpaceOccupancy, ...]

    @classmethod
    def parse(cls, fields: Fields) -> Occupancy:
        """Read from the wire."""
        return cls(
            fields.items("lots", LotOccupancy.parse),
            fields.items("spaces", SpaceOccupancy.parse),
        )


@dataclass(frozen=True, slots=True)
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
            fields.identifier("id"),
            fields.identifier("plate"),
            fields.identifier("place_id"),
            fields.identifier("entry_gate_id"),
            fields.optional_identifier("exit_gate_id"),
            fields.time("actual_start"),
            fields.optional_time("actual_end"),
            fields.optional_identifier("right_id"),
        )


@dataclass(frozen=True, slots=True)
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
            fields.identifier("id"),
            fields.choice("kind", RightKind),
            fields.identifier("home_id"),
            fields.identifier("plate"),
            fields.identifier("place_id"),
            fields.optional_identifier("space_id"),
            fields.time("valid_from"),
            fields.time("valid_until"),
            fields.choice("status", RightStatus),
        )


@dataclass(frozen=True, slots=True)
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
            fields.identifier("id"),
            fields.text("name"),
            fields.identifier("place_id"),
            fields.choice("direction", GateDirection),
            fields.flag("online"),
        )
