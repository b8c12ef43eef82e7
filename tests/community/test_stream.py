"""Event stream details: duplicates, command correlation, lifecycle."""

import asyncio
import json

import pytest

from custom_components.smart_community.community import (
    AnsweredBy,
    CallAnswered,
    CommandResult,
    CommunityClient,
    CommunityCommandTimeoutError,
    EventStream,
    NoticePublished,
    SessionEnded,
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


async def test_replayed_events_are_marked(server: CommunityServer, stream: EventStream) -> None:
    """Events sent while the stream catches up after a drop say so; live ones do not."""
    server.publish_notice("Live", "1")
    live = await next_event(stream, NoticePublished)
    server.drop_streams()
    server.publish_notice("While away", "2")
    late = await next_event(stream, NoticePublished)
    server.publish_notice("Live again", "3")
    again = await next_event(stream, NoticePublished)

    assert [(e.title, e.replayed) for e in (live, late, again)] == [
        ("Live", False),
        ("While away", True),
        ("Live again", False),
    ]


async def test_who_answered_and_on_which_right(
    server: CommunityServer, client: CommunityClient, stream: EventStream
) -> None:
    """call.answered names the resident who answered in the app; session_ended its right."""
    call_id = server.ring("door-north-gate", "home-3-1-1203")
    await stream.command(client.answer_call(call_id))
    answered = await next_event(stream, CallAnswered)
    server.answer_at_indoor_unit(server.ring("door-north-gate", "home-3-1-1203"))
    at_home = await next_event(stream, CallAnswered)
    server.vehicle_enter("粤B·12345")
    server.vehicle_exit("粤B·12345")
    left = await next_event(stream, SessionEnded)

    assert (answered.answered_by, answered.resident_id) == (AnsweredBy.APP, "res-1")
    assert (at_home.answered_by, at_home.resident_id) == (AnsweredBy.INDOOR_UNIT, None)
    assert left.right_id == "right-0001"
