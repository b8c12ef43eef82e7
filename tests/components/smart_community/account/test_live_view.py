"""The gate's live view over native WebRTC, driven as the frontend drives it.

An aiortc peer plays the resident's browser through Home Assistant's camera WebSocket API;
the reference server's door station is a real WebRTC peer too, so video, the station's audio
and the resident's voice really flow, and the station's statistics say what it heard.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from unittest.mock import patch

from homeassistant.components import camera
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from simulator.community import CommunityServer, NewDoor
from tests.browser_peer import Browser, browser, loopback_only, voice

from .conftest import HOME

NORTH_CAMERA = "camera.north_gate_camera"
LOBBY_CAMERA = "camera.building_3_unit_1_lobby_camera"
WITHIN = 20.0

type Stats = dict[str, Any]


@pytest.fixture(autouse=True)
def ice_on_loopback() -> Iterator[None]:
    """Both peers gather their candidates on loopback."""
    with patch("aioice.ice.get_host_addresses", loopback_only):
        yield


@pytest.fixture
async def ws(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> MockHAClientWebSocket:
    """The frontend's WebSocket connection."""
    return await hass_ws_client(hass)


async def until(server: CommunityServer, condition: Callable[[Stats], bool]) -> Stats:
    """The station's live-view statistics once condition holds."""
    async with asyncio.timeout(WITHIN):
        await server.live_views.wait_until(condition)
    return server.live_view_stats()


def heard(stats: Stats) -> dict[str, float]:
    """What the station heard in its only session."""
    (session,) = stats["sessions"]
    return session["heard"]


class LiveViewSocket:
    """One live view opened over the camera WebSocket API, as ha-web-rtc-player does."""

    def __init__(self, ws: MockHAClientWebSocket, entity_id: str) -> None:
        self.ws = ws
        self.entity_id = entity_id
        self.subscription = 0
        self.session_id = ""

    async def offer(self, sdp: str) -> None:
        """Send the offer; read the result and the session id."""
        await self.ws.send_json_auto_id(
            {"type": "camera/webrtc/offer", "entity_id": self.entity_id, "offer": sdp}
        )
        result = await self.ws.receive_json()
        assert result["success"], result
        self.subscription = result["id"]
        session = await self.event()
        assert session["type"] == "session"
        self.session_id = session["session_id"]

    async def event(self) -> dict[str, Any]:
        """The next message of the offer's subscription."""
        async with asyncio.timeout(WITHIN):
            message = await self.ws.receive_json()
        assert message["id"] == self.subscription, message
        event: dict[str, Any] = message["event"]
        return event

    async def candidate(self, candidate: str, sdp_m_line_index: int = 0) -> dict[str, Any]:
        """Trickle one candidate; the command's result."""
        await self.ws.send_json_auto_id(
            {
                "type": "camera/webrtc/candidate",
                "entity_id": self.entity_id,
                "session_id": self.session_id,
                "candidate": {"candidate": candidate, "sdpMLineIndex": sdp_m_line_index},
            }
        )
        async with asyncio.timeout(WITHIN):
            result: dict[str, Any] = await self.ws.receive_json()
        return result

    async def close(self) -> None:
        """Close the live view: the frontend unsubscribes."""
        await self.ws.send_json_auto_id(
            {"type": "unsubscribe_events", "subscription": self.subscription}
        )
        result = await self.ws.receive_json()
        assert result["success"], result


async def answered(ws: MockHAClientWebSocket, peer: Browser) -> LiveViewSocket:
    """The north gate's live view, opened and answered (the browser has not applied it)."""
    live = LiveViewSocket(ws, NORTH_CAMERA)
    await live.offer(await peer.offer())
    assert (await live.event())["type"] == "answer"
    return live


@pytest.fixture
async def talking() -> AsyncIterator[Browser]:
    """A browser that watches, listens and sends the resident's voice."""
    async with browser(voice()) as peer:
        yield peer


