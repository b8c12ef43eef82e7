"""Event stream frames: one frozen dataclass per event type, and the frame parser."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import json

from .errors import CommunityInvalidResponseError
from .fields import Fields
from .models import NoticeCategory
from .parking import RightKind


class OpenMethod(StrEnum):
    """How a door was opened, or tried to be."""

    FACE = "face"
    CARD = "card"
    PIN = "pin"
    QR = "qr"
    APP = "app"
    REMOTE = "remote"


class DenyReason(StrEnum):
    """Why a door stayed shut."""

    UNKNOWN_PERSON = "unknown_person"
    EXPIRED = "expired"
    REVOKED = "revoked"
    OUTSIDE_SCHEDULE = "outside_schedule"
    USED_UP = "used_up"


class AnsweredBy(StrEnum):
    """Where a call was picked up."""

    APP = "app"
    INDOOR_UNIT = "indoor_unit"


class CallEndReason(StrEnum):
    """How a call ended."""

    HUNG_UP = "hung_up"
    DECLINED = "declined"
    MISSED = "missed"
    OPENED = "opened"


class DeviceType(StrEnum):
    """Which kind of community device changed state."""

    DOOR_STATION = "door_station"
    GATE = "gate"
    ELEVATOR_BANK = "elevator_bank"


@dataclass(frozen=True, slots=True)
class EventBase:
    """What every event carries: its place in the stream and when it happened."""

    cursor: int
    time: datetime


@dataclass(frozen=True, slots=True)
class CallRinging(EventBase):
    """A visitor is calling a home from a door station."""

    call_id: str
    door_id: str
    home_id: str


@dataclass(frozen=True, slots=True)
class CallAnswered(EventBase):
    """A call was picked up."""

    call_id: str
    door_id: str
    home_id: str
    answered_by: AnsweredBy


@dataclass(frozen=True, slots=True)
class CallEnded(EventBase):
    """A call is over."""

    call_id: str
    door_id: str
    home_id: str
    reason: CallEndReason


@dataclass(frozen=True, slots=True)
class Person:
    """A resident known to the community."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class DoorOpened(EventBase):
    """A door opened; person is set when a resident opened it."""

    door_id: str
    method: OpenMethod
    person: Person | None


@dataclass(frozen=True, slots=True)
class DoorClosed(EventBase):
    """A latch door station with a door sensor saw its door close: it is locked again."""

    door_id: str


@dataclass(frozen=True, slots=True)
class AccessDenied(EventBase):
    """A door refused someone."""

    door_id: str
    method: OpenMethod
    reason: DenyReason


@dataclass(frozen=True, slots=True)
class CommandResult(EventBase):
    """The outcome of a command that was answered with 202."""

    request_id: str
    ok: bool
    error_code: str | None
    error_message: str | None


@dataclass(frozen=True, slots=True)
class VisitorArrived(EventBase):
    """A visitor used their pass at a door."""

    pass_id: str
    door_id: str
    home_id: str
    visitor_name: str | None


@dataclass(frozen=True, slots=True)
class OccupancyChanged(EventBase):
    """A space's sensor flipped; lot totals after the change."""

    place_id: str
    space_id: str
    occupied: bool
    lot_occupied: int
    lot_free: int
    detection_update_time: datetime


@dataclass(frozen=True, slots=True)
class SessionStarted(EventBase):
    """A vehicle entered a lot."""

    session_id: str
    plate: str
    place_id: str
    gate_id: str
    actual_start: datetime
    right_id: str | None


@dataclass(frozen=True, slots=True)
class SessionEnded(EventBase):
    """A vehicle left a lot."""

    session_id: str
    plate: str
    place_id: str
    gate_id: str
    actual_end: datetime


@dataclass(frozen=True, slots=True)
class RightExpiring(EventBase):
    """A monthly pass or visitor permit ends soon."""

    right_id: str
    kind: RightKind
    plate: str
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class NoticePublished(EventBase):
    """The community published an announcement."""

    notice_id: str
    title: str
    category: NoticeCategory
    important: bool


@dataclass(frozen=True, slots=True)
class DeviceStatus(EventBase):
    """A community device went online (device.online) or offline (device.offline)."""

    device_id: str
    device_type: DeviceType
    online: bool


@dataclass(frozen=True, slots=True)
class UnknownEvent(EventBase):
    """An event type this client does not know yet; its cursor still counts."""

    type: str


type Event = (
    CallRinging
    | CallAnswered
    | CallEnded
    | DoorOpened
    | DoorClosed
    | AccessDenied
    | CommandResult
    | VisitorArrived
    | OccupancyChanged
    | SessionStarted
    | SessionEnded
    | RightExpiring
    | NoticePublished
    | DeviceStatus
    | UnknownEvent
)


@dataclass(frozen=True, slots=True)
class StreamReady:
    """Replay is over; live events follow."""

    latest_cursor: int
    replayed: int
    heartbeat_interval: float


@dataclass(frozen=True, slots=True)
class StreamHeartbeat:
    """The server is alive."""

    time: datetime


@dataclass(frozen=True, slots=True)
class StreamResyncRequired:
    """The resume cursor is outside the server's history: re-read everything over REST."""

    oldest_cursor: int
    latest_cursor: int


