"""The event stream side of the server: replay by cursor, live fan-out, heartbeats, drops."""

import asyncio
from dataclasses import dataclass, field
import json
from typing import cast

from aiohttp import web

from . import auth
from .records import TokenRecord
from .snapshot import snapshot
from .spec import check, spec
from .state import State
from .store import EVERYONE, Row
from .wire import ApiError, decode, iso

HELLO_TIMEOUT = 10.0
# The API version that added ring pictures on the stream (§9.2).
RING_PICTURES_API = (1, 6)
CLOSE_BAD_HELLO = 4000
# The access token the stream was opened with expired or its login was revoked.
CLOSE_TOKEN_INVALID = 4001


def event_frame(row: Row) -> str:
    """An event as a text frame; data is already JSON."""
    cursor, event_type, time, data, _ = row
    return (
        f'{{"cursor":{cursor},"type":{json.dumps(event_type)},"time":{json.dumps(time)},'
        f'"data":{data}}}'
    )


def for_resident(row: Row, resident_id: str) -> bool:
    """Whether a stored event is this resident's to receive."""
    audience = row[4]
    return audience == EVERYONE or resident_id in audience.split(",")


class _BadHelloError(Exception):
    """The client's first frame is not a ClientHello."""


@dataclass(frozen=True, slots=True)
class _Hello:
    resume_after: int | None
    ring_pictures: bool


@dataclass(slots=True, eq=False)
class _Subscriber:
    ws: web.WebSocketResponse
    request: web.Request
    token: TokenRecord
    ring_pictures: bool = False
    queue: asyncio.Queue[str | bytes] = field(default_factory=asyncio.Queue)
    sent: int = 0
    writer: asyncio.Task[None] | None = None
    expiry: asyncio.TimerHandle | None = None
    closing: asyncio.Task[None] | None = None


@dataclass(slots=True)
class StreamFaults:
    """Close each stream after it has sent after_frames frames, times times in all."""

    after_frames: int = 0
    times: int = 0
    dropped: int = 0


