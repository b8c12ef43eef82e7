"""Door stations, calls, visitor passes, notices and elevator calls."""

from collections.abc import Callable
import secrets
from typing import cast

from . import seed
from .records import CallRecord, DeviceRecord, DoorRecord, NoticeRecord, PassRecord
from .state import State
from .stations import door
from .wire import ApiError, invalid, iso, not_found, parse_iso, window

_CALL_END_STATES = {
    "hung_up": "ended",
    "missed": "missed",
    "declined": "declined",
    "opened": "ended",
}


def _resident_door(state: State, resident_id: str, door_id: str) -> DoorRecord:
    station = door(state, door_id)
    if set(station.home_ids).isdisjoint(state.resident(resident_id).home_ids):
        raise not_found("door station")
    return station


def _capable(station: DoorRecord, capability: str) -> None:
    if capability not in station.capabilities:
        raise ApiError(409, "unsupported", f"{station.name} cannot {capability}.")


def open_door(state: State, resident_id: str, door_id: str) -> dict[str, str]:
    """Accept a door release; door.opened (and the end of a call there) then command.result."""
    station = _resident_door(state, resident_id, door_id)
    _capable(station, "open")
    resident = state.resident(resident_id)
    person = {"id": resident.id, "name": resident.name}

    def effect() -> None:
        state.emit(
            "door.opened",
            {"door_id": station.id, "method": "app", "person": person},
            state.home_mates(resident_id),
        )
        # Opening for the visitor at the station ends their call to the resident's home.
        for call in list(state.calls.values()):
            if (
                call.door_id == station.id
                and call.home_id in resident.home_ids
                and call.state in {"ringing", "answered"}
            ):
                _end(state, call, "opened")

    return state.command(resident_id, station.id, station.name, effect)


def close_door(state: State, door_id: str) -> None:
    """Someone closes a latch door whose station has a door sensor (control API)."""
    station = door(state, door_id)
    if station.release != "latch" or "door_sensor" not in station.capabilities:
        raise ApiError(409, "unsupported", f"{station.name} does not report its door.")
    with state.change():
        # The door itself, not who passed: for the homes it serves.
        state.emit("door.closed", {"door_id": station.id}, state.residents_of(*station.home_ids))


def camera_door(state: State, resident_id: str, door_id: str, capability: str) -> DoorRecord:
    """A door station whose camera the resident may see now."""
    station = _resident_door(state, resident_id, door_id)
    _capable(station, capability)
    state.require_online(station.id, station.name)
    return station


def calls(state: State, resident_id: str, limit: int) -> list[dict[str, object]]:
    """The call log of the resident's homes, newest first."""
    homes = set(state.resident(resident_id).home_ids)
    mine = [call for call in state.calls.values() if call.home_id in homes]
    return [call.to_wire() for call in reversed(mine[-limit:])]


def _ringing_call(state: State, resident_id: str, call_id: str, capability: str) -> CallRecord:
    call = state.calls.get(call_id)
    if call is None or call.home_id not in state.resident(resident_id).home_ids:
        raise not_found("call")
    _capable(door(state, call.door_id), capability)
    if call.state != "ringing":
        raise ApiError(409, "conflict", "The call is not ringing.")
    return call


def _answer(state: State, call: CallRecord, resident_id: str | None) -> None:
    call.state = "answered"
    state.save("call", call)
    state.emit(
        "call.answered",
        {
            **_call_ids(call),
            "answered_by": "indoor_unit" if resident_id is None else "app",
            "resident_id": resident_id,
        },
        state.residents_of(call.home_id),
    )


def _call_command(
    state: State,
    resident_id: str,
    call_id: str,
    capability: str,
    effect: Callable[[CallRecord], None],
) -> dict[str, str]:
    """Accept a command on a ringing call; when it completes, someone may have taken it."""
    call = _ringing_call(state, resident_id, call_id, capability)

    def run() -> str | None:
        if call.state != "ringing":
            return "conflict"
        effect(call)
        return None

    return state.command(resident_id, call.door_id, door(state, call.door_id).name, run)


def answer_call(state: State, resident_id: str, call_id: str) -> dict[str, str]:
    """Accept answering a ringing call in the resident's app."""
    return _call_command(
        state, resident_id, call_id, "answer", lambda call: _answer(state, call, resident_id)
    )


