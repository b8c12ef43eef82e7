"""What a community account shows, as one immutable snapshot, and how an event changes it.

The coordinator holds the snapshot; a full read replaces it, and each event from the stream
replaces it with the result of `fold`. Entities only render it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ..community import (
    Account,
    Call,
    CallAnswered,
    CallEnded,
    CallRinging,
    CallState,
    DeviceStatus,
    DoorClosed,
    DoorOpened,
    DoorRelease,
    DoorStation,
    Event,
    Home,
    Notice,
    NoticeCategory,
    NoticePublished,
)
from .parking import ParkingSnapshot, fold_parking


@dataclass(frozen=True, slots=True, kw_only=True)
class Headline:
    """The latest notice, as much of it as both a read and an event say.

    `body` is None only when the platform's event left the text out.
    """

    title: str
    body: str | None
    category: NoticeCategory
    important: bool


class CallStatus(StrEnum):
    """Where the call at a door station stands, as its call-state sensor shows it."""

    IDLE = "idle"
    RINGING = "ringing"
    ANSWERED = "answered"


@dataclass(frozen=True, slots=True, kw_only=True)
class DoorCall:
    """The call going on at a door station, to one of the shown homes."""

    call_id: str
    home_id: str
    status: CallStatus


def door_calls(
    calls: Iterable[Call], door_homes: Mapping[str, tuple[str, ...]]
) -> dict[str, DoorCall]:
    """The calls still going on, from a call log read newest first.

    Each door station's newest call to a shown home decides: once it is over, an older call
    still marked ringing is not news.
    """
    going_on = {CallState.RINGING: CallStatus.RINGING, CallState.ANSWERED: CallStatus.ANSWERED}
    current: dict[str, DoorCall] = {}
    seen: set[str] = set()
    for call in calls:
        if call.door_id in seen or call.home_id not in door_homes.get(call.door_id, ()):
            continue
        seen.add(call.door_id)
        if (status := going_on.get(call.state)) is not None:
            current[call.door_id] = DoorCall(call_id=call.id, home_id=call.home_id, status=status)
    return current


def headline(notice: Notice | None) -> Headline | None:
    """The headline of a notice read over REST."""
    if notice is None:
        return None
    return Headline(
        title=notice.title, body=notice.body, category=notice.category, important=notice.important
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CommunityState:
    """What the platform said, for the homes the resident shows.

    `released` are the latch doors that are open now: released and not yet closed again (as
    the door reports it, or, for a station without a door sensor, until a fallback timer
    runs out); `opening` those whose release was sent and is not confirmed yet; `calls` the
    call going on at each door station, to a shown home.
    """

    account: Account
    homes: tuple[Home, ...]
    doors: Mapping[str, DoorStation]
    door_homes: Mapping[str, tuple[str, ...]]
    latest_notice: Headline | None
    parking: ParkingSnapshot
    released: frozenset[str] = frozenset()
    opening: frozenset[str] = frozenset()
    calls: Mapping[str, DoorCall] = field(default_factory=dict)


def is_latch(state: CommunityState, door_id: str) -> bool:
    """A door station whose release stays open until the door closes (shown as a lock)."""
    door = state.doors.get(door_id)
    return door is not None and door.release is DoorRelease.LATCH


def _with_call(state: CommunityState, door_id: str, call: DoorCall | None) -> CommunityState:
    calls = {key: value for key, value in state.calls.items() if key != door_id}
    if call is not None:
        calls[door_id] = call
    return replace(state, calls=calls)


def fold_call(state: CommunityState, event: Event) -> CommunityState | None:
    """The snapshot after a call event to a shown home, or None for other events."""
    match event:
        case CallRinging() if event.home_id in state.door_homes.get(event.door_id, ()):
            call = DoorCall(call_id=event.call_id, home_id=event.home_id, status=CallStatus.RINGING)
            return _with_call(state, event.door_id, call)
        case CallAnswered() | CallEnded() if (
            current := state.calls.get(event.door_id)
        ) is not None and current.call_id == event.call_id:
            if isinstance(event, CallEnded):
                return _with_call(state, event.door_id, None)
            return _with_call(state, event.door_id, replace(current, status=CallStatus.ANSWERED))
    return None


def _online(state: CommunityState, event: DeviceStatus) -> CommunityState | None:
    """A door station or a barrier gate went online or offline."""
    if (door := state.doors.get(event.device_id)) is not None:
        changed = replace(door, online=event.online)
        return replace(state, doors={**state.doors, changed.id: changed})
    if (gate := state.parking.gate(event.device_id)) is not None:
        gates = tuple(
            replace(gate, online=event.online) if each is gate else each
            for each in state.parking.gates
        )
        return replace(state, parking=replace(state.parking, gates=gates))
    return None


def fold(state: CommunityState, event: Event) -> CommunityState | None:
    """The snapshot after an event, or None when the event changes nothing shown."""
    match event:
        case DeviceStatus():
            return _online(state, event)
        case NoticePublished():
            return replace(
                state,
                latest_notice=Headline(
                    title=event.title,
                    body=event.body,
                    category=event.category,
                    important=event.important,
                ),
            )
        case DoorOpened() if is_latch(state, event.door_id):
            return replace(state, released=state.released | {event.door_id})
        case DoorClosed() if event.door_id in state.released:
            return replace(state, released=state.released - {event.door_id})
    if (parking := fold_parking(state.parking, event)) is not None:
        return replace(state, parking=parking)
    return fold_call(state, event)
