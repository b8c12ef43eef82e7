"""Community API v1 over HTTP: the routes of openapi.yaml."""

from datetime import UTC, datetime
import json

from aiohttp import web

from . import auth, intercom, parking, seed, stations
from .hub import Hub
from .snapshot import snapshot
from .state import State
from .wire import invalid, iso, json_body

STATE = web.AppKey("state", State)
HUB = web.AppKey("hub", Hub)
STREAM_URL_TTL = 300

routes = web.RouteTableDef()


def _state(request: web.Request) -> State:
    return request.app[STATE]


def _resident(request: web.Request) -> str:
    return auth.authenticate(_state(request), request.headers.get("Authorization"))


def _limit(request: web.Request) -> int:
    text = request.query.get("limit", "50")
    if not text.isdigit() or not 1 <= int(text) <= 200:
        raise invalid("limit must be an integer from 1 to 200.")
    return int(text)


def _json(body: object, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=_dumps)


def _dumps(value: object) -> str:
    # Plates and names stay readable on the wire instead of \u escapes.
    return json.dumps(value, ensure_ascii=False)


@routes.post("/v1/auth/token")
async def token(request: web.Request) -> web.Response:
    """Password and refresh grants."""
    body = await json_body(request)
    grant = body.get("grant_type")
    if grant == "password" and set(body) == {"grant_type", "username", "password"}:
        username, password = body["username"], body["password"]
        if isinstance(username, str) and isinstance(password, str):
            return _json(auth.password_grant(_state(request), username, password))
    if grant == "refresh_token" and set(body) == {"grant_type", "refresh_token"}:
        refresh_token = body["refresh_token"]
        if isinstance(refresh_token, str):
            return _json(auth.refresh_grant(_state(request), refresh_token))
    raise invalid("Expected a password or refresh_token grant.")


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
    body = await json_body(request)
    return _json(intercom.create_pass(state, resident, request.match_info["home_id"], body), 201)


@routes.post("/v1/visitor-passes/{pass_id}/revoke")
async def revoke_pass(request: web.Request) -> web.Response:
    """Revoke a pass."""
    state, resident = _state(request), _resident(request)
    return _json(intercom.revoke_pass(state, resident, request.match_info["pass_id"]))


@routes.get("/v1/notices")
async def notices(request: web.Request) -> web.Response:
    """Announcements."""
    _resident(request)
    return _json({"notices": intercom.notices(_state(request), _limit(request))})


@routes.post("/v1/homes/{home_id}/elevator/call")
async def elevator(request: web.Request) -> web.Response:
    """Elevator call command."""
    state, resident = _state(request), _resident(request)
    body = await json_body(request)
    home_id = request.match_info["home_id"]
    return _json(intercom.call_elevator(state, resident, home_id, body), 202)


@routes.get("/v1/parking/places")
async def places(request: web.Request) -> web.Response:
    """The place hierarchy."""
    _resident(request)
    return _json({"places": parking.places(_state(request))})


@routes.get("/v1/parking/occupancy")
async def occupancy(request: web.Request) -> web.Response:
    """Occupancy per lot and space."""
    _resident(request)
    return _json(parking.occupancy(_state(request)))


@routes.get("/v1/parking/sessions")
async def sessions(request: web.Request) -> web.Response:
    """Parking sessions."""
    state, resident = _state(request), _resident(request)
    active_text = request.query.get("active")
    if active_text not in {None, "true", "false"}:
        raise invalid("active must be true or false.")
    active = None if active_text is None else active_text == "true"
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
    return _json(parking.create_permit(state, resident, await json_body(request)), 201)


@routes.post("/v1/parking/rights/{right_id}/revoke")
async def revoke_right(request: web.Request) -> web.Response:
    """Revoke a visitor vehicle permit."""
    state, resident = _state(request), _resident(request)
    return _json(parking.revoke_right(state, resident, request.match_info["right_id"]))


@routes.get("/v1/parking/gates")
async def gates(request: web.Request) -> web.Response:
    """Barrier gates."""
    _resident(request)
    return _json({"gates": parking.gates(_state(request))})


@routes.post("/v1/parking/gates/{gate_id}/open")
async def open_gate(request: web.Request) -> web.Response:
    """Barrier command."""
    _resident(request)
    return _json(parking.open_gate(_state(request), request.match_info["gate_id"]), 202)


@routes.get("/v1/events")
async def events(request: web.Request) -> web.StreamResponse:
    """The event stream."""
    _resident(request)
    return await request.app[HUB].handle(request)