def answer_with_live_view(state: State, resident_id: str, call_id: str, door_id: str) -> None:
    """Answer a ringing call at door_id now: the live view opening carries the voice."""
    call = _ringing_call(state, resident_id, call_id, "answer")
    if call.door_id != door_id:
        raise ApiError(409, "conflict", "The call is not from this door station.")
    with state.change():
        _answer(state, call, resident_id)


def decline_call(state: State, resident_id: str, call_id: str) -> dict[str, str]:
    """Accept declining a ringing call: the gate and the indoor unit stop ringing."""
    return _call_command(
        state, resident_id, call_id, "decline", lambda call: _end(state, call, "declined")
    )


def answer_at_indoor_unit(state: State, call_id: str) -> None:
    """Someone at home picks up the indoor unit (control API)."""
    call = state.calls.get(call_id)
    if call is None:
        raise not_found("call")
    if call.state != "ringing":
        raise ApiError(409, "conflict", "The call is not ringing.")
    with state.change():
        _answer(state, call, None)


def _call_ids(call: CallRecord) -> dict[str, object]:
    return {"call_id": call.id, "door_id": call.door_id, "home_id": call.home_id}


def _end(state: State, call: CallRecord, reason: str) -> None:
    call.state = _CALL_END_STATES[reason]
    call.ended_at = iso(state.now())
    state.save("call", call)
    audience = state.residents_of(call.home_id)
    state.emit("call.ended", {**_call_ids(call), "reason": reason}, audience)


def ring(state: State, door_id: str, home_id: str) -> dict[str, str]:
    """A visitor calls a home from a door station (control API)."""
    station = door(state, door_id)
    if home_id not in {home.id for home in seed.HOMES}:
        raise not_found("home")
    with state.change():
        call = CallRecord(state.next_id("call"), station.id, home_id, "ringing", iso(state.now()))
        state.calls[call.id] = call
        state.save("call", call)
        state.emit("call.ringing", _call_ids(call), state.residents_of(home_id))
    return {"call_id": call.id}


def end_call(state: State, call_id: str, reason: str) -> None:
    """The visitor hangs up, nobody answers, or the indoor unit declines (control API)."""
    call = state.calls.get(call_id)
    if call is None:
        raise not_found("call")
    if reason not in {"hung_up", "missed", "declined"}:
        raise invalid("reason must be hung_up, missed or declined.")
    if call.state not in {"ringing", "answered"}:
        raise ApiError(409, "conflict", "The call is over.")
    with state.change():
        _end(state, call, reason)


# --- visitor passes -----------------------------------------------------------------------


def _optional_text(body: dict[str, object], key: str) -> str | None:
    value = body.get(key)
    return None if value is None else str(value)


def create_pass(
    state: State, resident_id: str, home_id: str, body: dict[str, object]
) -> dict[str, object]:
    """Issue a visitor pass from a VisitorPassCreate body (checked by the spec)."""
    home = state.home(resident_id, home_id)
    valid_from, valid_until = window(body)
    # JSON Schema counts 3.0 as an integer too; the spec check let only numbers through.
    uses = int(cast("float", body["uses_allowed"]))
    name, phone = _optional_text(body, "visitor_name"), _optional_text(body, "visitor_phone")
    taken = {p.code for p in state.passes.values() if p.status(state.now()) == "active"}
    code = next(
        c for c in iter(lambda: f"{secrets.randbelow(1_000_000):06d}", "") if c not in taken
    )
    with state.change():
        pass_id = state.next_id("pass")
        record = PassRecord(
            id=pass_id,
            home_id=home.id,
            code=code,
            qr_payload=f"SCV1:{pass_id}:{code}:{int(valid_until.timestamp())}",
            valid_from=iso(valid_from),
            valid_until=iso(valid_until),
            uses_allowed=uses,
            visitor_name=name,
            visitor_phone=phone,
            created_at=iso(state.now()),
        )
        state.passes[record.id] = record
        state.save("pass", record)
    return record.to_wire(state.now())


def passes(state: State, resident_id: str, home_id: str) -> list[dict[str, object]]:
    """A home's passes, newest first."""
    home = state.home(resident_id, home_id)
    mine = [p.to_wire(state.now()) for p in state.passes.values() if p.home_id == home.id]
    return mine[::-1]


def revoke_pass(state: State, resident_id: str, pass_id: str) -> dict[str, object]:
    """Revoke a pass (idempotent)."""
    record = state.passes.get(pass_id)
    if record is None or record.home_id not in state.resident(resident_id).home_ids:
        raise not_found("visitor pass")
    with state.change():
        record.revoked = True
        state.save("pass", record)
    return record.to_wire(state.now())


