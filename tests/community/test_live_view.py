"""Live view signalling: the client's typed methods against the reference server's peer."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from hypothesis import given, strategies as st
import pytest

from custom_components.smart_community.community import (
    CallAnswered,
    CommunityClient,
    CommunityInvalidResponseError,
    CommunityRequestError,
    EventStream,
    IceCandidate,
    LiveSession,
)
from custom_components.smart_community.community.fields import Fields
from simulator.community import CommunityServer, NewDoor
from tests.browser_peer import Browser, browser

from .fixtures import HOME, next_event

OTHER_HOME = "home-3-1-0805"
NORTH = "door-north-gate"
_FINGERPRINT = ":".join(["AB"] * 32)
DATA_CHANNEL_ONLY = (
    "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
    "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\n"
    f"a=fingerprint:sha-256 {_FINGERPRINT}\r\na=setup:actpass\r\na=sctp-port:5000\r\n"
)
TRICKLED = IceCandidate(
    candidate="candidate:842163049 1 udp 1677729535 127.0.0.1 54321 typ host",
    sdp_mid="0",
    sdp_m_line_index=0,
)


@pytest.fixture
async def watching() -> AsyncIterator[Browser]:
    """A browser that only watches and listens."""
    async with browser() as peer:
        yield peer


async def _resident2(session: aiohttp.ClientSession, server: CommunityServer) -> CommunityClient:
    other = CommunityClient(session, server.url)
    await other.login("resident2", "demo-password-2")
    return other


async def test_open_trickle_close(
    client: CommunityClient, server: CommunityServer, watching: Browser
) -> None:
    """A session answers the offer, takes candidates and is released when closed."""
    live = await client.open_live_view(NORTH, await watching.offer())

    more = await client.add_live_view_candidate(live.id, TRICKLED)
    done = await client.add_live_view_candidate(live.id, IceCandidate(candidate=""))
    stats = server.live_view_stats()
    await client.close_live_view(live.id)

    assert live.door_id == NORTH
    assert live.answer.startswith("v=0\r\n")
    assert live.call_id is None
    assert (more, done) == ((), ())
    assert stats["open"] == 1
    assert stats["sessions"][0]["remote_candidates"] == 1
    assert server.live_view_stats()["open"] == 0
    assert "v=0" not in repr(live)
    assert "typ host" not in repr(TRICKLED)


async def test_another_homes_station_is_refused(
    client: CommunityClient,
    server: CommunityServer,
    session: aiohttp.ClientSession,
    watching: Browser,
) -> None:
    """A station serving only a neighbour's home opens for them, never for this resident."""
    theirs = server.add_door(
        NewDoor("East gate", [OTHER_HOME], capabilities=("snapshot", "webrtc"))
    )
    offer = await watching.offer()
    neighbour = await _resident2(session, server)

    neighbours_view = await neighbour.open_live_view(theirs, offer)
    with pytest.raises(CommunityRequestError) as refused:
        await client.open_live_view(theirs, offer)

    assert neighbours_view.door_id == theirs
    assert (refused.value.status, refused.value.code) == (404, "not_found")
    assert server.live_view_stats()["opened"] == 1


async def test_another_residents_session_is_out_of_reach(
    client: CommunityClient,
    server: CommunityServer,
    session: aiohttp.ClientSession,
    watching: Browser,
) -> None:
    """Knowing a session id is not enough to trickle into it or close it."""
    live = await client.open_live_view(NORTH, await watching.offer())
    neighbour = await _resident2(session, server)

    for attempt in (
        neighbour.add_live_view_candidate(live.id, TRICKLED),
        neighbour.close_live_view(live.id),
    ):
        with pytest.raises(CommunityRequestError) as refused:
            await attempt
        assert refused.value.code == "not_found"

    assert server.live_view_stats()["open"] == 1


async def test_watching_never_answers_but_asking_does(
    client: CommunityClient, server: CommunityServer, stream: EventStream, watching: Browser
) -> None:
    """Opening a live view during a ring leaves it ringing; naming the call answers it."""
    call_id = server.ring(NORTH, HOME)
    offer = await watching.offer()

    await client.open_live_view(NORTH, offer)
    still_ringing = server.state.calls[call_id].state
    answered = await client.open_live_view(NORTH, offer, answer_call=call_id)
    event = await next_event(stream, CallAnswered)

    assert still_ringing == "ringing"
    assert answered.call_id == call_id
    assert server.state.calls[call_id].state == "answered"
    assert (event.call_id, event.answered_by) == (call_id, "app")


