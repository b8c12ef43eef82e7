"""The event stream side of the server: replay by cursor, live fan-out, heartbeats, drops."""

import asyncio
from dataclasses import dataclass, field
import json

from aiohttp import web

from .state import State
from .store import Row
from .wire import iso

HELLO_TIMEOUT = 10.0
CLOSE_BAD_HELLO = 4000


def event_frame(row: Row) -> str:
    """An event as a text frame; data is already JSON."""
    cursor, event_type, time, data = row
    return (
        f'{{"cursor":{cursor},"type":{json.dumps(event_type)},"time":{json.dumps(time)},'
        f'"data":{data}}}'
    )


@dataclass(slots=True, eq=False)
class _Subscriber:
    ws: web.WebSocketResponse
    request: web.Request
    queue: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    sent: int = 0


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

    @property
    def open_streams(self) -> int:
        """How many streams are connected."""
        return len(self._subscribers)

    def publish(self, rows: list[Row]) -> None:
        """Queue stored events for every live stream."""
        frames = [event_frame(row) for row in rows]
        for subscriber in self._subscribers:
            for frame in frames:
                subscriber.queue.put_nowait(frame)

    def send_raw(self, text: str) -> None:
        """Queue a text frame as is, e.g. malformed JSON (control API)."""
        for subscriber in self._subscribers:
            subscriber.queue.put_nowait(text)

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

    def _opening(self, resume_after: int | None) -> list[str]:
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
        frames = [event_frame(row) for row in self.state.store.events_after(resume_after)]
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

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """Serve one authenticated stream until either side closes it."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        try:
            hello = await ws.receive_json(timeout=HELLO_TIMEOUT)
            resume_after = hello["resume_after"]
            if resume_after is not None and (
                isinstance(resume_after, bool) or not isinstance(resume_after, int)
            ):
                raise TypeError
        except TimeoutError, TypeError, KeyError, ValueError:
            await ws.close(code=CLOSE_BAD_HELLO, message=b'expected {"resume_after": cursor}')
            return ws
        subscriber = _Subscriber(ws, request)
        # Registering and reading the replay happen without an await in between, so no
        # event falls between the two and none is in both.
        self._subscribers.add(subscriber)
        writer = asyncio.create_task(self._write(subscriber, self._opening(resume_after)))
        try:
            async for _ in ws:
                pass
        finally:
            self._subscribers.discard(subscriber)
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
        return ws

    async def _write(self, subscriber: _Subscriber, opening: list[str]) -> None:
        for frame in opening:
            await self._send(subscriber, frame)
        while True:
            try:
                async with asyncio.timeout(self.heartbeat_interval):
                    frame = await subscriber.queue.get()
            except TimeoutError:
                frame = json.dumps({"type": "stream.heartbeat", "time": iso(self.state.now())})
            await self._send(subscriber, frame)

    async def _send(self, subscriber: _Subscriber, frame: str) -> None:
        await subscriber.ws.send_str(frame)
        subscriber.sent += 1
        faults = self.faults
        if faults.times > 0 and subscriber.sent >= faults.after_frames:
            faults.times -= 1
            self._drop(subscriber)
            raise ConnectionResetError("dropped on purpose")
