"""Event stream frames: one frozen dataclass per event type, and the frame parser."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .errors import CommunityInvalidResponseError
from .fields import Fields, decode_json
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


@dataclass(frozen=True, slots=True, kw_only=True)
class EventBase:
    """What every event carries: its place in the stream and when it happened.

    `replayed` is not on the wire: the stream sets it on events the server sent while
    catching up after a resume, so that a consumer can tell a late event from a live one.
    """

    cursor: int
    time: datetime
    replayed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CallRinging(EventBase):
    """A visitor is calling a home from a door station."""

    call_id: str
    door_id: str
    home_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CallAnswered(EventBase):
    """A call was picked up; resident_id says who, when it was in a resident's app."""

    call_id: str
    door_id: str
    home_id: str
    answered_by: AnsweredBy
    resident_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CallEnded(EventBase):
    """A call is over."""

    call_id: str
    door_id: str
    home_id: str
    reason: CallEndReason


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A resident known to the community."""

    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DoorOpened(EventBase):
    """A door opened; person is set when a resident opened it."""

    door_id: str
    method: OpenMethod
    person: Person | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DoorClosed(EventBase):
    """A latch door station with a door sensor saw its door close: it is locked again."""

    door_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessDenied(EventBase):
    """A door refused someone."""

    door_id: str
    method: OpenMethod
    reason: DenyReason


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandResult(EventBase):
    """The outcome of a command that was answered with 202."""

    request_id: str
    ok: bool
    error_code: str | None
    error_message: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitorArrived(EventBase):
    """A visitor used their pass at a door."""

    pass_id: str
    door_id: str
    home_id: str
    visitor_name: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OccupancyChanged(EventBase):
    """A space's sensor flipped; lot totals after the change."""

    place_id: str
    space_id: str
    occupied: bool
    lot_occupied: int
    lot_free: int
    detection_update_time: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStarted(EventBase):
    """A vehicle entered a lot."""

    session_id: str
    plate: str
    place_id: str
    gate_id: str
    actual_start: datetime
    right_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionEnded(EventBase):
    """A vehicle left a lot; right_id is the right it came in on, if any."""

    session_id: str
    plate: str
    place_id: str
    gate_id: str
    actual_end: datetime
    right_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RightExpiring(EventBase):
    """A monthly pass or visitor permit ends soon."""

    right_id: str
    kind: RightKind
    plate: str
    valid_until: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticePublished(EventBase):
    """The community published an announcement."""

    notice_id: str
    title: str
    body: str | None
    category: NoticeCategory
    important: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceStatus(EventBase):
    """A community device went online (device.online) or offline (device.offline)."""

    device_id: str
    device_type: DeviceType
    online: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RingPicture(EventBase):
    """The picture a door station took when a visitor rang (API 1.6, asked for in the hello).

    It is no event of its own: cursor and time are those of its call.ringing.
    """

    call_id: str
    door_id: str
    home_id: str
    picture: bytes = field(repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
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
    | RingPicture
    | UnknownEvent
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamReady:
    """Replay is over; live events follow."""

    latest_cursor: int
    replayed: int
    heartbeat_interval: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamHeartbeat:
    """The server is alive."""

    time: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamResyncRequired:
    """The resume cursor is outside the server's history: re-read everything over REST."""

    oldest_cursor: int
    latest_cursor: int


type Frame = Event | StreamReady | StreamHeartbeat | StreamResyncRequired


def _person(fields: Fields | None) -> Person | None:
    if fields is None:
        return None
    return Person(id=fields.identifier("id"), name=fields.text("name"))


def _call_ringing(cursor: int, time: datetime, data: Fields) -> CallRinging:
    return CallRinging(
        cursor=cursor,
        time=time,
        call_id=data.identifier("call_id"),
        door_id=data.identifier("door_id"),
        home_id=data.identifier("home_id"),
    )


def _call_answered(cursor: int, time: datetime, data: Fields) -> CallAnswered:
    return CallAnswered(
        cursor=cursor,
        time=time,
        call_id=data.identifier("call_id"),
        door_id=data.identifier("door_id"),
        home_id=data.identifier("home_id"),
        answered_by=data.choice("answered_by", AnsweredBy),
        resident_id=data.newer_identifier("resident_id"),
    )


def _call_ended(cursor: int, time: datetime, data: Fields) -> CallEnded:
    return CallEnded(
        cursor=cursor,
        time=time,
        call_id=data.identifier("call_id"),
        door_id=data.identifier("door_id"),
        home_id=data.identifier("home_id"),
        reason=data.choice("reason", CallEndReason),
    )


def _door_opened(cursor: int, time: datetime, data: Fields) -> DoorOpened:
    return DoorOpened(
        cursor=cursor,
        time=time,
        door_id=data.identifier("door_id"),
        method=data.choice("method", OpenMethod),
        person=_person(data.optional_child("person")),
    )


def _door_closed(cursor: int, time: datetime, data: Fields) -> DoorClosed:
    return DoorClosed(cursor=cursor, time=time, door_id=data.identifier("door_id"))


def _access_denied(cursor: int, time: datetime, data: Fields) -> AccessDenied:
    return AccessDenied(
        cursor=cursor,
        time=time,
        door_id=data.identifier("door_id"),
        method=data.choice("method", OpenMethod),
        reason=data.choice("reason", DenyReason),
    )


def _command_result(cursor: int, time: datetime, data: Fields) -> CommandResult:
    error = data.optional_child("error")
    return CommandResult(
        cursor=cursor,
        time=time,
        request_id=data.identifier("request_id"),
        ok=data.flag("ok"),
        error_code=None if error is None else error.text("code"),
        error_message=None if error is None else error.text("message"),
    )


def _visitor_arrived(cursor: int, time: datetime, data: Fields) -> VisitorArrived:
    return VisitorArrived(
        cursor=cursor,
        time=time,
        pass_id=data.identifier("pass_id"),
        door_id=data.identifier("door_id"),
        home_id=data.identifier("home_id"),
        visitor_name=data.optional_text("visitor_name"),
    )


def _occupancy_changed(cursor: int, time: datetime, data: Fields) -> OccupancyChanged:
    return OccupancyChanged(
        cursor=cursor,
        time=time,
        place_id=data.identifier("place_id"),
        space_id=data.identifier("space_id"),
        occupied=data.flag("occupied"),
        lot_occupied=data.integer("lot_occupied", minimum=0),
        lot_free=data.integer("lot_free", minimum=0),
        detection_update_time=data.time("detection_update_time"),
    )


def _session_started(cursor: int, time: datetime, data: Fields) -> SessionStarted:
    return SessionStarted(
        cursor=cursor,
        time=time,
        session_id=data.identifier("session_id"),
        plate=data.identifier("plate"),
        place_id=data.identifier("place_id"),
        gate_id=data.identifier("gate_id"),
        actual_start=data.time("actual_start"),
        right_id=data.optional_identifier("right_id"),
    )


def _session_ended(cursor: int, time: datetime, data: Fields) -> SessionEnded:
    return SessionEnded(
        cursor=cursor,
        time=time,
        session_id=data.identifier("session_id"),
        plate=data.identifier("plate"),
        place_id=data.identifier("place_id"),
        gate_id=data.identifier("gate_id"),
        actual_end=data.time("actual_end"),
        right_id=data.newer_identifier("right_id"),
    )


def _right_expiring(cursor: int, time: datetime, data: Fields) -> RightExpiring:
    return RightExpiring(
        cursor=cursor,
        time=time,
        right_id=data.identifier("right_id"),
        kind=data.choice("kind", RightKind),
        plate=data.identifier("plate"),
        valid_until=data.time("valid_until"),
    )


def _notice_published(cursor: int, time: datetime, data: Fields) -> NoticePublished:
    return NoticePublished(
        cursor=cursor,
        time=time,
        notice_id=data.identifier("notice_id"),
        title=data.text("title"),
        body=data.optional_text("body"),
        category=data.choice("category", NoticeCategory),
        important=data.flag("important"),
    )


def _device_status(online: bool) -> Callable[[int, datetime, Fields], DeviceStatus]:
    def parse(cursor: int, time: datetime, data: Fields) -> DeviceStatus:
        return DeviceStatus(
            cursor=cursor,
            time=time,
            device_id=data.identifier("device_id"),
            device_type=data.choice("device_type", DeviceType),
            online=online,
        )

    return parse


_EVENT_PARSERS: dict[str, Callable[[int, datetime, Fields], Event]] = {
    "call.ringing": _call_ringing,
    "call.answered": _call_answered,
    "call.ended": _call_ended,
    "door.opened": _door_opened,
    "door.closed": _door_closed,
    "access.denied": _access_denied,
    "command.result": _command_result,
    "visitor.arrived": _visitor_arrived,
    "parking.occupancy_changed": _occupancy_changed,
    "parking.session_started": _session_started,
    "parking.session_ended": _session_ended,
    "parking.right_expiring": _right_expiring,
    "notice.published": _notice_published,
    "device.online": _device_status(online=True),
    "device.offline": _device_status(online=False),
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
        return UnknownEvent(cursor=cursor, time=time, type=event_type)
    return parser(cursor, time, data)


# A door station's JPEG is well under a megabyte; anything this large is not its picture.
MAX_RING_PICTURE_BYTES = 5 * 1024 * 1024
_JPEG_MAGIC = b"\xff\xd8\xff"
_CURSOR_BYTES = 8


def parse_ring_picture(frame: bytes) -> tuple[int, bytes]:
    """A binary frame of the stream: the cursor of the ring it belongs to, and its JPEG."""
    cursor = int.from_bytes(frame[:_CURSOR_BYTES], "big")
    picture = frame[_CURSOR_BYTES:]
    if len(frame) < _CURSOR_BYTES or cursor < 1:
        raise CommunityInvalidResponseError("ring picture: no cursor")
    if not picture.startswith(_JPEG_MAGIC) or len(picture) > MAX_RING_PICTURE_BYTES:
        raise CommunityInvalidResponseError("ring picture: not a JPEG picture under 5 MB")
    return cursor, picture


# Far above any real interval, and low enough that timeouts built from it stay finite.
MAX_HEARTBEAT_INTERVAL = 86_400.0


def parse_frame(text: str) -> Frame:
    """One text frame of the stream; raises CommunityInvalidResponseError if it is not one."""
    fields = Fields(decode_json(text, "frame"), "frame")
    frame_type = fields.text("type")
    if frame_type == "stream.ready":
        return StreamReady(
            latest_cursor=fields.integer("latest_cursor", minimum=0),
            replayed=fields.integer("replayed", minimum=0),
            heartbeat_interval=fields.number("heartbeat_interval", MAX_HEARTBEAT_INTERVAL),
        )
    if frame_type == "stream.heartbeat":
        return StreamHeartbeat(time=fields.time("time"))
    if frame_type == "stream.resync_required":
        return StreamResyncRequired(
            oldest_cursor=fields.integer("oldest_cursor", minimum=0),
            latest_cursor=fields.integer("latest_cursor", minimum=0),
        )
    return parse_event(fields)
