"""The simulator-only control API under /control/, mirroring CommunityServer's methods."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from aiohttp import web

from .stations import NewDoor
from .wire import invalid, json_body

if TYPE_CHECKING:
    from .server import CommunityServer


def _text(body: dict[str, object], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise invalid(f"{key} must be a string.")
    return value


def _optional_text(body: dict[str, object], key: str) -> str | None:
    return None if body.get(key) is None else _text(body, key)


def _texts(body: dict[str, object], key: str) -> list[str]:
    value = body.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid(f"{key} must be a list of strings.")
    return value


_DOOR_FIELDS = {
    "id",
    "name",
    "home_ids",
    "kind",
    "release",
    "capabilities",
    "location",
    "model",
    "manufacturer",
    "firmware_version",
}


def _new_door(body: dict[str, object]) -> NewDoor:
    # Unknown keys are refused so that a misspelt optional one is not silently dropped.
    if set(body) - _DOOR_FIELDS:
        raise invalid("Unknown fields in the body.")
    return NewDoor(
        name=_text(body, "name"),
        home_ids=_texts(body, "home_ids"),
        kind=_text(body, "kind"),
        release=_text(body, "release"),
        capabilities=_texts(body, "capabilities"),
        location=_optional_text(body, "location") or "",
        model=_text(body, "model"),
        manufacturer=_text(body, "manufacturer"),
        firmware_version=_text(body, "firmware_version"),
        door_id=_optional_text(body, "id"),
    )


def _flag(body: dict[str, object], key: str) -> bool:
    value = body.get(key)
    if not isinstance(value, bool):
        raise invalid(f"{key} must be true or false.")
    return value


def _number(body: dict[str, object], key: str, default: int) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{key} must be an integer.")
    return value


def _optional_number(body: dict[str, object], key: str) -> int | None:
    return None if body.get(key) is None else _number(body, key, 0)


def control_routes(server: CommunityServer) -> list[web.RouteDef]:
    """Routes that drive the server object."""

    def action(
        method: str, path: str, run: Callable[[web.Request, dict[str, object]], object]
    ) -> web.RouteDef:
        async def handler(request: web.Request) -> web.Response:
            result = run(request, await json_body(request))
            return web.json_response(result if isinstance(result, dict) else {"ok": True})

        return web.route(method, f"/control{path}", handler)

    def match(request: web.Request, key: str) -> str:
        return request.match_info[key]

    def fault(body: dict[str, object]) -> None:
        delay = body.get("delay", 0)
        if isinstance(delay, bool) or not isinstance(delay, int | float):
            raise invalid("delay must be a number.")
        server.add_fault(
            _number(body, "status", 0),
            _number(body, "count", 1),
            retry_after=_number(body, "retry_after", 1),
            delay=float(delay),
            path_prefix=str(body.get("path_prefix", "/v1")),
        )

    async def restart(_: web.Request) -> web.Response:
        server.restart_soon()
        return web.json_response({"ok": True})

    return [
        action(
            "POST",
            "/doors/{id}/ring",
            lambda r, b: {"call_id": server.ring(match(r, "id"), _text(b, "home_id"))},
        ),
        action(
            "POST",
            "/calls/{id}/end",
            lambda r, b: server.end_call(match(r, "id"), _text(b, "reason")),
        ),
        action("GET", "/calls", lambda r, b: {"calls": server.calls()}),
        action(
            "POST",
            "/calls/{id}/answer",
            lambda r, b: server.answer_at_indoor_unit(match(r, "id")),
        ),
        action(
            "POST",
            "/doors/{id}/recognise",
            lambda r, b: {
                "opened": server.recognise(
                    match(r, "id"),
                    _text(b, "method"),
                    resident_id=_optional_text(b, "resident_id"),
                    code=_optional_text(b, "code"),
                )
            },
        ),
        action("POST", "/doors/{id}/close", lambda r, b: server.close_door(match(r, "id"))),
        action(
            "POST",
            "/parking/enter",
            lambda r, b: {
                "session_id": server.vehicle_enter(_text(b, "plate"), _text(b, "gate_id"))
            },
        ),
        action(
            "POST",
            "/parking/exit",
            lambda r, b: {
                "session_id": server.vehicle_exit(_text(b, "plate"), _text(b, "gate_id"))
            },
        ),
        action(
            "POST",
            "/parking/spaces/{id}",
            lambda r, b: server.set_space(match(r, "id"), _flag(b, "occupied")),
        ),
        action(
            "POST",
            "/parking/rights/{id}/expiring",
            lambda r, b: server.right_expiring(match(r, "id")),
        ),
        action(
            "POST",
            "/notices",
            lambda r, b: {
                "notice_id": server.publish_notice(
                    _text(b, "title"),
                    _text(b, "body"),
                    str(b.get("category", "general")),
                    important=bool(b.get("important", False)),
                )
            },
        ),
        action("POST", "/doors", lambda r, b: {"door_id": server.add_door(_new_door(b))}),
        action("DELETE", "/doors/{id}", lambda r, b: server.remove_door(match(r, "id"))),
        action(
            "POST",
            "/platform",
            lambda r, b: server.set_api_version(_text(b, "api_version")),
        ),
        action(
            "POST",
            "/devices/{id}",
            lambda r, b: server.set_online(match(r, "id"), _flag(b, "online")),
        ),
        action(
            "POST",
            "/events",
            lambda r, b: server.emit(
                _text(b, "type"),
                _data(b),
                count=_number(b, "count", 1),
                home_id=_optional_text(b, "home_id"),
            ),
        ),
        action("POST", "/tokens/expire", lambda r, b: server.expire_access_tokens()),
        action("POST", "/tokens/revoke", lambda r, b: server.revoke_tokens()),
        action(
            "POST",
            "/tokens/lifetime",
            lambda r, b: server.set_login_lifetime(_optional_number(b, "seconds")),
        ),
        action(
            "POST",
            "/streams/drop",
            lambda r, b: server.drop_streams(
                after_frames=_number(b, "after_frames", 0), times=_number(b, "times", 0)
            ),
        ),
        action("POST", "/streams/raw", lambda r, b: server.send_raw(_text(b, "text"))),
        action("POST", "/faults", lambda r, b: fault(b)),
        action("GET", "/state", lambda r, b: server.stats()),
        action("GET", "/webrtc", lambda r, b: server.live_view_stats()),
        web.post("/control/restart", restart),
    ]


def _data(body: dict[str, object]) -> dict[str, object]:
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise invalid("data must be an object.")
    return data
