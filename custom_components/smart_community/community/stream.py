"""The event stream: one WebSocket, resumed by cursor, delivered exactly once and in order."""

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
import logging
import random
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

import aiohttp

from .backoff import Backoff
from .errors import (
    CommunityAuthError,
    CommunityCommandError,
    CommunityCommandTimeoutError,
    CommunityConnectionError,
    CommunityError,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
)
from .events import (
    CallRinging,
    CommandResult,
    Event,
    RingPicture,
    StreamHeartbeat,
    StreamReady,
    StreamResyncRequired,
    UnknownEvent,
    parse_frame,
    parse_ring_picture,
)
from .translate import transport_errors

if TYPE_CHECKING:
    from .client import CommunityClient

_LOGGER = logging.getLogger(__name__)

# The server closes a stream with this code when its access token expires or its login is
# revoked (docs/protocols/community-api.md §9): refresh once, then resume from the cursor.
CLOSE_TOKEN_INVALID = 4001
# The API version whose streams send a live ring's picture when the hello asks (§9.2).
RING_PICTURES_API_VERSION = (1, 6)
# Live rings whose picture may still come; a station's picture follows its ring closely.
_RINGS_AWAITING_PICTURES = 64


class _Sleep(Protocol):
    def __call__(self, delay: float, /) -> Awaitable[None]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamOptions:
    """Callbacks and timings of an event stream; every timing is injectable for tests.

    With on_event set, events go to the callback; without it they queue up for
    `async for event in stream`. ring_pictures, asked at each connection, says whether to
    ask for the pictures of live rings (a RingPicture after the CallRinging); only a
    platform of API 1.6 or later knows the request.
    """

    on_event: Callable[[Event], None] | None = None
    on_connection_change: Callable[[bool], None] | None = None
    on_resync_needed: Callable[[], None] | None = None
    ring_pictures: Callable[[], bool] | None = None
    backoff_initial: float = 1.0
    backoff_max: float = 300.0
    backoff_factor: float = 2.0
    jitter: float = 1.0
    heartbeat_timeout: float = 45.0
    kept_results: int = 256
    rng: random.Random | None = None
    sleep: _Sleep = field(default=asyncio.sleep)


