"""Community API v1 over HTTP: the routes of openapi.yaml."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
import json
from typing import cast

from aiohttp import web

from . import auth, intercom, parking, seed, stations
from .hub import Hub
from .snapshot import snapshot
from .spec import spec
from .state import State
from .webrtc import LiveViews, parse_candidate
from .wire import iso

STATE = web.AppKey("state", State)
HUB = web.AppKey("hub", Hub)
LIVE = web.AppKey("live", LiveViews)
RESIDENT = web.RequestKey("resident", str)
QUERY = web.RequestKey("query", dict[str, object])
BODY = web.RequestKey("body", object)
STREAM_URL_TTL = 300

routes = web.RouteTableDef()


@web.middleware
async def validate(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Route, authenticate and check every /v1 request against openapi.yaml first."""
    if not request.path.startswith("/v1/"):
        return await handler(request)
    operation = spec().route(request.method, request.path)
    if operation.secured:
        request[RESIDENT] = auth.authenticate(_state(request), request.headers.get("Authorization"))
    request[QUERY] = spec().query(operation, request.query)
    request[BODY] = spec().body(operation, await request.read())
    return await handler(request)


def _state(request: web.Request) -> State:
    return request.app[STATE]


def _resident(request: web.Request) -> str:
    return request[RESIDENT]


def _limit(request: web.Request) -> int:
    return int(cast("int", request[QUERY].get("limit", 50)))


def _body(request: web.Request) -> dict[str, object]:
    # The spec check let only objects through for every operation with a body.
    return cast("dict[str, object]", request[BODY])


def _json(body: object, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=_dumps)


def _dumps(value: object) -> str:
    # Plates and names stay readable on the wire instead of \u escapes.
    return json.dumps(value, ensure_ascii=False)


@routes.post("/v1/auth/token")
async def token(request: web.Request) -> web.Response:
    """Password and refresh grants (the spec check admits nothing else)."""
    body = _body(request)
    if body["grant_type"] == "password":
        username, password = str(body["username"]), str(body["password"])
        return _json(auth.password_grant(_state(request), username, password))
    return _json(auth.refresh_grant(_state(request), str(body["refresh_token"])))


@routes.get("/v1/me")
async def me(request: web.Request) -> web.Response:
    """The resident, community and homes."""
    state = _state(request)
    resident = state.resident(_resident(request))
    banks = [
        {
            "id": bank.id,
            "name": bank.name,
            "lowest_floor": bank.lowest_floor,
            "highest_floor": bank.highest_floor,
            "online": state.online(bank.id),
        }
        for bank in seed.ELEVATOR_BANKS
    ]
    homes = [
        {
            "id": home.id,
            "name": f"Building {home.building}, Unit {home.unit}, Room {home.room}",
            "building": home.building,
            "unit": home.unit,
            "floor": home.floor,
            "room": home.room,
            "elevator_bank_id": home.elevator_bank_id,
        }
        for home in (state.home(resident.id, home_id) for home_id in resident.home_ids)
    ]
    return _json(
        {
            "resident": {"id": resident.id, "name": resident.name, "phone": resident.phone},
            "community": {**seed.COMMUNITY, "elevator_banks": banks},
            "homes": homes,
            "platform": {
                "name": seed.PLATFORM_NAME,
                "api_version": ".".join(map(str, state.api_version)),
            },
        }
    )


@routes.get("/v1/homes/{home_id}/doors")
async def doors(request: web.Request) -> web.Response:
    """Door stations of a home."""
    state, resident = _state(request), _resident(request)
    return _json({"doors": stations.doors_for_home(state, resident, request.match_info["home_id"])})


@routes.post("/v1/doors/{door_id}/open")
async def open_door(request: web.Request) -> web.Response:
    """Door release command."""
    state, resident = _state(request), _resident(request)
    return _json(intercom.open_door(state, resident, request.match_info["door_id"]), 202)


@routes.get("/v1/doors/{door_id}/snapshot")
async def door_snapshot(request: web.Request) -> web.Response:
    """A JPEG picture."""
    state, resident = _state(request), _resident(request)
    station = intercom.camera_door(state, resident, request.match_info["door_id"], "snapshot")
    return web.Response(body=snapshot(station.name), content_type="image/jpeg")


@routes.get("/v1/doors/{door_id}/stream")
async def door_stream(request: web.Request) -> web.Response:
    """A short-lived RTSP URL."""
    state, resident = _state(request), _resident(request)
    station = intercom.camera_door(state, resident, request.match_info["door_id"], "stream")
    expires = state.now().timestamp() + STREAM_URL_TTL
    stream_token = auth.stream_token()
    url = f"rtsp://{request.url.host}:8554/{station.id}?token={stream_token}"
    return _json({"url": url, "expires_at": iso(datetime.fromtimestamp(expires, UTC))})


@routes.post("/v1/doors/{door_id}/webrtc")
async def open_live_view(request: web.Request) -> web.Response:
    """A WebRTC session: the offer in, the station's answer out."""
    body = _body(request)
    call_id = body.get("call_id")
    session = await request.app[LIVE].open(
        _resident(request),
        request.match_info["door_id"],
        str(body["offer"]),
        None if call_id is None else str(call_id),
    )
    return _json(session, 201)


