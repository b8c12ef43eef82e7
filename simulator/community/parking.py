"""The parking lot: places, occupancy, sessions, assigned rights and barrier gates."""

from . import seed
from .records import RightRecord, SessionRecord, SpaceRecord
from .state import State
from .store import EVERYONE
from .wire import ApiError, iso, not_found, window

_PLACE = str(seed.LOT["id"])


def places(state: State) -> list[dict[str, object]]:
    """The PlaceList of the community."""
    assigned = seed.ASSIGNED_SPACES
    areas = [
        {
            "id": area_id,
            "name": name,
            "capacity": seed.SPACES_PER_AREA,
            "spaces": [
                {
                    "id": sid,
                    "name": sname,
                    "area_id": area_id,
                    "assigned_home_id": assigned.get(sid),
                }
                for sid, sname, space_area in seed.space_ids()
                if space_area == area_id
            ],
        }
        for area_id, name, _ in seed.AREAS
    ]
    return [{"id": _PLACE, "name": seed.LOT["name"], "capacity": len(state.spaces), "areas": areas}]


def _lot_counts(state: State) -> tuple[int, int]:
    occupied = sum(space.occupied for space in state.spaces.values())
    return occupied, len(state.spaces) - occupied


def occupancy(state: State) -> dict[str, object]:
    """The Occupancy report."""
    occupied, free = _lot_counts(state)
    latest = max(space.detection_update_time for space in state.spaces.values())
    return {
        "lots": [
            {
                "place_id": _PLACE,
                "capacity": len(state.spaces),
                "occupied": occupied,
                "free": free,
                "detection_update_time": latest,
            }
        ],
        "spaces": [
            {
                "space_id": space.id,
                "occupied": space.occupied,
                "detection_update_time": space.detection_update_time,
            }
            for space in state.spaces.values()
        ],
    }


def _flip(state: State, space_id: str, occupied: bool) -> None:
    space = SpaceRecord(space_id, occupied, iso(state.now()))
    state.spaces[space_id] = space
    state.save("space", space)
    lot_occupied, lot_free = _lot_counts(state)
    # A space a home owns or rents is that home's business; the rest of the lot is public.
    owner = seed.ASSIGNED_SPACES.get(space_id)
    state.emit(
        "parking.occupancy_changed",
        {
            "place_id": _PLACE,
            "space_id": space_id,
            "occupied": occupied,
            "lot_occupied": lot_occupied,
            "lot_free": lot_free,
            "detection_update_time": space.detection_update_time,
        },
        EVERYONE if owner is None else state.residents_of(owner),
    )


def set_space(state: State, space_id: str, occupied: bool) -> None:
    """A space sensor reports (control API)."""
    if space_id not in state.spaces:
        raise not_found("parking space")
    with state.change():
        _flip(state, space_id, occupied)


def _my_rights(state: State, resident_id: str) -> list[RightRecord]:
    homes = set(state.resident(resident_id).home_ids)
    return [right for right in state.rights.values() if right.home_id in homes]


def sessions(
    state: State, resident_id: str, active: bool | None, limit: int
) -> list[dict[str, object]]:
    """Sessions of the resident's vehicles and visitors, newest first."""
    rights = {right.id for right in _my_rights(state, resident_id)}
    mine = [
        s
        for s in state.sessions.values()
        if s.right_id in rights and (active is None or (s.actual_end is None) == active)
    ]
    return [s.to_wire() for s in reversed(mine[-limit:])]


def rights(state: State, resident_id: str) -> list[dict[str, object]]:
    """The resident's assigned rights."""
    return [right.to_wire(state.now()) for right in _my_rights(state, resident_id)]


def create_permit(state: State, resident_id: str, body: dict[str, object]) -> dict[str, object]:
    """Issue a visitor vehicle permit from a VisitorPermitCreate body (checked by the spec)."""
    home = state.home(resident_id, str(body["home_id"]))
    plate = str(body["plate"])
    valid_from, valid_until = window(body)
    with state.change():
        right = RightRecord(
            state.next_id("right"),
            "visitor_permit",
            home.id,
            plate,
            _PLACE,
            None,
            iso(valid_from),
            iso(valid_until),
        )
        state.rights[right.id] = right
        state.save("right", right)
    return right.to_wire(state.now())