async def test_live_view_with_two_way_audio(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    ws: MockHAClientWebSocket,
    talking: Browser,
) -> None:
    """Picture and station audio reach the browser; the resident's voice reaches the gate."""
    call_id = server.ring("door-north-gate", HOME)
    live = LiveViewSocket(ws, NORTH_CAMERA)

    await live.offer(await talking.offer())
    answer = await live.event()
    assert answer["type"] == "answer"
    await talking.answer(answer["answer"])
    trickled = await live.candidate(talking.first_candidate())

    async with asyncio.timeout(WITHIN):
        frame = await talking.video.get()
        sound = await talking.audio.get()
    stats = await until(server, lambda s: heard(s)["peak"] > 0.3)

    assert trickled["success"], trickled
    assert (frame.width, frame.height) == (480, 360)
    assert sound.sample_rate == 48_000
    (session,) = stats["sessions"]
    assert session["door_id"] == "door-north-gate"
    assert session["resident_id"] == "res-1"
    assert session["connection"] == "connected"
    assert session["remote_candidates"] == 1
    assert session["call_id"] is None
    # Watching alone does not answer the visitor.
    assert server.state.calls[call_id].state == "ringing"

    await live.close()
    stats = await until(server, lambda s: s["open"] == 0)
    assert (stats["opened"], stats["closed"]) == (1, 1)


async def test_a_muted_microphone_is_heard_as_silence(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket
) -> None:
    """The station counts what arrives, and a silent microphone stays at zero level."""
    async with browser(voice(level=0.0)) as muted:
        live = LiveViewSocket(ws, NORTH_CAMERA)
        await live.offer(await muted.offer())
        await muted.answer((await live.event())["answer"])

        stats = await until(server, lambda s: heard(s)["frames"] >= 25)

    assert heard(stats)["peak"] == 0.0


async def test_watching_without_a_microphone(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket
) -> None:
    """The stock frontend offers to receive only: it gets the picture, the station hears none."""
    async with browser() as watching:
        live = LiveViewSocket(ws, NORTH_CAMERA)
        await live.offer(await watching.offer())
        await watching.answer((await live.event())["answer"])
        async with asyncio.timeout(WITHIN):
            await watching.video.get()
            await watching.audio.get()

    assert heard(server.live_view_stats())["frames"] == 0


async def test_cameras_offer_webrtc_or_rtsp_as_the_station_does(
    hass: HomeAssistant, entry: ConfigEntry
) -> None:
    """The gate streams over WebRTC (and still RTSP); the older lobby panel over RTSP only."""
    north = camera.helper.get_camera_from_entity_id(hass, NORTH_CAMERA)
    lobby = camera.helper.get_camera_from_entity_id(hass, LOBBY_CAMERA)

    assert north.camera_capabilities.frontend_stream_types == {camera.StreamType.WEB_RTC}
    assert lobby.camera_capabilities.frontend_stream_types == {camera.StreamType.HLS}
    assert (await camera.async_get_stream_source(hass, LOBBY_CAMERA) or "").startswith("rtsp://")
    assert (await camera.async_get_image(hass, NORTH_CAMERA)).content.startswith(b"\xff\xd8")


async def refused(ws: MockHAClientWebSocket, entity_id: str = NORTH_CAMERA) -> dict[str, Any]:
    """Offer a live view that the platform refuses: the error event the frontend gets."""
    async with browser() as watching:
        live = LiveViewSocket(ws, entity_id)
        await live.offer(await watching.offer())
        event = await live.event()
    assert event["type"] == "error", event
    return event


async def test_offline_station(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket
) -> None:
    """An offline station's live view fails with a sentence the resident understands."""
    server.set_online("door-north-gate", False)

    error = await refused(ws)

    assert error["code"] == "device_offline"
    assert error["message"].startswith("The device is offline")
    assert server.live_view_stats()["opened"] == 0


async def test_station_that_no_longer_serves_the_home(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket
) -> None:
    """A station the platform no longer lets this account see is refused, and says so."""
    server.remove_door("door-north-gate")

    error = await refused(ws)

    assert error["code"] == "live_view_refused"
    assert "North gate" in error["message"]


async def test_platform_too_old_in_the_residents_language(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket
) -> None:
    """A platform older than API 1.5 has no live view; the message follows HA's language."""
    server.set_api_version("1.4")
    await entry.runtime_data.async_refresh()
    hass.config.language = "zh-Hans"

    error = await refused(ws)

    assert error["code"] == "live_view_platform_outdated"
    assert "1.4" in error["message"]
    assert "1.5" in error["message"]
    assert "实时画面" in error["message"]
    assert server.live_view_stats()["opened"] == 0


