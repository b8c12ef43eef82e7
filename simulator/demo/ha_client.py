"""A small client for Home Assistant's REST and WebSocket APIs, as its frontend uses them.

Only what a user's browser does: onboarding, login, config flows, services, registries.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import itertools
from typing import cast

import aiohttp

type Json = dict[str, object]

_REQUEST_TIMEOUT = 60.0


class HomeAssistantError(Exception):
    """Home Assistant refused a request or cannot be reached."""


def as_json(value: object, what: str) -> Json:
    """Narrow a decoded JSON value to an object, or raise."""
    if not isinstance(value, dict):
        raise HomeAssistantError(f"{what}: expected a JSON object, got {value!r}")
    return cast(Json, value)


def as_list(value: object, what: str) -> list[Json]:
    """Narrow a decoded JSON value to a list of objects, or raise."""
    if not isinstance(value, list):
        raise HomeAssistantError(f"{what}: expected a JSON list, got {value!r}")
    return [as_json(item, what) for item in cast(list[object], value)]


class HomeAssistantClient:
    """REST calls against one Home Assistant; `token` is set once logged in."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url.rstrip("/")
        self.token = ""
        # The whole token answer, which the frontend keeps as its login (`hassTokens`).
        self.tokens: Json = {}

    @property
    def client_id(self) -> str:
        """The OAuth client id the frontend uses: its own origin."""
        return f"{self.url}/"

    async def request(
        self, method: str, path: str, body: Json | None = None, *, auth: bool = True
    ) -> object:
        """Send one JSON request and return the decoded answer."""
        headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        try:
            async with self.session.request(
                method,
                self.url + path,
                json=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=_REQUEST_TIMEOUT),
            ) as response:
                if response.status >= 400:
                    text = await response.text()
                    raise HomeAssistantError(f"{method} {path}: {response.status} {text}")
                answer: object = await response.json(content_type=None)
                return answer
        except (aiohttp.ClientError, TimeoutError) as err:
            raise HomeAssistantError(f"{method} {path}: {err}") from err

    async def onboarding(self) -> set[str] | None:
        """The onboarding steps done so far, None once onboarding is over; raises if down."""
        try:
            async with self.session.get(f"{self.url}/api/onboarding") as response:
                if response.status == 404:
                    # The onboarding views are only served until the owner has finished.
                    return None
                steps = as_list(await response.json(content_type=None), "onboarding")
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            raise HomeAssistantError(f"onboarding: {err}") from err
        return {str(step["step"]) for step in steps if step.get("done")}

    async def exchange_code(self, code: str) -> None:
        """Trade an authorization code for an access token."""
        form = {"grant_type": "authorization_code", "code": code, "client_id": self.client_id}
        try:
            async with self.session.post(f"{self.url}/auth/token", data=form) as response:
                answer = as_json(await response.json(content_type=None), "token")
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            raise HomeAssistantError(f"token: {err}") from err
        token = answer.get("access_token")
        if not isinstance(token, str):
            raise HomeAssistantError(f"token refused: {answer}")
        self.token = token
        self.tokens = answer

    async def login(self, username: str, password: str) -> None:
        """Log in through the login flow, as the login page does."""
        flow = as_json(
            await self.request(
                "POST",
                "/auth/login_flow",
                {
                    "client_id": self.client_id,
                    "handler": ["homeassistant", None],
                    "redirect_uri": self.client_id,
                },
                auth=False,
            ),
            "login flow",
        )
        result = as_json(
            await self.request(
                "POST",
                f"/auth/login_flow/{flow['flow_id']}",
                {"username": username, "password": password, "client_id": self.client_id},
                auth=False,
            ),
            "login",
        )
        if result.get("type") != "create_entry":
            raise HomeAssistantError(f"login refused for {username}: {result.get('errors')}")
        await self.exchange_code(str(result["result"]))

    async def start_flow(self, handler: str) -> Json:
        """Start a config flow as the Add integration dialog does."""
        body: Json = {"handler": handler, "show_advanced_options": False}
        return as_json(await self.request("POST", "/api/config/config_entries/flow", body), handler)

    async def flow_step(self, flow_id: str, user_input: Json) -> Json:
        """Submit one step of a config flow."""
        path = f"/api/config/config_entries/flow/{flow_id}"
        return as_json(await self.request("POST", path, user_input), "flow step")

    async def flow_state(self, flow_id: str) -> Json:
        """The current step of a config flow (progress steps move on when asked again)."""
        path = f"/api/config/config_entries/flow/{flow_id}"
        return as_json(await self.request("GET", path), "flow")

    async def entries(self, domain: str) -> list[Json]:
        """The config entries of an integration."""
        path = f"/api/config/config_entries/entry?domain={domain}"
        return as_list(await self.request("GET", path), "entries")

    async def call_service(self, domain: str, service: str, data: Json) -> None:
        """Call a service action."""
        await self.request("POST", f"/api/services/{domain}/{service}", data)

    async def state(self, entity_id: str) -> Json | None:
        """An entity's state, or None when it has none."""
        try:
            return as_json(await self.request("GET", f"/api/states/{entity_id}"), entity_id)
        except HomeAssistantError as err:
            if ": 404 " in str(err):
                return None
            raise