async def test_answering_a_call_from_another_station(
    client: CommunityClient, server: CommunityServer, watching: Browser
) -> None:
    """The call must ring at the station being watched; nothing is left open otherwise."""
    call_id = server.ring("door-lobby-b3-u1", HOME)

    with pytest.raises(CommunityRequestError) as refused:
        await client.open_live_view(NORTH, await watching.offer(), answer_call=call_id)

    assert refused.value.code == "conflict"
    assert server.state.calls[call_id].state == "ringing"
    assert server.live_view_stats()["open"] == 0


async def test_stations_that_cannot_show_a_live_view(
    client: CommunityClient, server: CommunityServer, watching: Browser
) -> None:
    """A station without WebRTC, or one that is offline, refuses with its reason."""
    offer = await watching.offer()
    server.set_online(NORTH, False)

    with pytest.raises(CommunityRequestError) as unsupported:
        await client.open_live_view("door-south-gate", offer)
    with pytest.raises(CommunityRequestError) as offline:
        await client.open_live_view(NORTH, offer)

    assert (unsupported.value.code, offline.value.code) == ("unsupported", "device_offline")


@pytest.mark.parametrize(
    "offer",
    [
        "v=0\r\nthis is not SDP\r\n",
        # A data channel only: nothing for a door station to send.
        DATA_CHANNEL_ONLY,
    ],
)
async def test_offers_the_station_cannot_answer(
    client: CommunityClient, server: CommunityServer, offer: str
) -> None:
    """A broken or media-less offer is a 400, and leaves no session behind."""
    with pytest.raises(CommunityRequestError) as refused:
        await client.open_live_view(NORTH, offer)

    assert (refused.value.status, refused.value.code) == (400, "invalid_request")
    assert server.live_view_stats()["open"] == 0


async def test_sessions_expire(db_path: Any, session: aiohttp.ClientSession) -> None:
    """The station ends a session by itself when its time is up."""
    async with CommunityServer(db_path, live_view_ttl=0.2) as short, browser() as watching:
        resident = CommunityClient(session, short.url)
        await resident.login("resident1", "demo-password-1")
        live = await resident.open_live_view(NORTH, await watching.offer())

        async with asyncio.timeout(10):
            await short.live_views.wait_until(lambda stats: stats["closed"] == 1)

        with pytest.raises(CommunityRequestError) as gone:
            await resident.close_live_view(live.id)
    assert gone.value.code == "not_found"


async def test_a_restart_ends_every_session(
    client: CommunityClient, server: CommunityServer, watching: Browser
) -> None:
    """Sessions live in the station's memory: after a restart the id is unknown."""
    live = await client.open_live_view(NORTH, await watching.offer())

    await server.restart()

    with pytest.raises(CommunityRequestError):
        await client.add_live_view_candidate(live.id, TRICKLED)


async def test_control_api_reports_what_the_station_heard(
    client: CommunityClient,
    server: CommunityServer,
    session: aiohttp.ClientSession,
    watching: Browser,
) -> None:
    """GET /control/webrtc: the sessions, and per session what reached the loudspeaker."""
    await client.open_live_view(NORTH, await watching.offer())

    async with session.get(f"{server.url}/control/webrtc") as response:
        stats = await response.json()

    assert stats["open"] == 1
    assert stats["sessions"][0]["heard"] == {"frames": 0, "seconds": 0.0, "peak": 0.0}


_SESSION = {
    "id": "rtc-1",
    "door_id": NORTH,
    "answer": "v=0\r\n",
    "candidates": [{"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"}],
    "expires_at": "2026-11-28T08:00:01.500Z",
    "call_id": None,
}


def test_live_session_parses_absent_optional_candidate_fields() -> None:
    """sdp_mid and sdp_m_line_index may be absent or null."""
    live = LiveSession.parse(Fields(_SESSION, "response"))

    assert live.candidates == (IceCandidate(candidate="candidate:1 1 udp 1 127.0.0.1 9 typ host"),)


def test_live_session_without_an_sdp_answer() -> None:
    """An answer that is not SDP is a malformed response."""
    with pytest.raises(CommunityInvalidResponseError, match="answer"):
        LiveSession.parse(Fields({**_SESSION, "answer": "<html>"}, "response"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=10,
)


@given(
    st.fixed_dictionaries(
        {},
        optional={key: st.one_of(st.just(value), _JSON) for key, value in _SESSION.items()},
    )
)
def test_live_session_parser_never_lets_junk_through(body: dict[str, object]) -> None:
    """Any body either parses into typed fields or raises the client's own error."""
    try:
        live = LiveSession.parse(Fields(body, "response"))
    except CommunityInvalidResponseError:
        return
    assert isinstance(live.answer, str)
    assert all(isinstance(c.candidate, str) for c in live.candidates)
    for candidate in live.candidates:
        assert candidate.sdp_m_line_index is None or 0 <= candidate.sdp_m_line_index <= 255