def recognise(
    state: State, door_id: str, method: str, resident_id: str | None, code: str | None
) -> dict[str, bool]:
    """Someone presents a face, card, PIN or QR code at a door (control API)."""
    station = door(state, door_id)
    if method not in {"face", "card", "pin", "qr", "remote"}:
        raise invalid("method must be face, card, pin, qr or remote.")
    with state.change():
        if method in {"pin", "qr"}:
            return {"opened": _use_pass(state, station, method, code)}
        if resident_id not in {resident.id for resident in seed.RESIDENTS}:
            _deny(state, station, method, "unknown_person", state.residents_of(*station.home_ids))
            return {"opened": False}
        resident = state.resident(str(resident_id))
        person = {"id": resident.id, "name": resident.name}
        state.emit(
            "door.opened",
            {"door_id": station.id, "method": method, "person": person},
            state.home_mates(resident.id),
        )
        return {"opened": True}


def _deny(
    state: State, station: DoorRecord, method: str, reason: str, audience: frozenset[str]
) -> None:
    """A refusal goes to the homes it concerns: a pass's home, or those the door serves."""
    state.emit(
        "access.denied", {"door_id": station.id, "method": method, "reason": reason}, audience
    )


def _use_pass(state: State, station: DoorRecord, method: str, code: str | None) -> bool:
    now = state.now()
    record = next((p for p in reversed(state.passes.values()) if p.code == code), None)
    if record is None:
        _deny(state, station, method, "unknown_person", state.residents_of(*station.home_ids))
        return False
    household = state.residents_of(record.home_id)
    status = record.status(now)
    valid_from = parse_iso(record.valid_from)
    if status == "active" and valid_from is not None and valid_from > now:
        status = "outside_schedule"
    if status != "active":
        _deny(state, station, method, status, household)
        return False
    record.uses += 1
    state.save("pass", record)
    state.emit(
        "visitor.arrived",
        {
            "pass_id": record.id,
            "door_id": station.id,
            "home_id": record.home_id,
            "visitor_name": record.visitor_name,
        },
        household,
    )
    state.emit("door.opened", {"door_id": station.id, "method": method, "person": None}, household)
    return True


# --- notices, elevators, devices ----------------------------------------------------------


def notices(state: State, limit: int) -> list[dict[str, object]]:
    """Newest first."""
    return [notice.to_wire() for notice in reversed(list(state.notices.values())[-limit:])]


def publish_notice(
    state: State, title: str, body: str, category: str, important: bool
) -> dict[str, str]:
    """The property manager publishes a notice (control API)."""
    if category not in {"general", "maintenance", "safety", "event"}:
        raise invalid("Unknown category.")
    with state.change():
        notice = NoticeRecord(
            state.next_id("notice"), title, body, category, important, iso(state.now())
        )
        state.notices[notice.id] = notice
        state.save("notice", notice)
        state.emit(
            "notice.published",
            {
                "notice_id": notice.id,
                "title": title,
                "body": body,
                "category": category,
                "important": important,
            },
        )
    return {"notice_id": notice.id}


def call_elevator(state: State, resident_id: str, home_id: str, direction: str) -> dict[str, str]:
    """Accept an elevator call to the home's floor, to go the way the bank goes from there."""
    home = state.home(resident_id, home_id)
    bank = next(b for b in seed.ELEVATOR_BANKS if b.id == home.elevator_bank_id)
    if (direction == "up" and home.floor >= bank.highest_floor) or (
        direction == "down" and home.floor <= bank.lowest_floor
    ):
        raise ApiError(409, "unsupported", f"{bank.name} cannot go {direction} from there.")
    return state.command(
        resident_id,
        bank.id,
        bank.name,
        lambda: state.elevator_calls.append((home_id, direction)),
    )


def set_online(state: State, device_id: str, online: bool) -> None:
    """A device goes online or offline (control API)."""
    device = state.devices.get(device_id)
    if device is None:
        raise not_found("device")
    if device.online == online:
        return
    with state.change():
        state.devices[device_id] = DeviceRecord(device.id, device.device_type, online)
        state.save("device", state.devices[device_id])
        state.emit(
            "device.online" if online else "device.offline",
            {"device_id": device.id, "device_type": device.device_type},
        )