class WebSocket:
    """One authenticated WebSocket connection: commands and subscriptions by message id."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[object]] = {}
        self._events: dict[int, asyncio.Queue[object]] = {}
        self._reader = asyncio.create_task(self._read())

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, client: HomeAssistantClient) -> AsyncIterator[WebSocket]:
        """Open and authenticate a connection; closed on exit."""
        url = client.url.replace("http", "ws", 1) + "/api/websocket"
        try:
            socket = await client.session.ws_connect(url, heartbeat=30)
            hello = as_json(await socket.receive_json(), "websocket")
            if hello.get("type") != "auth_required":
                raise HomeAssistantError(f"unexpected websocket greeting {hello}")
            await socket.send_json({"type": "auth", "access_token": client.token})
            answer = as_json(await socket.receive_json(), "websocket auth")
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            raise HomeAssistantError(f"websocket: {err}") from err
        if answer.get("type") != "auth_ok":
            await socket.close()
            raise HomeAssistantError("websocket authentication refused")
        connection = cls(socket)
        try:
            yield connection
        finally:
            connection._reader.cancel()
            await socket.close()

    async def command(self, message: Json) -> object:
        """Send a command and return its result."""
        message_id = next(self._ids)
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = future
        await self._socket.send_json({**message, "id": message_id})
        return await future

    @contextlib.asynccontextmanager
    async def subscribe(self, message: Json) -> AsyncIterator[asyncio.Queue[object]]:
        """Subscribe; the queue receives each event's payload until the block ends."""
        message_id = next(self._ids)
        queue: asyncio.Queue[object] = asyncio.Queue()
        self._events[message_id] = queue
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = future
        await self._socket.send_json({**message, "id": message_id})
        await future
        try:
            yield queue
        finally:
            del self._events[message_id]
            if not self._socket.closed:
                unsubscribe: Json = {"type": "unsubscribe_events", "subscription": message_id}
                with contextlib.suppress(HomeAssistantError):
                    await self.command(unsubscribe)

    async def _read(self) -> None:
        try:
            async for raw in self._socket:
                if raw.type is not aiohttp.WSMsgType.TEXT:
                    continue
                self._dispatch(as_json(raw.json(), "websocket message"))
        finally:
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(HomeAssistantError("websocket closed"))

    def _dispatch(self, message: Json) -> None:
        message_id = message.get("id")
        if not isinstance(message_id, int):
            return
        if message.get("type") == "event":
            if (queue := self._events.get(message_id)) is not None:
                queue.put_nowait(message.get("event"))
            return
        future = self._waiting.pop(message_id, None)
        if future is None or future.done():
            return
        if message.get("success"):
            future.set_result(message.get("result"))
        else:
            future.set_exception(HomeAssistantError(f"websocket: {message.get('error')}"))