@routes.post("/v1/webrtc/{session_id}/candidates")
async def live_view_candidate(request: web.Request) -> web.Response:
    """Trickle ICE from the resident's side; an empty candidate ends it."""
    body = _body(request)
    text = str(body["candidate"])
    mid, index = body.get("sdp_mid"), body.get("sdp_m_line_index")
    # The schema's integer admits 98.0, as JSON Schema's integers do.
    line = int(index) if isinstance(index, int | float) else None
    candidate = parse_candidate(text, None if mid is None else str(mid), line) if text else None
    live = request.app[LIVE]
    return _json(
        await live.add_candidate(_resident(request), request.match_info["session_id"], candidate)
    )


@routes.delete("/v1/webrtc/{session_id}")
async def close_live_view(request: web.Request) -> web.Response:
    """The resident closes the live view."""
    await request.app[LIVE].close(_resident(request), request.match_info["session_id"])
    return web.Response(status=204)


@routes.get("/v1/calls")
async def calls(request: web.Request) -> web.Response:
    """The call log."""
    state, resident = _state(request), _resident(request)
    return _json({"calls": intercom.calls(state, resident, _limit(request))})


@routes.post("/v1/calls/{call_id}/answer")
async def answer(request: web.Request) -> web.Response:
    """Answer command."""
    state, resident = _state(request), _resident(request)
    return _json(intercom.answer_call(state, resident, request.match_info["call_id"]), 202)


@routes.post("/v1/calls/{call_id}/decline")
async def decline(request: web.Request) -> web.Response:
    """Decline command."""
    state, resident = _state(request), _resident(request)
    return _json(intercom.decline_call(state, resident, request.match_info["call_id"]), 202)


@routes.get("/v1/homes/{home_id}/visitor-passes")
async def list_passes(request: web.Request) -> web.Response:
    """A home's passes."""
    state, resident = _state(request), _resident(request)
    return _json({"passes": intercom.passes(state, resident, request.match_info["home_id"])})


@routes.post("/v1/homes/{home_id}/visitor-passes")
async def create_pass(request: web.Request) -> web.Response:
    """Issue a pass."""
    state, resident = _state(request), _resident(request)
    home_id = request.match_info["home_id"]
    return _json(intercom.create_pass(state, resident, home_id, _body(request)), 201)


@routes.post("/v1/visitor-passes/{pass_id}/revoke")
async def revoke_pass(request: web.Request) -> web.Response:
    """Revoke a pass."""
    state, resident = _state(request), _resident(request)
    return _json(intercom.revoke_pass(state, resident, request.match_info["pass_id"]))


@routes.get("/v1/notices")
async def notices(request: web.Request) -> web.Response:
    """Announcements."""
    return _json({"notices": intercom.notices(_state(request), _limit(request))})


@routes.post("/v1/homes/{home_id}/elevator/call")
async def elevator(request: web.Request) -> web.Response:
    """Elevator call command."""
    state, resident = _state(request), _resident(request)
    home_id = request.match_info["home_id"]
    body = request[BODY]
    direction = str(body.get("direction", "down")) if isinstance(body, dict) else "down"
    return _json(intercom.call_elevator(state, resident, home_id, direction), 202)


@routes.get("/v1/parking/places")
async def places(request: web.Request) -> web.Response:
    """The place hierarchy."""
    return _json({"places": parking.places(_state(request))})


@routes.get("/v1/parking/occupancy")
async def occupancy(request: web.Request) -> web.Response:
    """Occupancy per lot and space."""
    return _json(parking.occupancy(_state(request)))


@routes.get("/v1/parking/sessions")
async def sessions(request: web.Request) -> web.Response:
    """Parking sessions."""
    state, resident = _state(request), _resident(request)
    active = cast("bool | None", request[QUERY].get("active"))
    return _json({"sessions": parking.sessions(state, resident, active, _limit(request))})


@routes.get("/v1/parking/rights")
async def rights(request: web.Request) -> web.Response:
    """Assigned rights."""
    state, resident = _state(request), _resident(request)
    return _json({"rights": parking.rights(state, resident)})


@routes.post("/v1/parking/rights")
async def create_permit(request: web.Request) -> web.Response:
    """Issue a visitor vehicle permit."""
    state, resident = _state(request), _resident(request)
    return _json(parking.create_permit(state, resident, _body(request)), 201)


@routes.post("/v1/parking/rights/{right_id}/revoke")
async def revoke_right(request: web.Request) -> web.Response:
    """Revoke a visitor vehicle permit."""
    state, resident = _state(request), _resident(request)
    return _json(parking.revoke_right(state, resident, request.match_info["right_id"]))


@routes.get("/v1/parking/gates")
async def gates(request: web.Request) -> web.Response:
    """Barrier gates."""
    return _json({"gates": parking.gates(_state(request))})


@routes.post("/v1/parking/gates/{gate_id}/open")
async def open_gate(request: web.Request) -> web.Response:
    """Barrier command."""
    state, resident = _state(request), _resident(request)
    return _json(parking.open_gate(state, resident, request.match_info["gate_id"]), 202)


@routes.get("/v1/events")
async def events(request: web.Request) -> web.StreamResponse:
    """The event stream."""
    record = auth.access_record(_state(request), request.headers.get("Authorization"))
    return await request.app[HUB].handle(request, record)
