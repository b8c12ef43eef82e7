"""Command plaintexts and the parsers for their replies (section 6 of the protocol)."""

from dataclasses import dataclass
import struct

from .codes import Action, DoorState, ErrorCode, LockState, Method, Opcode
from .errors import FrameError
from .models import ActivityEntry, ActivityPage, LockSettings, LockStatus, utc_from_timestamp
from .replies import refusal

MAX_AUTO_LOCK_DELAY = 3600
_STATUS = struct.Struct("<BBBHI")
_SETTINGS = struct.Struct("<HB")
_ENTRY = struct.Struct("<IIBBB")
_MAX_ENTRIES = 5
_MAX_USER_SLOT = 250


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """A reply or event whose result was ok."""

    opcode: Opcode
    data: bytes


def request(opcode: Opcode, arguments: bytes = b"") -> bytes:
    """Plaintext of a command."""
    return bytes([opcode]) + arguments


def log_since(index: int) -> bytes:
    """Plaintext asking for activity entries from `index` on."""
    return request(Opcode.LOG_SINCE, struct.pack("<I", index))


def set_auto_lock(seconds: int) -> bytes:
    """Plaintext setting the auto-lock delay."""
    if not 0 <= seconds <= MAX_AUTO_LOCK_DELAY:
        raise ValueError(f"auto-lock delay {seconds} s out of range")
    return request(Opcode.SET_AUTO_LOCK, struct.pack("<H", seconds))


def set_stay_connected(enabled: bool) -> bytes:
    """Plaintext switching stay-connected mode."""
    return request(Opcode.SET_STAY_CONNECTED, bytes([int(enabled)]))


def parse_reply(plaintext: bytes) -> Reply:
    """Opcode and data of a reply; a refusal raises the lock's typed error."""
    if len(plaintext) < 2:
        raise FrameError("reply too short")
    try:
        opcode = Opcode(plaintext[0])
        result = ErrorCode(plaintext[1])
    except ValueError as err:
        raise FrameError(str(err)) from err
    if result is not ErrorCode.OK:
        if len(plaintext) != 2:
            raise FrameError("refusal with data")
        raise refusal(result)
    return Reply(opcode=opcode, data=plaintext[2:])


def _exact(data: bytes, layout: struct.Struct, what: str) -> tuple[int, ...]:
    if len(data) != layout.size:
        raise FrameError(f"{what} of {len(data)} bytes")
    return layout.unpack(data)


def parse_status(data: bytes) -> LockStatus:
    """Status carried by motor, status and event replies."""
    lock_state, door_state, battery, counter, next_index = _exact(data, _STATUS, "status")
    if battery > 100:
        raise FrameError(f"battery {battery}%")
    try:
        return LockStatus(
            lock_state=LockState(lock_state),
            door_state=DoorState(door_state),
            battery=battery,
            change_counter=counter,
            next_log_index=next_index,
        )
    except ValueError as err:
        raise FrameError(str(err)) from err


def parse_settings(data: bytes) -> LockSettings:
    """Settings carried by the settings replies."""
    delay, stay = _exact(data, _SETTINGS, "settings")
    if delay > MAX_AUTO_LOCK_DELAY or stay > 1:
        raise FrameError("settings out of range")
    return LockSettings(auto_lock_delay=delay, stay_connected=bool(stay))


def parse_activity_page(data: bytes) -> ActivityPage:
    """Entries of a log reply."""
    if len(data) < 2:
        raise FrameError("log reply too short")
    count, more = data[0], data[1]
    if count > _MAX_ENTRIES or more > 1 or len(data) != 2 + count * _ENTRY.size:
        raise FrameError("malformed log reply")
    entries = []
    for index, seconds, action, method, slot in _ENTRY.iter_unpack(data[2:]):
        if slot > _MAX_USER_SLOT:
            raise FrameError(f"user slot {slot}")
        try:
            entries.append(
                ActivityEntry(
                    index=index,
                    time=utc_from_timestamp(seconds),
                    action=Action(action),
                    method=Method(method),
                    user_slot=slot,
                )
            )
        except ValueError as err:
            raise FrameError(str(err)) from err
    return ActivityPage(entries=tuple(entries), more=bool(more))
