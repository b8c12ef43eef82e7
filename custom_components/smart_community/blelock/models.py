"""What the lock tells a connected client."""

from dataclasses import dataclass
from datetime import UTC, datetime

from .codes import Action, DoorState, LockState, Method


@dataclass(frozen=True, slots=True, kw_only=True)
class LockStatus:
    """Reply to status and motor commands, and the body of an event."""

    lock_state: LockState
    door_state: DoorState
    battery: int
    change_counter: int
    next_log_index: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LockSettings:
    """Settings a resident can change from Home Assistant."""

    auto_lock_delay: int
    stay_connected: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityEntry:
    """One line of the lock's activity log."""

    index: int
    time: datetime
    action: Action
    method: Method
    user_slot: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityPage:
    """Entries returned by one log request."""

    entries: tuple[ActivityEntry, ...]
    more: bool


def utc_from_timestamp(seconds: int) -> datetime:
    """Time of a log entry."""
    return datetime.fromtimestamp(seconds, UTC)