class Hub:
    """Every open event stream of the server."""

    def __init__(self, state: State, heartbeat_interval: float, faults: StreamFaults) -> None:
        """Publish the state's events to every stream."""
        self.state = state
        self.heartbeat_interval = heartbeat_interval
        self.faults = faults
        self._subscribers: set[_Subscriber] = set()
        state.on_events = self.publish
        state.on_tokens_changed = self.check_tokens

    @property
    def open_streams(self) -> int:
        """How many streams are connected."""
        return len(self._subscribers)

    def publish(self, rows: list[Row]) -> None:
        """Queue stored events for the live streams of the residents they concern."""
        if not self._subscribers:
            return
        # Each frame is made once, however many streams it goes to.
        asked = any(subscriber.ring_pictures for subscriber in self._subscribers)
        frames = [
            (row, event_frame(row), self._ring_picture(row) if asked else None) for row in rows
        ]
        for subscriber in self._subscribers:
            resident = subscriber.token.resident_id
            for row, text, picture in frames:
                if for_resident(row, resident):
                    subscriber.queue.put_nowait(text)
                    if subscriber.ring_pictures and picture is not None:
                        subscriber.queue.put_nowait(picture)

    def _ring_picture(self, row: Row) -> bytes | None:
        """The picture a live ring's station took, as its binary frame (§9.2)."""
        cursor, event_type, _, data, _ = row
        if event_type != "call.ringing":
            return None
        station = self.state.doors.get(json.loads(data)["door_id"])
        if station is None or "snapshot" not in station.capabilities:
            return None
        return cursor.to_bytes(8, "big") + snapshot(station.name)

    def check_tokens(self) -> None:
        """Close every stream whose access token no longer works."""
        for subscriber in list(self._subscribers):
            if not auth.still_valid(self.state, subscriber.token):
                self._close_for_token(subscriber)

    def _close_for_token(self, subscriber: _Subscriber) -> None:
        if subscriber.closing is not None:
            return
        self._subscribers.discard(subscriber)

        async def close() -> None:
            if subscriber.writer is not None:
                subscriber.writer.cancel()
                await asyncio.gather(subscriber.writer, return_exceptions=True)
            await subscriber.ws.close(code=CLOSE_TOKEN_INVALID, message=b"token expired or revoked")

        subscriber.closing = asyncio.get_running_loop().create_task(close())

    def send_raw(self, frame: str | bytes) -> None:
        """Queue a frame as is, e.g. malformed JSON (control API) or a binary frame."""
        for subscriber in self._subscribers:
            subscriber.queue.put_nowait(frame)

    def drop_all(self) -> None:
        """Cut every stream without a closing handshake, losing frames in flight."""
        for subscriber in list(self._subscribers):
            self._drop(subscriber)

    def disconnect_all(self) -> None:
        """Cut every stream because the server stops (not counted as a drop)."""
        for subscriber in list(self._subscribers):
            self._abort(subscriber)

    def _drop(self, subscriber: _Subscriber) -> None:
        self.faults.dropped += 1
        self._abort(subscriber)

    def _abort(self, subscriber: _Subscriber) -> None:
        self._subscribers.discard(subscriber)
        if subscriber.request.transport is not None:
            subscriber.request.transport.abort()

    def _opening(self, resident_id: str, resume_after: int | None) -> list[str]:
        latest = self.state.latest_cursor
        if resume_after is None:
            return [self._ready(latest, 0)]
        oldest = self.state.store.oldest_cursor()
        if resume_after > latest or (
            resume_after < latest and (oldest is None or resume_after + 1 < oldest)
        ):
            resync = {
                "type": "stream.resync_required",
                "oldest_cursor": oldest or latest,
                "latest_cursor": latest,
            }
            return [json.dumps(resync), self._ready(latest, 0)]
        frames = [
            event_frame(row)
            for row in self.state.store.events_after(resume_after)
            if for_resident(row, resident_id)
        ]
        return [*frames, self._ready(latest, len(frames))]

    def _ready(self, latest: int, replayed: int) -> str:
        return json.dumps(
            {
                "type": "stream.ready",
                "latest_cursor": latest,
                "replayed": replayed,
                "heartbeat_interval": self.heartbeat_interval,
            }
        )

    async def handle(self, request: web.Request, token: TokenRecord) -> web.WebSocketResponse:
        """Serve one authenticated stream until either side closes it, or its token ends."""
        ws = web.WebSocketResponse()
        if not ws.can_prepare(request).ok:
            raise ApiError(400, "invalid_request", "GET /v1/events needs a WebSocket upgrade.")
        await ws.prepare(request)
        try:
            hello = await self._hello(ws, self.state.api_version)
        except _BadHelloError:
            await ws.close(code=CLOSE_BAD_HELLO, message=b'expected {"resume_after": cursor}')
            return ws
        if not auth.still_valid(self.state, token):
            await ws.close(code=CLOSE_TOKEN_INVALID, message=b"token expired or revoked")
            return ws
        subscriber = _Subscriber(ws, request, token, hello.ring_pictures)
        # Registering and reading the replay happen without an await in between, so no
        # event falls between the two and none is in both.
        self._subscribers.add(subscriber)
        opening = self._opening(token.resident_id, hello.resume_after)
        subscriber.writer = asyncio.create_task(self._write(subscriber, opening))
        remaining = token.expires_at - self.state.now().timestamp()
        subscriber.expiry = asyncio.get_running_loop().call_later(
            max(0.0, remaining), self.check_tokens
        )
        try:
            async for _ in ws:
                pass
        finally:
            self._subscribers.discard(subscriber)
            subscriber.expiry.cancel()
            subscriber.writer.cancel()
            await asyncio.gather(subscriber.writer, return_exceptions=True)
            if subscriber.closing is not None:
                await asyncio.gather(subscriber.closing, return_exceptions=True)
        return ws

    @staticmethod
    async def _hello(ws: web.WebSocketResponse, api_version: tuple[int, int]) -> _Hello:
        """The first frame, a ClientHello: the cursor to resume after, and what to send."""
        try:
            message = await ws.receive(timeout=HELLO_TIMEOUT)
        except TimeoutError:
            raise _BadHelloError from None
        if message.type is not web.WSMsgType.TEXT:
            raise _BadHelloError
        try:
            hello = decode(message.data.encode(), "hello")
            check(spec().schema("ClientHello"), hello, "hello")
        except ApiError, UnicodeEncodeError:
            raise _BadHelloError from None
        fields = cast("dict[str, float | bool | None]", hello)
        # A platform older than 1.6 knows no ring_pictures and refuses the hello, as 1.5 did.
        if "ring_pictures" in fields and api_version < RING_PICTURES_API:
            raise _BadHelloError
        cursor = fields["resume_after"]
        # JSON Schema counts 7.0 as an integer.
        return _Hello(
            resume_after=None if cursor is None else int(cursor),
            ring_pictures=fields.get("ring_pictures") is True,
        )

    async def _write(self, subscriber: _Subscriber, opening: list[str]) -> None:
        for first in opening:
            await self._send(subscriber, first)
        while True:
            frame: str | bytes
            try:
                async with asyncio.timeout(self.heartbeat_interval):
                    frame = await subscriber.queue.get()
            except TimeoutError:
                frame = json.dumps({"type": "stream.heartbeat", "time": iso(self.state.now())})
            await self._send(subscriber, frame)

    async def _send(self, subscriber: _Subscriber, frame: str | bytes) -> None:
        if isinstance(frame, bytes):
            await subscriber.ws.send_bytes(frame)
        else:
            await subscriber.ws.send_str(frame)
        subscriber.sent += 1
        faults = self.faults
        if faults.times > 0 and subscriber.sent >= faults.after_frames:
            faults.times -= 1
            self._drop(subscriber)
            raise ConnectionResetError("dropped on purpose")
