"""Acceptance: 429 honours Retry-After, 5xx and timeouts back off, bad frames are skipped."""

import asyncio
from collections.abc import AsyncIterator, Callable
import json
import logging
import socket

import aiohttp
from aiohttp import web
import pytest

from custom_components.smart_community.community import (
    CommunityClient,
    CommunityConnectionError,
    CommunityInvalidResponseError,
    CommunityRateLimitedError,
    CommunityServerError,
    CommunityTLSError,
    EventStream,
    NoticePublished,
    StreamOptions,
    UnknownEvent,
)
from simulator.community import CommunityServer

from .fixtures import PASSWORD, USERNAME, next_event


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        """Start at zero."""
        self.now = 0.0

    def __call__(self) -> float:
        """The current time."""
        return self.now


class RecordingSleep:
    """Records backoff delays and moves a fake clock instead of waiting."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        """No delays yet."""
        self.delays: list[float] = []
        self.clock = clock or FakeClock()

    async def __call__(self, delay: float) -> None:
        """Record and advance the clock; no time passes for real."""
        self.delays.append(delay)
        self.clock.now += delay


async def test_rate_limit_honours_retry_after(
    server: CommunityServer, make_client: Callable[..., CommunityClient]
) -> None:
    """After a 429 nothing is sent until Retry-After has passed."""
    clock = FakeClock()
    client = make_client(monotonic=clock)
    await client.login(USERNAME, PASSWORD)
    server.add_fault(429, retry_after=7)
    with pytest.raises(CommunityRateLimitedError) as limited:
        await client.get_account()
    assert limited.value.retry_after == 7
    requests = server.stats()["requests"]
    clock.now = 6.5
    with pytest.raises(CommunityRateLimitedError) as still:
        await client.get_notices()
    assert still.value.retry_after == pytest.approx(0.5)
    assert server.stats()["requests"] == requests
    clock.now = 7.0
    assert await client.get_notices()
    assert server.stats()["requests"] == requests + 1


async def test_server_errors_are_typed(server: CommunityServer, client: CommunityClient) -> None:
    """5xx answers raise a connection-class error carrying the status."""
    server.add_fault(503)
    with pytest.raises(CommunityServerError) as failed:
        await client.get_occupancy()
    assert failed.value.status == 503
    assert isinstance(failed.value, CommunityConnectionError)
    assert await client.get_occupancy()


async def test_timeout(
    server: CommunityServer, make_client: Callable[..., CommunityClient]
) -> None:
    """A request that takes too long is a connection error, not a hang."""
    client = make_client(request_timeout=0.1)
    await client.login(USERNAME, PASSWORD)
    server.add_fault(0, delay=0.5, path_prefix="/v1/me")
    with pytest.raises(CommunityConnectionError, match="TimeoutError"):
        await client.get_account()


async def test_unreachable(session: aiohttp.ClientSession) -> None:
    """Nothing listening is a connection error."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = CommunityClient(session, f"http://127.0.0.1:{port}")
    with pytest.raises(CommunityConnectionError):
        await client.login(USERNAME, PASSWORD)


async def test_tls_failure_is_distinguishable(
    server: CommunityServer, session: aiohttp.ClientSession
) -> None:
    """Talking TLS to a plain server fails as CommunityTLSError."""
    client = CommunityClient(session, server.url.replace("http://", "https://"))
    with pytest.raises(CommunityTLSError):
        await client.login(USERNAME, PASSWORD)


@pytest.fixture
async def odd_server() -> AsyncIterator[tuple[str, list[web.Response]]]:
    """A loopback server answering every request with the next queued response."""
    answers: list[web.Response] = []

    async def answer(request: web.Request) -> web.Response:
        return answers.pop(0)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}", answers
    await runner.cleanup()


async def test_responses_that_break_the_protocol(
    odd_server: tuple[str, list[web.Response]], session: aiohttp.ClientSession
) -> None:
    """Not JSON, wrong types, a non-JPEG snapshot, or 200 for a command: invalid responses."""
    url, answers = odd_server
    tokens = {"access_token": "a" * 16, "refresh_token": "r" * 16, "token_type": "Bearer"}
    client = CommunityClient(session, url)
    answers.append(web.json_response({**tokens, "expires_in": 900, "refresh_expires_in": 2592000}))
    await client.login(USERNAME, PASSWORD)
    answers.append(web.Response(text="<html>maintenance</html>"))
    with pytest.raises(CommunityInvalidResponseError, match="not JSON"):
        await client.get_account()
    answers.append(web.json_response({"doors": [{"id": 1}]}))
    with pytest.raises(CommunityInvalidResponseError, match=r"response\.doors\[0\]\.id"):
        await client.get_doors("home")
    answers.append(web.Response(body=b"GIF89a"))
    with pytest.raises(CommunityInvalidResponseError, match="JPEG"):
        await client.get_snapshot("door")
    answers.append(web.json_response({"request_id": "req-1"}))
    with pytest.raises(CommunityInvalidResponseError, match="202"):
        await client.open_door("door")


