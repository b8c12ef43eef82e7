"""Wire models of the account, intercom, visitor passes and notices, with their parsers."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .fields import Fields


class DoorKind(StrEnum):
    """Where a door station stands."""

    GATE = "gate"
    LOBBY = "lobby"


class DoorRelease(StrEnum):
    """How a door station releases its door."""

    MOMENTARY = "momentary"
    LATCH = "latch"


class DoorCapability(StrEnum):
    """What a door station can do."""

    OPEN = "open"
    SNAPSHOT = "snapshot"
    STREAM = "stream"
    # A live view over WebRTC with two-way audio (API 1.5).
    WEBRTC = "webrtc"
    ANSWER = "answer"
    DECLINE = "decline"
    # A latch station that reports its door closing again (`door.closed`).
    DOOR_SENSOR = "door_sensor"


class CallState(StrEnum):
    """Where a call stands."""

    RINGING = "ringing"
    ANSWERED = "answered"
    DECLINED = "declined"
    MISSED = "missed"
    ENDED = "ended"


class PassStatus(StrEnum):
    """Whether a visitor pass still opens doors."""

    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"
    USED_UP = "used_up"


class NoticeCategory(StrEnum):
    """What a notice is about."""

    GENERAL = "general"
    MAINTENANCE = "maintenance"
    SAFETY = "safety"
    EVENT = "event"


class ElevatorDirection(StrEnum):
    """Which way the resident wants to go from their floor."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True, kw_only=True)
class Resident:
    """The person the account belongs to."""

    id: str
    name: str
    phone: str

    @classmethod
    def parse(cls, fields: Fields) -> Resident:
        """Read from the wire."""
        return cls(id=fields.identifier("id"), name=fields.text("name"), phone=fields.text("phone"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ElevatorBank:
    """A group of elevators serving one building unit."""

    id: str
    name: str
    lowest_floor: int
    highest_floor: int
    online: bool

    @classmethod
    def parse(cls, fields: Fields) -> ElevatorBank:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            lowest_floor=fields.integer("lowest_floor"),
            highest_floor=fields.integer("highest_floor"),
            online=fields.flag("online"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Community:
    """The residential community."""

    id: str
    name: str
    address: str
    timezone: str
    elevator_banks: tuple[ElevatorBank, ...]

    @classmethod
    def parse(cls, fields: Fields) -> Community:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            address=fields.text("address"),
            timezone=fields.text("timezone"),
            elevator_banks=fields.items("elevator_banks", ElevatorBank.parse),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Home:
    """A flat the resident lives in."""

    id: str
    name: str
    building: str
    unit: str
    floor: int
    room: str
    elevator_bank_id: str | None

    @classmethod
    def parse(cls, fields: Fields) -> Home:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            building=fields.text("building"),
            unit=fields.text("unit"),
            floor=fields.integer("floor"),
            room=fields.text("room"),
            elevator_bank_id=fields.optional_identifier("elevator_bank_id"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformInfo:
    """The platform software and the Community API version it implements."""

    name: str
    api_version: tuple[int, int]

    @classmethod
    def parse(cls, fields: Fields) -> PlatformInfo:
        """Read from the wire."""
        return cls(name=fields.text("name"), api_version=fields.version("api_version"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """GET /v1/me."""

    resident: Resident
    community: Community
    homes: tuple[Home, ...]
    platform: PlatformInfo

    @classmethod
    def parse(cls, fields: Fields) -> Account:
        """Read from the wire."""
        return cls(
            resident=Resident.parse(fields.child("resident")),
            community=Community.parse(fields.child("community")),
            homes=fields.items("homes", Home.parse),
            platform=PlatformInfo.parse(fields.child("platform")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DoorStation:
    """An intercom panel at a gate or a lobby."""

    id: str
    name: str
    location: str
    model: str
    kind: DoorKind
    release: DoorRelease
    online: bool
    capabilities: frozenset[DoorCapability]
    manufacturer: str
    firmware_version: str

    @classmethod
    def parse(cls, fields: Fields) -> DoorStation:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            name=fields.text("name"),
            location=fields.text("location"),
            model=fields.text("model"),
            kind=fields.choice("kind", DoorKind),
            release=fields.choice("release", DoorRelease),
            online=fields.flag("online"),
            capabilities=fields.choices("capabilities", DoorCapability),
            manufacturer=fields.text("manufacturer"),
            firmware_version=fields.text("firmware_version"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamSource:
    """A short-lived RTSP URL; it carries a token, so it stays out of repr and logs."""

    url: str = field(repr=False)
    expires_at: datetime

    @classmethod
    def parse(cls, fields: Fields) -> StreamSource:
        """Read from the wire."""
        return cls(url=fields.text("url"), expires_at=fields.time("expires_at"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """One entry of the call log."""

    id: str
    door_id: str
    home_id: str
    state: CallState
    started_at: datetime
    ended_at: datetime | None

    @classmethod
    def parse(cls, fields: Fields) -> Call:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            door_id=fields.identifier("door_id"),
            home_id=fields.identifier("home_id"),
            state=fields.choice("state", CallState),
            started_at=fields.time("started_at"),
            ended_at=fields.optional_time("ended_at"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitorPass:
    """A time-limited code for a visitor; code and QR payload open doors, so no repr."""

    id: str
    home_id: str
    code: str = field(repr=False)
    qr_payload: str = field(repr=False)
    valid_from: datetime
    valid_until: datetime
    uses_allowed: int
    uses: int
    visitor_name: str | None
    visitor_phone: str | None = field(repr=False)
    status: PassStatus
    created_at: datetime

    @classmethod
    def parse(cls, fields: Fields) -> VisitorPass:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            home_id=fields.identifier("home_id"),
            code=fields.digits("code", 6),
            qr_payload=fields.identifier("qr_payload"),
            valid_from=fields.time("valid_from"),
            valid_until=fields.time("valid_until"),
            uses_allowed=fields.integer("uses_allowed", minimum=1),
            uses=fields.integer("uses", minimum=0),
            visitor_name=fields.optional_text("visitor_name"),
            visitor_phone=fields.optional_text("visitor_phone"),
            status=fields.choice("status", PassStatus),
            created_at=fields.time("created_at"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """A community announcement."""

    id: str
    title: str
    body: str
    category: NoticeCategory
    important: bool
    published_at: datetime

    @classmethod
    def parse(cls, fields: Fields) -> Notice:
        """Read from the wire."""
        return cls(
            id=fields.identifier("id"),
            title=fields.text("title"),
            body=fields.text("body"),
            category=fields.choice("category", NoticeCategory),
            important=fields.flag("important"),
            published_at=fields.time("published_at"),
        )