class EventStream:
    """Keeps the account's event stream connected and hands out each event once."""

    def __init__(
        self,
        client: CommunityClient,
        resume_after: int | None = None,
        options: StreamOptions | None = None,
    ) -> None:
        """Resume after the given cursor (None: start with live events)."""
        self._client = client
        self._options = options = options or StreamOptions()
        self._last_cursor = resume_after
        self._backoff = Backoff(
            options.backoff_initial,
            options.backoff_max,
            options.backoff_factor,
            options.jitter,
            options.rng,
        )
        self._queue: asyncio.Queue[Event | None] | None = (
            asyncio.Queue() if options.on_event is None else None
        )
        self._task: asyncio.Task[None] | None = None
        self._connected = False
        # Between a resumed connection's start and its stream.ready: the server replays.
        self._replaying = False
        self._live = asyncio.Event()
        self._error: CommunityError | None = None
        self._results: OrderedDict[str, CommandResult] = OrderedDict()
        self._waiters: dict[str, asyncio.Future[CommandResult]] = {}
        self._unknown_types: set[str] = set()
        # This connection's live rings, by cursor, until their picture comes.
        self._rings: OrderedDict[int, CallRinging] = OrderedDict()
        self._ring_pictures = False
        # Set when the server closed for the token; cleared once a connection is ready.
        self._refreshed_for_close = False

    @property
    def last_cursor(self) -> int | None:
        """The cursor of the last event handed out; persist it to resume later."""
        return self._last_cursor

    @property
    def ring_pictures(self) -> bool:
        """Whether this connection asked for the pictures of live rings."""
        return self._ring_pictures

    @property
    def connected(self) -> bool:
        """Whether the stream is live (replay done)."""
        return self._connected

    async def wait_connected(self) -> None:
        """Return once the stream is live (use with asyncio.timeout)."""
        await self._live.wait()

    @property
    def error(self) -> CommunityError | None:
        """Why the stream gave up for good (only a refused login does that)."""
        return self._error

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        """Run in a task of its own until stop()."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self.run(), name="community event stream"
            )

    async def stop(self) -> None:
        """Disconnect and stop reconnecting."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def __aenter__(self) -> Self:
        """Start on entry."""
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop on exit."""
        await self.stop()

    def __aiter__(self) -> Self:
        """Iterate over events (only without an on_event callback)."""
        if self._queue is None:
            raise TypeError("this stream hands its events to on_event")
        return self

    async def __anext__(self) -> Event:
        """The next event; ends when the stream stops, raises if it gave up."""
        if self._queue is None:
            raise TypeError("this stream hands its events to on_event")
        event = await self._queue.get()
        if event is None:
            self._queue.put_nowait(None)
            if self._error is not None:
                raise self._error
            raise StopAsyncIteration
        return event

    async def run(self) -> None:
        """Connect, consume, and reconnect with backoff until cancelled or refused."""
        try:
            while True:
                try:
                    token_closed = await self._consume()
                    delay = self._backoff.next_delay()
                    if token_closed is not None and not self._refreshed_for_close:
                        self._refreshed_for_close = True
                        await self._client.refresh(token_closed)
                        delay = 0.0
                except CommunityAuthError as err:
                    self._error = err
                    _LOGGER.warning("Community event stream stopped: %s", err)
                    return
                except CommunityRateLimitedError as err:
                    delay = max(err.retry_after, self._backoff.next_delay())
                    _LOGGER.info("Community event stream rate limited for %.0f s", delay)
                except (CommunityConnectionError, CommunityInvalidResponseError) as err:
                    delay = self._backoff.next_delay()
                    _LOGGER.info("Community event stream lost (%s); retrying in %.1f s", err, delay)
                except Exception:
                    # Nothing the platform sends may end the stream for good: only a refused
                    # login or an unload does.
                    delay = self._backoff.next_delay()
                    _LOGGER.exception(
                        "Community event stream failed after cursor %s; retrying in %.1f s",
                        self._last_cursor,
                        delay,
                    )
                self._set_connected(False)
                await self._options.sleep(delay)
        finally:
            self._set_connected(False)
            if self._queue is not None:
                self._queue.put_nowait(None)

    # --- one connection ---------------------------------------------------------------

    async def _consume(self) -> str | None:
        """One connection; returns the access token it used if the server closed for it."""
        ws = await self._client.connect_events()
        tokens = self._client.tokens
        token = "" if tokens is None else tokens.access_token
        self._replaying = self._last_cursor is not None
        asked = self._options.ring_pictures
        self._ring_pictures = asked is not None and asked()
        self._rings.clear()
        hello: dict[str, int | bool | None] = {"resume_after": self._last_cursor}
        if self._ring_pictures:
            hello["ring_pictures"] = True
        try:
            with transport_errors():
                await ws.send_json(hello)
            while True:
                try:
                    message = await ws.receive(timeout=self._options.heartbeat_timeout)
                except TimeoutError:
                    raise CommunityConnectionError(
                        f"no frame for {self._options.heartbeat_timeout:g} s"
                    ) from None
                if message.type is aiohttp.WSMsgType.TEXT:
                    self._handle(message.data)
                elif message.type is aiohttp.WSMsgType.BINARY:
                    self._picture(message.data)
                else:
                    _LOGGER.debug("Community event stream closed: %s", message.type.name)
                    return token if ws.close_code == CLOSE_TOKEN_INVALID else None
        finally:
            await ws.close()

    def _handle(self, text: str) -> None:
        try:
            frame = parse_frame(text)
        except CommunityInvalidResponseError as err:
            _LOGGER.warning(
                "Skipped a malformed frame on the community event stream after cursor %s: %s",
                self._last_cursor,
                err,
            )
            return
        match frame:
            case StreamReady(latest_cursor=latest):
                if self._last_cursor is None:
                    self._last_cursor = latest
                self._backoff.reset()
                self._replaying = False
                self._refreshed_for_close = False
                self._set_connected(True)
            case StreamHeartbeat():
                pass
            case StreamResyncRequired(latest_cursor=latest):
                _LOGGER.info("Community event history no longer reaches our cursor; resyncing")
                self._last_cursor = latest
                self._call(self._options.on_resync_needed)
            case _:
                self._deliver(frame)

    def _deliver(self, event: Event) -> None:
        if self._last_cursor is not None and event.cursor <= self._last_cursor:
            return
        self._last_cursor = event.cursor
        if self._replaying:
            event = replace(event, replayed=True)
        if isinstance(event, UnknownEvent) and event.type not in self._unknown_types:
            self._unknown_types.add(event.type)
            _LOGGER.debug("Ignoring unknown community event type %r", event.type)
        if isinstance(event, CommandResult):
            self._settle(event)
        if isinstance(event, CallRinging) and self._ring_pictures and not event.replayed:
            self._rings[event.cursor] = event
            while len(self._rings) > _RINGS_AWAITING_PICTURES:
                self._rings.popitem(last=False)
        self._hand_out(event)

    def _hand_out(self, event: Event) -> None:
        if self._queue is not None:
            self._queue.put_nowait(event)
        elif (on_event := self._options.on_event) is not None:
            self._call(lambda: on_event(event))

    def _picture(self, frame: bytes) -> None:
        """A ring's picture: handed out after its ring, never on its own."""
        try:
            cursor, picture = parse_ring_picture(frame)
        except CommunityInvalidResponseError as err:
            _LOGGER.warning("Skipped a malformed picture on the community event stream: %s", err)
            return
        if (ring := self._rings.pop(cursor, None)) is None:
            _LOGGER.debug("Skipped a picture for no live ring of this stream (cursor %s)", cursor)
            return
        self._hand_out(
            RingPicture(
                cursor=ring.cursor,
                time=ring.time,
                call_id=ring.call_id,
                door_id=ring.door_id,
                home_id=ring.home_id,
                picture=picture,
            )
        )

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            if connected:
                self._live.set()
            else:
                self._live.clear()
            if (callback := self._options.on_connection_change) is not None:
                self._call(lambda: callback(connected))

    @staticmethod
    def _call(callback: Callable[[], None] | None) -> None:
        if callback is None:
            return
        try:
            callback()
        except Exception:
            _LOGGER.exception("A community event stream callback failed")

    # --- commands ---------------------------------------------------------------------

    def _settle(self, result: CommandResult) -> None:
        waiter = self._waiters.pop(result.request_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(result)
            return
        # The result can beat the 202 reply; keep it until command() looks for it.
        self._results[result.request_id] = result
        while len(self._results) > self._options.kept_results:
            self._results.popitem(last=False)

    async def command(self, request: Awaitable[str], within: float = 15.0) -> CommandResult:
        """Send a command (e.g. client.open_door(...)) and wait for its command.result.

        Raises CommunityCommandError when the result says it failed, and
        CommunityCommandTimeoutError when no result arrives within that many seconds.
        """
        request_id = await request
        result = self._results.pop(request_id, None)
        if result is None:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters[request_id] = waiter
            try:
                async with asyncio.timeout(within):
                    result = await waiter
            except TimeoutError:
                raise CommunityCommandTimeoutError(request_id) from None
            finally:
                self._waiters.pop(request_id, None)
        if not result.ok:
            raise CommunityCommandError(
                result.error_code or "failed", result.error_message or "command failed"
            )
        return result