async def test_too_many_live_views(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket
) -> None:
    """The platform caps a resident's open live views; the fifth is refused with a reason."""
    peers = [Browser() for _ in range(4)]
    try:
        for peer in peers:
            await answered(ws, peer)
        error = await refused(ws)
    finally:
        for peer in peers:
            await peer.close()

    assert error["code"] == "live_view_busy"


@pytest.fixture
async def slow_answer(
    server: CommunityServer, entry: ConfigEntry, ws: MockHAClientWebSocket, talking: Browser
) -> LiveViewSocket:
    """A live view offered to a station that takes half a second to answer."""
    server.add_fault(0, delay=0.5, path_prefix="/v1/doors/door-north-gate/webrtc")
    live = LiveViewSocket(ws, NORTH_CAMERA)
    await live.offer(await talking.offer())
    return live


async def test_candidates_sent_while_the_station_answers(
    server: CommunityServer, slow_answer: LiveViewSocket, talking: Browser
) -> None:
    """The browser trickles before the answer is back; nothing is lost."""
    early = await slow_answer.candidate(talking.first_candidate())
    answer = await slow_answer.event()

    assert early["success"], early
    assert answer["type"] == "answer"
    stats = await until(server, lambda s: s["sessions"][0]["remote_candidates"] == 1)
    assert stats["open"] == 1


async def test_closed_while_the_station_answers(
    server: CommunityServer, slow_answer: LiveViewSocket
) -> None:
    """A live view closed before the answer arrives is closed on the platform right after."""
    await slow_answer.close()

    stats = await until(server, lambda s: s["closed"] == 1)
    assert (stats["opened"], stats["open"]) == (1, 0)


async def test_candidate_for_a_closed_live_view(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    ws: MockHAClientWebSocket,
    talking: Browser,
) -> None:
    """A late candidate of a closed live view gets a translated error, not a crash."""
    live = await answered(ws, talking)
    await live.close()

    result = await live.candidate(talking.first_candidate())

    assert not result["success"]
    assert result["error"]["message"] == "This live view has ended. Open it again"


async def test_trickle_failure_reaches_the_browser(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    ws: MockHAClientWebSocket,
    talking: Browser,
) -> None:
    """A candidate the platform fails on ends in a WebRTC error the frontend can show."""
    live = await answered(ws, talking)
    server.add_fault(500, path_prefix="/v1/webrtc/")

    # The error goes out on the offer's subscription while the candidate is handled.
    error = await live.candidate(talking.first_candidate())
    result = await live.ws.receive_json()

    assert result["success"]
    assert error["event"]["type"] == "error"
    assert error["event"]["code"] == "cannot_connect"


async def test_unloading_closes_live_views(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    ws: MockHAClientWebSocket,
    talking: Browser,
) -> None:
    """Removing the account ends its live views on the platform too."""
    await answered(ws, talking)

    await hass.config_entries.async_unload(entry.entry_id)

    stats = await until(server, lambda s: s["open"] == 0)
    assert stats["closed"] == 1


async def test_closing_when_the_platform_fails(
    hass: HomeAssistant,
    server: CommunityServer,
    entry: ConfigEntry,
    ws: MockHAClientWebSocket,
    talking: Browser,
) -> None:
    """A close the platform fails on is left to the session's expiry; nothing breaks."""
    live = await answered(ws, talking)
    server.add_fault(500, count=3, path_prefix="/v1/webrtc/")

    await live.close()
    await hass.config_entries.async_unload(entry.entry_id)

    assert server.live_view_stats()["open"] == 1


async def test_a_station_with_only_a_live_view(
    hass: HomeAssistant, server: CommunityServer, entry: ConfigEntry
) -> None:
    """A new station that offers WebRTC but no RTSP stream: a live view, no stream address."""
    server.add_door(
        NewDoor("East gate", [HOME], capabilities=("snapshot", "webrtc"), door_id="door-east")
    )
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    east = camera.helper.get_camera_from_entity_id(hass, "camera.east_gate_camera")

    assert east.camera_capabilities.frontend_stream_types == {camera.StreamType.WEB_RTC}
    assert await camera.async_get_stream_source(hass, "camera.east_gate_camera") is None
