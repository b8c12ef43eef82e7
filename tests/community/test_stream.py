"""Event stream details: duplicates, command correlation, lifecycle."""

import asyncio
import json

import pytest

from custom_components.smart_community.community import (
    CommandResult,
    CommunityClient,
    CommunityCommandTimeoutError,
    EventStream,
    NoticePublished,
    StreamOptions,
)
from simulator.community import CommunityServer

from .fixtures import next_event


async def test_duplicates_are_dropped(server: CommunityServer, stream: EventStream) -> None:
    """A frame with a cursor already seen is not handed out again."""
    server.publish_notice("First", "1")
    first = await next_event(stream, NoticePublished)
    replayed = {
        "cursor": first.cursor,
        "type": "notice.published",
        "time": "2026-11-28T08:00:00Z",
        "data": {"notice_id": "n", "title": "Again", "category": "general", "important": False},
    }
    server.send_raw(json.dumps(replayed))
    server.publish_notice("Second", "2")
    second = await next_event(stream, NoticePublished)
    assert (second.title, second.cursor) == ("Second", first.cursor + 1)
    assert stream.last_cursor == second.cursor


async def test_result_before_waiting(client: CommunityClient, stream: EventStream) -> None:
    """A command.result that arrives before command() looks for it is kept for it."""
    request_id = await client.open_door("door-north-gate")
    result = await next_event(stream, CommandResult)
    assert result.request_id == request_id

    async def already_sent() -> str:
        return request_id

    assert await stream.command(already_sent()) == result


async def test_command_timeout(
    server: CommunityServer, client: CommunityClient, stream: EventStream
) -> None:
    """No result in time: a timeout error naming the request."""
    server.command_delay = 60
    await server.restart()
    async with asyncio.timeout(5):
        await stream.wait_connected()
    with pytest.raises(CommunityCommandTimeoutError) as timed_out:
        await stream.command(client.open_gate("gate-B1-out"), within=0.05)
    assert timed_out.value.code == "timeout"
    assert timed_out.value.request_id.startswith("req-")


async def test_old_results_are_forgotten(client: CommunityClient) -> None:
    """Only the most recent results are kept for late lookups."""
    options = StreamOptions(kept_results=1)
    async with client.event_stream(None, options) as stream:
        await stream.wait_connected()
        first = await client.open_door("door-north-gate")
        await next_event(stream, CommandResult)
        await client.open_door("door-north-gate")
        await next_event(stream, CommandResult)

        async def sent() -> str:
            return first

        with pytest.raises(CommunityCommandTimeoutError):
            await stream.command(sent(), within=0.05)


async def test_lifecycle(client: CommunityClient) -> None:
    """start() twice runs once; stop() ends iteration; stop() without start is harmless."""
    idle = client.event_stream()
    await idle.stop()
    stream = client.event_stream()
    stream.start()
    stream.start()
    await stream.wait_connected()
    states = [stream.connected]
    await stream.stop()
    states.append(stream.connected)
    assert states == [True, False]
    assert [event async for event in stream] == []
    assert stream.error is None
    with pytest.raises(TypeError):
        await anext(client.event_stream(None, StreamOptions(on_event=print)))
