"""Ring pictures on the stream (API 1.6): the station's picture follows each live ring."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
from hypothesis import given, strategies as st
import pytest

from custom_components.smart_community.community import (
    CallRinging,
    CommunityClient,
    CommunityInvalidResponseError,
    EventStream,
    NoticePublished,
    RingPicture,
    StreamOptions,
)
from custom_components.smart_community.community.events import parse_ring_picture
from simulator.community import CommunityServer
from simulator.community.snapshot import snapshot

from .fixtures import next_event

NORTH_GATE = "door-north-gate"
HOME = "home-3-1-1203"
JPEG = b"\xff\xd8\xff\xe0" + b"picture"


@pytest.fixture
async def picture_stream(client: CommunityClient) -> AsyncIterator[EventStream]:
    """resident1's event stream, asking for the pictures of live rings."""
    events = client.event_stream(
        None,
        StreamOptions(backoff_initial=0.01, backoff_max=0.05, ring_pictures=lambda: True),
    )
    async with events:
        async with asyncio.timeout(5):
            await events.wait_connected()
        yield events


async def test_a_live_ring_brings_its_picture(
    server: CommunityServer, picture_stream: EventStream
) -> None:
    """The picture comes right after its ring, named by the ring's call and door."""
    call_id = server.ring(NORTH_GATE, HOME)

    ring = await next_event(picture_stream, CallRinging)
    picture = await next_event(picture_stream, RingPicture)

    assert picture_stream.ring_pictures
    assert (ring.call_id, picture.call_id) == (call_id, call_id)
    assert (picture.door_id, picture.home_id, picture.cursor) == (NORTH_GATE, HOME, ring.cursor)
    assert picture.picture == snapshot("North gate")
    assert "picture=" not in repr(picture)


async def test_no_picture_unless_asked(server: CommunityServer, stream: EventStream) -> None:
    """A stream that did not ask gets the ring alone."""
    server.ring(NORTH_GATE, HOME)
    await next_event(stream, CallRinging)
    server.publish_notice("After the ring", "1")

    assert not isinstance(await anext(stream), RingPicture)
    assert not stream.ring_pictures


async def test_a_ring_caught_up_on_brings_no_picture(
    server: CommunityServer, picture_stream: EventStream
) -> None:
    """A ring replayed after a drop is over: a picture now would show someone else."""
    server.drop_streams()
    server.ring(NORTH_GATE, HOME)
    ring = await next_event(picture_stream, CallRinging)
    server.publish_notice("Live again", "1")

    assert ring.replayed
    assert isinstance(await anext(picture_stream), NoticePublished)


async def test_an_older_platform_refuses_the_request(
    server: CommunityServer, client: CommunityClient
) -> None:
    """A 1.5 platform closes a hello that asks for pictures, as it closes any unknown field;
    so the client asks only a platform of 1.6 or later."""
    server.set_api_version("1.5")
    ws = await client.connect_events()
    await ws.send_json({"resume_after": None, "ring_pictures": True})

    message = await ws.receive(timeout=5)

    assert message.type is aiohttp.WSMsgType.CLOSE
    assert ws.close_code == 4000
    await ws.close()


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x00" * 8 + JPEG,
        (7).to_bytes(8, "big") + b"not a picture",
        (7).to_bytes(8, "big"),
        b"\x01\x02",
    ],
)
async def test_a_bad_picture_frame_loses_nothing(
    server: CommunityServer, picture_stream: EventStream, frame: bytes
) -> None:
    """Garbage in a binary frame is skipped; the stream and its events go on."""
    server.send_raw(frame)
    server.publish_notice("Still here", "1")

    assert (await next_event(picture_stream, NoticePublished)).title == "Still here"
    assert picture_stream.connected


async def test_a_picture_for_no_live_ring_is_dropped(
    server: CommunityServer, picture_stream: EventStream
) -> None:
    """A picture naming a cursor that was no live ring of this stream reaches no one."""
    server.publish_notice("A notice", "1")
    notice = await next_event(picture_stream, NoticePublished)
    server.send_raw(notice.cursor.to_bytes(8, "big") + JPEG)
    server.publish_notice("Next", "2")

    assert isinstance(await anext(picture_stream), NoticePublished)


@given(cursor=st.integers(min_value=1, max_value=2**64 - 1), body=st.binary(max_size=64))
def test_a_picture_frame_round_trips(cursor: int, body: bytes) -> None:
    """A well-formed frame gives back its cursor and its JPEG bytes, unchanged."""
    assert parse_ring_picture(cursor.to_bytes(8, "big") + JPEG + body) == (cursor, JPEG + body)


@given(frame=st.binary(max_size=64))
def test_any_binary_frame_parses_or_is_refused(frame: bytes) -> None:
    """The parser never fails with anything but the client's own error."""
    try:
        cursor, picture = parse_ring_picture(frame)
    except CommunityInvalidResponseError:
        return
    assert cursor >= 1
    assert picture.startswith(b"\xff\xd8\xff")


def test_a_huge_picture_is_refused() -> None:
    """Beyond 5 MB a frame is no door station's picture."""
    with pytest.raises(CommunityInvalidResponseError):
        parse_ring_picture((1).to_bytes(8, "big") + JPEG + bytes(5 * 1024 * 1024))