type Frame = Event | StreamReady | StreamHeartbeat | StreamResyncRequired


def _person(fields: Fields | None) -> Person | None:
    return None if fields is None else Person(fields.identifier("id"), fields.text("name"))


def _command_result(cursor: int, time: datetime, data: Fields) -> CommandResult:
    error = data.optional_child("error")
    return CommandResult(
        cursor,
        time,
        data.identifier("request_id"),
        data.flag("ok"),
        None if error is None else error.text("code"),
        None if error is None else error.text("message"),
    )


_EVENT_PARSERS: dict[str, Callable[[int, datetime, Fields], Event]] = {
    "call.ringing": lambda c, t, d: CallRinging(
        c, t, d.identifier("call_id"), d.identifier("door_id"), d.identifier("home_id")
    ),
    "call.answered": lambda c, t, d: CallAnswered(
        c,
        t,
        d.identifier("call_id"),
        d.identifier("door_id"),
        d.identifier("home_id"),
        d.choice("answered_by", AnsweredBy),
    ),
    "call.ended": lambda c, t, d: CallEnded(
        c,
        t,
        d.identifier("call_id"),
        d.identifier("door_id"),
        d.identifier("home_id"),
        d.choice("reason", CallEndReason),
    ),
    "door.closed": lambda c, t, d: DoorClosed(c, t, d.identifier("door_id")),
    "door.opened": lambda c, t, d: DoorOpened(
        c,
        t,
        d.identifier("door_id"),
        d.choice("method", OpenMethod),
        _person(d.optional_child("person")),
    ),
    "access.denied": lambda c, t, d: AccessDenied(
        c,
        t,
        d.identifier("door_id"),
        d.choice("method", OpenMethod),
        d.choice("reason", DenyReason),
    ),
    "command.result": _command_result,
    "visitor.arrived": lambda c, t, d: VisitorArrived(
        c,
        t,
        d.identifier("pass_id"),
        d.identifier("door_id"),
        d.identifier("home_id"),
        d.optional_text("visitor_name"),
    ),
    "parking.occupancy_changed": lambda c, t, d: OccupancyChanged(
        c,
        t,
        d.identifier("place_id"),
        d.identifier("space_id"),
        d.flag("occupied"),
        d.integer("lot_occupied", minimum=0),
        d.integer("lot_free", minimum=0),
        d.time("detection_update_time"),
    ),
    "parking.session_started": lambda c, t, d: SessionStarted(
        c,
        t,
        d.identifier("session_id"),
        d.identifier("plate"),
        d.identifier("place_id"),
        d.identifier("gate_id"),
        d.time("actual_start"),
        d.optional_identifier("right_id"),
    ),
    "parking.session_ended": lambda c, t, d: SessionEnded(
        c,
        t,
        d.identifier("session_id"),
        d.identifier("plate"),
        d.identifier("place_id"),
        d.identifier("gate_id"),
        d.time("actual_end"),
    ),
    "parking.right_expiring": lambda c, t, d: RightExpiring(
        c,
        t,
        d.identifier("right_id"),
        d.choice("kind", RightKind),
        d.identifier("plate"),
        d.time("valid_until"),
    ),
    "notice.published": lambda c, t, d: NoticePublished(
        c,
        t,
        d.identifier("notice_id"),
        d.text("title"),
        d.choice("category", NoticeCategory),
        d.flag("important"),
    ),
    "device.online": lambda c, t, d: DeviceStatus(
        c, t, d.identifier("device_id"), d.choice("device_type", DeviceType), online=True
    ),
    "device.offline": lambda c, t, d: DeviceStatus(
        c, t, d.identifier("device_id"), d.choice("device_type", DeviceType), online=False
    ),
}

KNOWN_EVENT_TYPES = frozenset(_EVENT_PARSERS)


def parse_event(fields: Fields) -> Event:
    """An event; types this client does not know become UnknownEvent."""
    cursor = fields.integer("cursor", minimum=1)
    event_type = fields.identifier("type")
    time = fields.time("time")
    data = fields.child("data")
    parser = _EVENT_PARSERS.get(event_type)
    if parser is None:
        return UnknownEvent(cursor, time, event_type)
    return parser(cursor, time, data)


def parse_frame(text: str) -> Frame:
    """One text frame of the stream; raises CommunityInvalidResponseError if it is not one."""
    try:
        decoded: object = json.loads(text)
    except ValueError as err:
        raise CommunityInvalidResponseError(f"frame is not JSON: {err}") from None
    fields = Fields(decoded, "frame")
    frame_type = fields.text("type")
    if frame_type == "stream.ready":
        return StreamReady(
            fields.integer("latest_cursor", minimum=0),
            fields.integer("replayed", minimum=0),
            fields.number("heartbeat_interval"),
        )
    if frame_type == "stream.heartbeat":
        return StreamHeartbeat(fields.time("time"))
    if frame_type == "stream.resync_required":
        return StreamResyncRequired(
            fields.integer("oldest_cursor", minimum=0), fields.integer("latest_cursor", minimum=0)
        )
    return parse_event(fields)
