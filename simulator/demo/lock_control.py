"""The demo's own control API: what a person does at the virtual lock.

`POST /control/lock/operate` `{"action": "lock"|"unlock"|"unlatch", "method":
"fingerprint"|"pin"|"card"|"key"|"manual", "slot"?}` moves the bolt as if done at the door;
`POST /control/lock/door` `{"open"}` flips the door sensor; `POST /control/lock/pairing`
puts the lock in pairing mode; `GET /control/lock` answers its state. Loopback only.
"""

from __future__ import annotations

from aiohttp import web

from simulator.blelock import VirtualLock, wire

ACTIONS = {"lock": wire.OP_LOCK, "unlock": wire.OP_UNLOCK, "unlatch": wire.OP_UNLATCH}
# Activity-log method codes (docs/protocols/ble-lock.md); "app" and "auto-lock" are the
# lock's own and cannot be played from outside.
METHODS = {"fingerprint": 1, "pin": 2, "card": 3, "key": 4, "manual": 7}
_MAX_SLOT = 250


async def _body(request: web.Request) -> dict[str, object]:
    try:
        body: object = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(reason="the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(reason="the body must be a JSON object")
    return {str(key): value for key, value in body.items()}


def _choice[T](body: dict[str, object], key: str, choices: dict[str, T]) -> T:
    value = body.get(key)
    if not isinstance(value, str) or value not in choices:
        raise web.HTTPBadRequest(reason=f"{key!r} must be one of {', '.join(choices)}")
    return choices[value]


def _state(lock: VirtualLock) -> web.Response:
    return web.json_response(
        {
            "address": lock.address,
            "lock_state": lock.lock_state,
            "door_state": lock.door_state,
            "battery": lock.battery,
            "pairing_mode": lock.pairing_mode,
            "paired_keys": len(lock.keys),
            "next_log_index": lock.next_log_index,
        }
    )


def lock_routes(lock: VirtualLock) -> list[web.RouteDef]:
    """Routes that act on `lock`."""

    async def operate(request: web.Request) -> web.Response:
        body = await _body(request)
        opcode = _choice(body, "action", ACTIONS)
        method = _choice(body, "method", METHODS)
        slot = body.get("slot", 1)
        if not isinstance(slot, int) or isinstance(slot, bool) or not 0 <= slot <= _MAX_SLOT:
            raise web.HTTPBadRequest(reason=f"'slot' must be 0-{_MAX_SLOT}")
        lock.operate(opcode, method, slot)
        return _state(lock)

    async def door(request: web.Request) -> web.Response:
        is_open = (await _body(request)).get("open")
        if not isinstance(is_open, bool):
            raise web.HTTPBadRequest(reason="'open' must be true or false")
        lock.set_door(is_open=is_open)
        return _state(lock)

    async def pairing(_: web.Request) -> web.Response:
        lock.press_pairing_button()
        return _state(lock)

    async def state(_: web.Request) -> web.Response:
        return _state(lock)

    return [
        web.post("/control/lock/operate", operate),
        web.post("/control/lock/door", door),
        web.post("/control/lock/pairing", pairing),
        web.get("/control/lock", state),
    ]