def revoke_right(state: State, resident_id: str, right_id: str) -> dict[str, object]:
    """Revoke a visitor permit."""
    right = next((r for r in _my_rights(state, resident_id) if r.id == right_id), None)
    if right is None:
        raise not_found("assigned right")
    if right.kind != "visitor_permit":
        raise ApiError(409, "conflict", "Only visitor permits can be revoked.")
    with state.change():
        right.revoked = True
        state.save("right", right)
    return right.to_wire(state.now())


def right_expiring(state: State, right_id: str) -> None:
    """Announce that a right ends soon (control API)."""
    right = state.rights.get(right_id)
    if right is None:
        raise not_found("assigned right")
    with state.change():
        state.emit(
            "parking.right_expiring",
            {
                "right_id": right.id,
                "kind": right.kind,
                "plate": right.plate,
                "valid_until": right.valid_until,
            },
            state.residents_of(right.home_id),
        )


def gates(state: State) -> list[dict[str, object]]:
    """The GateList."""
    return [
        {
            "id": gate.id,
            "name": gate.name,
            "place_id": _PLACE,
            "direction": gate.direction,
            "online": state.online(gate.id),
        }
        for gate in seed.GATES
    ]


def _gate(gate_id: str, direction: str | None = None) -> seed.Gate:
    for gate in seed.GATES:
        if gate.id == gate_id and direction in {None, gate.direction}:
            return gate
    raise not_found(f"{direction or ''} gate".strip())


def open_gate(state: State, resident_id: str, gate_id: str) -> dict[str, str]:
    """Accept raising a barrier."""
    gate = _gate(gate_id)
    return state.command(resident_id, gate.id, gate.name, lambda: None)


def _session_audience(state: State, session: SessionRecord) -> frozenset[str]:
    """A plate is personal: its session goes to the home whose right let it in, or to nobody."""
    right = state.rights.get(session.right_id) if session.right_id is not None else None
    return frozenset() if right is None else state.residents_of(right.home_id)


def vehicle_enter(state: State, plate: str, gate_id: str) -> dict[str, str]:
    """A car passes the entry barrier (control API): session and occupancy events."""
    gate = _gate(gate_id, "entry")
    now = state.now()
    if any(s.plate == plate and s.actual_end is None for s in state.sessions.values()):
        raise ApiError(409, "conflict", "That vehicle is already inside.")
    right = next(
        (r for r in state.rights.values() if r.plate == plate and r.status(now) == "active"), None
    )
    space_id = right.space_id if right is not None else None
    if space_id is None:
        space_id = next(
            (
                sid
                for sid, space in state.spaces.items()
                if not space.occupied and sid not in seed.ASSIGNED_SPACES
            ),
            None,
        )
    with state.change():
        session = SessionRecord(
            state.next_id("sess"),
            plate,
            _PLACE,
            gate.id,
            iso(now),
            right.id if right is not None else None,
            space_id,
        )
        state.sessions[session.id] = session
        state.save("session", session)
        state.emit(
            "parking.session_started",
            {
                "session_id": session.id,
                "plate": plate,
                "place_id": _PLACE,
                "gate_id": gate.id,
                "actual_start": session.actual_start,
                "right_id": session.right_id,
            },
            _session_audience(state, session),
        )
        if space_id is not None:
            _flip(state, space_id, occupied=True)
    return {"session_id": session.id}


def vehicle_exit(state: State, plate: str, gate_id: str) -> dict[str, str]:
    """A car passes the exit barrier (control API)."""
    gate = _gate(gate_id, "exit")
    session = next(
        (s for s in state.sessions.values() if s.plate == plate and s.actual_end is None), None
    )
    if session is None:
        raise not_found("vehicle inside")
    with state.change():
        session.exit_gate_id = gate.id
        session.actual_end = iso(state.now())
        state.save("session", session)
        state.emit(
            "parking.session_ended",
            {
                "session_id": session.id,
                "plate": plate,
                "place_id": _PLACE,
                "gate_id": gate.id,
                "actual_end": session.actual_end,
                "right_id": session.right_id,
            },
            _session_audience(state, session),
        )
        if session.space_id is not None:
            _flip(state, session.space_id, occupied=False)
    return {"session_id": session.id}
