"""The server's mutable records, stored as JSON in SQLite and written on the wire by to_wire."""

from dataclasses import dataclass
from datetime import datetime

from .wire import parse_iso


def _before(limit: str, now: datetime) -> bool:
    moment = parse_iso(limit)
    return moment is not None and moment <= now


@dataclass(slots=True)
class TokenRecord:
    """An issued token, keyed by its hash; family ties a login's tokens together."""

    id: str
    kind: str
    family: str
    resident_id: str
    expires_at: float
    state: str = "active"


@dataclass(slots=True)
class CallRecord:
    """A call from a door station to a home."""

    id: str
    door_id: str
    home_id: str
    state: str
    started_at: str
    ended_at: str | None = None

    def to_wire(self) -> dict[str, object]:
        """As in the Call schema."""
        return {
            "id": self.id,
            "door_id": self.door_id,
            "home_id": self.home_id,
            "state": self.state,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }


@dataclass(slots=True)
class PassRecord:
    """A visitor pass."""

    id: str
    home_id: str
    code: str
    qr_payload: str
    valid_from: str
    valid_until: str
    uses_allowed: int
    visitor_name: str | None
    visitor_phone: str | None
    created_at: str
    uses: int = 0
    revoked: bool = False

    def status(self, now: datetime) -> str:
        """active, revoked, used_up or expired."""
        if self.revoked:
            return "revoked"
        if self.uses >= self.uses_allowed:
            return "used_up"
        return "expired" if _before(self.valid_until, now) else "active"

    def to_wire(self, now: datetime) -> dict[str, object]:
        """As in the VisitorPass schema."""
        return {
            "id": self.id,
            "home_id": self.home_id,
            "code": self.code,
            "qr_payload": self.qr_payload,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "uses_allowed": self.uses_allowed,
            "uses": self.uses,
            "visitor_name": self.visitor_name,
            "visitor_phone": self.visitor_phone,
            "status": self.status(now),
            "created_at": self.created_at,
        }


@dataclass(slots=True)
class RightRecord:
    """A monthly pass or visitor vehicle permit."""

    id: str
    kind: str
    home_id: str
    plate: str
    place_id: str
    space_id: str | None
    valid_from: str
    valid_until: str
    revoked: bool = False

    def status(self, now: datetime) -> str:
        """active, revoked or expired."""
        if self.revoked:
            return "revoked"
        return "expired" if _before(self.valid_until, now) else "active"

    def to_wire(self, now: datetime) -> dict[str, object]:
        """As in the AssignedRight schema."""
        return {
            "id": self.id,
            "kind": self.kind,
            "home_id": self.home_id,
            "plate": self.plate,
            "place_id": self.place_id,
            "space_id": self.space_id,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "status": self.status(now),
        }


@dataclass(slots=True)
class SessionRecord:
    """A vehicle's stay in the lot; space_id is internal (the space it parked in)."""

    id: str
    plate: str
    place_id: str
    entry_gate_id: str
    actual_start: str
    right_id: str | None
    space_id: str | None
    exit_gate_id: str | None = None
    actual_end: str | None = None

    def to_wire(self) -> dict[str, object]:
        """As in the ParkingSession schema."""
        return {
            "id": self.id,
            "plate": self.plate,
            "place_id": self.place_id,
            "entry_gate_id": self.entry_gate_id,
            "exit_gate_id": self.exit_gate_id,
            "actual_start": self.actual_start,
            "actual_end": self.actual_end,
            "right_id": self.right_id,
        }


@dataclass(slots=True)
class NoticeRecord:
    """A community announcement."""

    id: str
    title: str
    body: str
    category: str
    important: bool
    published_at: str

    def to_wire(self) -> dict[str, object]:
        """As in the Notice schema."""
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "category": self.category,
            "important": self.important,
            "published_at": self.published_at,
        }


@dataclass(slots=True)
class SpaceRecord:
    """A parking space sensor's last reading."""

    id: str
    occupied: bool
    detection_update_time: str


@dataclass(slots=True)
class DoorRecord:
    """A door station and the homes it serves; online lives in its DeviceRecord."""

    id: str
    name: str
    location: str
    model: str
    manufacturer: str
    firmware_version: str
    kind: str
    release: str
    capabilities: list[str]
    home_ids: list[str]

    def to_wire(self, online: bool) -> dict[str, object]:
        """As in the DoorStation schema."""
        return {
            "id": self.id,
            "name": self.name,
            "location": self.location,
            "model": self.model,
            "manufacturer": self.manufacturer,
            "firmware_version": self.firmware_version,
            "kind": self.kind,
            "release": self.release,
            "online": online,
            "capabilities": list(self.capabilities),
        }


@dataclass(slots=True)
class DeviceRecord:
    """Whether a door station, gate or elevator bank is online."""

    id: str
    device_type: str
    online: bool = True
