"""CommunityServer: the reference server's lifecycle, and its control operations as methods."""

import asyncio
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from aiohttp import web

from . import auth, intercom, parking, seed, stations
from .api import HUB, LIVE, STATE, routes, validate
from .control import control_routes
from .faults import Fault, Faults
from .hub import Hub, StreamFaults
from .spec import check, spec
from .state import State
from .stations import NewDoor
from .store import EVERYONE, Store
from .webrtc import SESSION_TTL, LiveViews
from .wire import error_shape, invalid, parse_version


class CommunityServer:
    """Serves Community API v1 on host:port, state in an SQLite file at db_path."""

    def __init__(
        self,
        db_path: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        heartbeat_interval: float = 15.0,
        history_limit: int = 50_000,
        access_ttl: int = 900,
        command_delay: float = 0.0,
        live_view_ttl: float = SESSION_TTL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Configure; port 0 picks a free port on start()."""
        self.db_path = db_path
        self.host = host
        self.port = port
        self.heartbeat_interval = heartbeat_interval
        self.history_limit = history_limit
        self.access_ttl = access_ttl
        self.command_delay = command_delay
        self.live_view_ttl = live_view_ttl
        self.clock = clock
        self.faults = Faults()
        self.stream_faults = StreamFaults()
        self.restarts = 0
        self._store: Store | None = None
        self._state: State | None = None
        self._hub: Hub | None = None
        self._live: LiveViews | None = None
        self._runner: web.AppRunner | None = None
        self._pending: set[asyncio.TimerHandle] = set()
        self._background: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        """Base URL of the running server."""
        return f"http://{self.host}:{self.port}"

    @property
    def state(self) -> State:
        """The live state (running servers only)."""
        if self._state is None:
            raise RuntimeError("the server is not running")
        return self._state

    @property
    def live_views(self) -> LiveViews:
        """The open WebRTC sessions (running servers only)."""
        if self._live is None:
            raise RuntimeError("the server is not running")
        return self._live

    @property
    def hub(self) -> Hub:
        """The event streams (running servers only)."""
        if self._hub is None:
            raise RuntimeError("the server is not running")
        return self._hub

    # --- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        """Load state from SQLite and listen."""
        self._store = Store(self.db_path)
        self._state = State(self._store, self.clock, self.history_limit)
        self._state.access_ttl = self.access_ttl
        self._state.defer = self._defer
        self._hub = Hub(self._state, self.heartbeat_interval, self.stream_faults)
        app = web.Application(middlewares=[error_shape, self.faults.middleware, validate])
        app[STATE] = self._state
        app[HUB] = self._hub
        self._live = app[LIVE] = LiveViews(self._state, self.live_view_ttl)
        app.add_routes(routes)
        app.add_routes(control_routes(self))
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close every connection and the database."""
        for handle in self._pending:
            handle.cancel()
        self._pending.clear()
        if self._hub is not None:
            self._hub.disconnect_all()
        if self._live is not None:
            await self._live.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._store is not None:
            self._store.close()
        self._runner = self._hub = self._live = self._state = self._store = None

    async def restart(self) -> None:
        """Stop and start again on the same port; only SQLite carries state across."""
        await self.stop()
        await self.start()
        self.restarts += 1

    def restart_soon(self) -> None:
        """Restart after the current request has been answered (control API)."""
        task = asyncio.get_running_loop().create_task(self.restart())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def wait_background(self) -> None:
        """Wait for restarts requested through the control API to finish."""
        await asyncio.gather(*self._background, return_exceptions=True)

    async def __aenter__(self) -> Self:
        """Start on entry."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop on exit, after any restart in progress."""
        await self.wait_background()
        await self.stop()

    def _defer(self, action: Callable[[], None]) -> None:
        def run() -> None:
            self._pending.discard(handle)
            action()

        handle = asyncio.get_running_loop().call_later(self.command_delay, run)
        self._pending.add(handle)

    # --- control operations -----------------------------------------------------------

    def ring(self, door_id: str, home_id: str) -> str:
        """A visitor calls a home; returns the call id."""
        return intercom.ring(self.state, door_id, home_id)["call_id"]

    def end_call(self, call_id: str, reason: str = "hung_up") -> None:
        """The visitor hangs up (hung_up), nobody answers (missed), or the indoor unit
        declines (declined)."""
        intercom.end_call(self.state, call_id, reason)

    def calls(self) -> list[dict[str, object]]:
        """Every call, newest first."""
        return [call.to_wire() for call in reversed(self.state.calls.values())]

    def answer_at_indoor_unit(self, call_id: str) -> None:
        """Someone at home picks up the indoor unit."""
        intercom.answer_at_indoor_unit(self.state, call_id)

    def recognise(
        self, door_id: str, method: str, *, resident_id: str | None = None, code: str | None = None
    ) -> bool:
        """A face, card, PIN or QR code at a door; returns whether it opened."""
        return intercom.recognise(self.state, door_id, method, resident_id, code)["opened"]

    def close_door(self, door_id: str) -> None:
        """Someone closes a latch door with a door sensor: door.closed."""
        intercom.close_door(self.state, door_id)

    def vehicle_enter(self, plate: str, gate_id: str = "gate-B1-in") -> str:
        """A car enters; returns the session id."""
        return parking.vehicle_enter(self.state, plate, gate_id)["session_id"]

    def vehicle_exit(self, plate: str, gate_id: str = "gate-B1-out") -> str:
        """A car leaves; returns the session id."""
        return parking.vehicle_exit(self.state, plate, gate_id)["session_id"]

    def set_space(self, space_id: str, occupied: bool) -> None:
        """A space sensor flips."""
        parking.set_space(self.state, space_id, occupied)

    def right_expiring(self, right_id: str) -> None:
        """Announce that a right ends soon."""
        parking.right_expiring(self.state, right_id)

    def publish_notice(
        self, title: str, body: str, category: str = "general", *, important: bool = False
    ) -> str:
        """Publish a notice; returns its id."""
        return intercom.publish_notice(self.state, title, body, category, important)["notice_id"]

    def set_online(self, device_id: str, online: bool) -> None:
        """A device goes online or offline."""
        intercom.set_online(self.state, device_id, online)

    def add_door(self, door: NewDoor) -> str:
        """The property installs a door station; returns its id."""
        return stations.add_door(self.state, door)["door_id"]

    def remove_door(self, door_id: str) -> None:
        """The property decommissions a door station."""
        stations.remove_door(self.state, door_id)

    def set_api_version(self, version: str) -> None:
        """The "major.minor" API version GET /v1/me reports, e.g. an outdated "1.2"."""
        self.state.set_api_version(parse_version(version))

    def emit(
        self,
        event_type: str,
        data: Mapping[str, object],
        *,
        count: int = 1,
        home_id: str | None = None,
    ) -> None:
        """An event of the spec, count times, in one transaction.

        It goes to the residents of home_id, or to the whole community without one.
        """
        schema = spec().event_types.get(event_type)
        if schema is None:
            raise invalid(f"{event_type} is not an event type of the spec.")
        check(spec().schema(schema), data, "data")
        if home_id is not None and home_id not in {home.id for home in seed.HOMES}:
            raise invalid("home_id must name a home of the community.")
        audience = EVERYONE if home_id is None else self.state.residents_of(home_id)
        with self.state.change():
            for _ in range(count):
                self.state.emit(event_type, data, audience)

    def expire_access_tokens(self) -> None:
        """Every access token expires now."""
        auth.expire_access_tokens(self.state)

    def set_login_lifetime(self, seconds: float | None) -> None:
        """Cap how long a password login lasts (None: refreshing extends it forever)."""
        self.state.login_lifetime = seconds

    def revoke_tokens(self) -> None:
        """Every token is revoked."""
        auth.revoke_tokens(self.state)

    def drop_streams(self, *, after_frames: int = 0, times: int = 0) -> None:
        """Drop every stream now, or each stream after after_frames frames, times times."""
        if times:
            self.stream_faults.after_frames = after_frames
            self.stream_faults.times = times
        else:
            self.hub.drop_all()

    def send_raw(self, frame: str | bytes) -> None:
        """Send a frame as is to every stream: text, or bytes as a binary frame."""
        self.hub.send_raw(frame)

    def add_fault(
        self,
        status: int,
        count: int = 1,
        *,
        retry_after: int = 1,
        delay: float = 0.0,
        path_prefix: str = "/v1",
    ) -> None:
        """The next count matching requests wait delay s, then fail with status (0: succeed)."""
        self.faults.add(Fault(status, count, retry_after, delay, path_prefix))

    def live_view_stats(self) -> dict[str, object]:
        """Open WebRTC sessions, with what each station heard of the resident."""
        return self.live_views.stats()

    def stats(self) -> dict[str, int]:
        """Counters for tests and demos."""
        return {
            "latest_cursor": self.state.latest_cursor,
            "open_streams": self.hub.open_streams,
            "drops": self.stream_faults.dropped,
            "refresh_grants": self.state.refresh_grants,
            "requests": self.faults.requests,
            "restarts": self.restarts,
        }