async def test_stream_backs_off_on_server_errors(
    server: CommunityServer, client: CommunityClient
) -> None:
    """Each failed handshake doubles the delay; a working connection resets it."""
    sleep = RecordingSleep()
    server.add_fault(503, count=4, path_prefix="/v1/events")
    options = StreamOptions(backoff_initial=1.0, jitter=0.0, sleep=sleep)
    async with client.event_stream(None, options) as stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
    assert sleep.delays == [1.0, 2.0, 4.0, 8.0]


async def test_stream_honours_retry_after(
    server: CommunityServer, make_client: Callable[..., CommunityClient]
) -> None:
    """A 429 on the handshake waits at least Retry-After, and sends nothing meanwhile."""
    clock = FakeClock()
    client = make_client(monotonic=clock)
    await client.login(USERNAME, PASSWORD)
    sleep = RecordingSleep(clock)
    server.add_fault(429, retry_after=30, path_prefix="/v1/events")
    options = StreamOptions(backoff_initial=1.0, jitter=0.0, sleep=sleep)
    async with client.event_stream(None, options) as stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
    assert sleep.delays == [30.0]


async def test_stream_heartbeat_timeout(
    server: CommunityServer, client: CommunityClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Silence longer than the heartbeat timeout counts as a dead connection."""
    changes: list[bool] = []
    reconnected = asyncio.Event()

    def on_change(connected: bool) -> None:
        changes.append(connected)
        if changes == [True, False, True]:
            reconnected.set()

    options = StreamOptions(
        on_event=lambda event: None,
        on_connection_change=on_change,
        heartbeat_timeout=0.2,
        backoff_initial=0.001,
    )
    async with client.event_stream(None, options):
        async with asyncio.timeout(5):
            await reconnected.wait()
    assert "no frame for 0.2 s" in caplog.text
    assert server.stats()["requests"] >= 3


async def test_malformed_frames_are_skipped(
    server: CommunityServer, stream: EventStream, caplog: pytest.LogCaptureFixture
) -> None:
    """Bad JSON, wrong types and unknown types never stop the consumer, and are logged."""
    caplog.set_level(logging.DEBUG)
    server.send_raw("{not json")
    server.send_raw('{"cursor": "seven", "type": "door.opened", "time": "x", "data": {}}')
    # A type from a newer platform: the reference server only emits types of the spec, so
    # the frames are sent as is, and two known events then move its cursor past them.
    latest = server.state.latest_cursor
    for cursor in (latest + 1, latest + 2):
        frame = {"cursor": cursor, "type": "lift.arrived", "time": "2026-11-28T08:00:00Z"}
        server.send_raw(json.dumps({**frame, "data": {"floor": 12}}))
    server.emit("device.online", {"device_id": "gate-B1-in", "device_type": "gate"}, count=2)
    server.publish_notice("Still here", "The stream survived.")
    unknown = await next_event(stream, UnknownEvent)
    assert unknown.type == "lift.arrived"
    assert (await next_event(stream, UnknownEvent)).cursor == unknown.cursor + 1
    assert (await next_event(stream, NoticePublished)).title == "Still here"
    assert stream.connected
    malformed = [r for r in caplog.records if "Skipped a malformed frame" in r.getMessage()]
    assert len(malformed) == 2
    assert "not JSON" in malformed[0].getMessage()
    assert "frame.cursor: expected an integer" in malformed[1].getMessage()
    unknown_lines = [r for r in caplog.records if "unknown community event type" in r.message]
    assert len(unknown_lines) == 1
    assert unknown_lines[0].levelno == logging.DEBUG


async def test_callback_errors_do_not_stop_the_stream(
    server: CommunityServer, client: CommunityClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing on_event callback is logged; later events still arrive."""
    seen: list[int] = []
    second = asyncio.Event()

    def on_event(event: object) -> None:
        seen.append(1)
        if len(seen) == 1:
            raise RuntimeError("consumer bug")
        second.set()

    async with client.event_stream(None, StreamOptions(on_event=on_event)) as stream:
        async with asyncio.timeout(5):
            await stream.wait_connected()
        server.publish_notice("One", "1")
        server.publish_notice("Two", "2")
        async with asyncio.timeout(5):
            await second.wait()
    assert "callback failed" in caplog.text
    with pytest.raises(TypeError):
        aiter(stream)


async def test_resync_when_cursor_is_too_old(
    server: CommunityServer, client: CommunityClient, db_path: object
) -> None:
    """A cursor older than the history triggers on_resync_needed and continues live."""
    server.history_limit = 10
    await server.restart()
    server.emit("device.online", {"device_id": "gate-B1-in", "device_type": "gate"}, count=30)
    resynced = asyncio.Event()
    options = StreamOptions(on_event=lambda event: None, on_resync_needed=resynced.set)
    async with client.event_stream(1, options) as stream:
        async with asyncio.timeout(5):
            await resynced.wait()
            await stream.wait_connected()
        assert stream.last_cursor == server.state.latest_cursor
