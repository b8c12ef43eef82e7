"""Live view: one real WebRTC peer per session, scoped to its resident, expiring on its own.

The door station sends its picture and a tone, and plays what the resident sends; what it
heard is kept per session for the control API, so a test can tell the resident's voice
arrived. Sessions live in memory only: a restart ends them, as a station reboot would.
"""

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import ipaddress
import re
import secrets

from aiortc import (
    RTCConfiguration,
    RTCIceCandidate,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamTrack

from . import seed
from .intercom import answer_with_live_view, camera_door
from .media import GateVideoTrack, HeardAudio, ToneTrack
from .state import State
from .wire import ApiError, invalid, iso, not_found

SESSION_TTL = 600.0
MAX_SESSIONS_PER_RESIDENT = 4
_MEDIA_KINDS = frozenset({"audio", "video"})
# RFC 8839 §5.1 candidate-attribute, with the "candidate:" prefix browsers send optional.
_CANDIDATE = re.compile(
    r"(?:candidate:)?(?P<foundation>[A-Za-z0-9+/]{1,32}) (?P<component>[0-9]{1,3})"
    r" (?P<protocol>[A-Za-z]{3}) (?P<priority>[0-9]{1,10}) (?P<address>[^ ]{1,253})"
    r" (?P<port>[0-9]{1,5}) typ (?P<type>host|srflx|prflx|relay)(?P<extensions>(?: [^ ]+ [^ ]+)*)"
)
_MDNS_NAME = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.local")
_MAX_PORT = 65535
_MAX_PRIORITY = 2**32 - 1


def parse_candidate(
    text: str, sdp_mid: str | None, sdp_m_line_index: int | None
) -> RTCIceCandidate:
    """A remote ICE candidate from its SDP text, or 400: the peer's parser trusts its input."""
    match = _CANDIDATE.fullmatch(text)
    if match is None:
        raise invalid("The candidate is not an ICE candidate line (RFC 8839).")
    protocol = match["protocol"].lower()
    component, port, priority = int(match["component"]), int(match["port"]), int(match["priority"])
    if protocol not in {"udp", "tcp"} or not 1 <= component <= 256:
        raise invalid("The candidate's transport or component is not one ICE knows.")
    if port > _MAX_PORT or priority > _MAX_PRIORITY:
        raise invalid("The candidate's port or priority is out of range.")
    address = _address(match["address"])
    candidate = RTCIceCandidate(
        component=component,
        foundation=match["foundation"],
        ip=address,
        port=port,
        priority=priority,
        protocol=protocol,
        type=match["type"],
        sdpMid=sdp_mid,
        sdpMLineIndex=sdp_m_line_index,
    )
    words = match["extensions"].split()
    for name, value in zip(words[::2], words[1::2], strict=True):
        if name == "raddr":
            candidate.relatedAddress = _address(value)
        elif name == "rport" and value.isdecimal() and int(value) <= _MAX_PORT:
            candidate.relatedPort = int(value)
        elif name == "tcptype":
            candidate.tcpType = value
    return candidate


def _address(text: str) -> str:
    # Browsers hide their addresses behind mDNS names (RFC 8839 §4.2 of the mDNS draft).
    if _MDNS_NAME.fullmatch(text):
        return text
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise invalid("A candidate address must be an IP address or an mDNS name.") from None


@dataclass(slots=True, kw_only=True)
class LiveSession:
    """One resident's live view of one door station."""

    id: str
    resident_id: str
    door_id: str
    call_id: str | None
    expires_at: datetime
    peer: RTCPeerConnection
    video: GateVideoTrack | None
    heard: HeardAudio = field(default_factory=HeardAudio)
    listeners: set[asyncio.Task[None]] = field(default_factory=set)
    expiry: asyncio.TimerHandle | None = None
    remote_candidates: int = 0

    def to_wire(self, answer: str) -> dict[str, object]:
        """As in the LiveSession schema; every candidate of the station is in the answer."""
        return {
            "id": self.id,
            "door_id": self.door_id,
            "answer": answer,
            "candidates": [],
            "expires_at": iso(self.expires_at),
            "call_id": self.call_id,
        }

    def stats(self) -> dict[str, object]:
        """What the control API reports of it."""
        return {
            "id": self.id,
            "resident_id": self.resident_id,
            "door_id": self.door_id,
            "call_id": self.call_id,
            "connection": self.peer.connectionState,
            "video_frames_sent": 0 if self.video is None else self.video.frames_sent,
            "remote_candidates": self.remote_candidates,
            "heard": self.heard.to_wire(),
        }


class LiveViews:
    """The open live-view sessions of a running server."""

    def __init__(self, state: State, ttl: float = SESSION_TTL) -> None:
        """Sessions of state's residents, each closed ttl seconds after it opened."""
        self._state = state
        self._ttl = ttl
        self._sessions: dict[str, LiveSession] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Event()
        self.opened = 0
        self.closed = 0

    async def wait_until(self, condition: Callable[[dict[str, object]], bool]) -> None:
        """Return once condition holds for the stats (tests await this with a timeout)."""
        while not condition(self.stats()):
            changed = self._changed
            await changed.wait()

    def _change(self) -> None:
        # Wake every waiter once, and arm a fresh event for the next change.
        self._changed.set()
        self._changed = asyncio.Event()

    async def open(
        self, resident_id: str, door_id: str, offer: str, call_id: str | None
    ) -> dict[str, object]:
        """Answer a resident's offer with the station's picture and tone; answer call_id too."""
        station = camera_door(self._state, resident_id, door_id, "webrtc")
        if sum(s.resident_id == resident_id for s in self._sessions.values()) >= (
            MAX_SESSIONS_PER_RESIDENT
        ):
            raise ApiError(409, "conflict", "Too many live views are open; close one first.")
        peer = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        session = LiveSession(
            id="rtc-" + secrets.token_hex(12),
            resident_id=resident_id,
            door_id=station.id,
            call_id=call_id,
            expires_at=self._state.now() + timedelta(seconds=self._ttl),
            peer=peer,
            video=None,
        )
        session.heard.on_change = self._change
        try:
            answer = await self._negotiate(session, station.name, offer)
            if call_id is not None:
                answer_with_live_view(self._state, resident_id, call_id, station.id)
        except ApiError:
            await self._close(session)
            raise
        self._sessions[session.id] = session
        self.opened += 1
        self._change()
        session.expiry = asyncio.get_running_loop().call_later(
            self._ttl, self._spawn, lambda: self._release(session.id)
        )
        peer.on("connectionstatechange", lambda: self._on_state(session))
        return session.to_wire(answer)

    async def _negotiate(self, session: LiveSession, name: str, offer: str) -> str:
        peer = session.peer

        def on_track(track: MediaStreamTrack) -> None:
            task = asyncio.get_running_loop().create_task(session.heard.listen(track))
            session.listeners.add(task)
            task.add_done_callback(session.listeners.discard)

        peer.on("track", on_track)
        try:
            await peer.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        except (ValueError, KeyError, IndexError) as err:
            raise invalid("The offer is not an SDP offer the station can answer.") from err
        kinds = {transceiver.kind for transceiver in peer.getTransceivers()}
        if not kinds & _MEDIA_KINDS:
            raise invalid("The offer asks for neither video nor audio.")
        if "video" in kinds:
            session.video = GateVideoTrack(name, self._state.now, str(seed.COMMUNITY["timezone"]))
            peer.addTrack(session.video)
        if "audio" in kinds:
            peer.addTrack(ToneTrack())
        await peer.setLocalDescription(await peer.createAnswer())
        return peer.localDescription.sdp

    async def add_candidate(
        self, resident_id: str, session_id: str, candidate: RTCIceCandidate | None
    ) -> dict[str, object]:
        """A candidate of the resident's side (None: they have no more)."""
        session = self._session(resident_id, session_id)
        try:
            await session.peer.addIceCandidate(candidate)
        except ValueError as err:
            raise invalid("The candidate names no media line of the session.") from err
        session.remote_candidates += candidate is not None
        self._change()
        return {"candidates": []}

    async def close(self, resident_id: str, session_id: str) -> None:
        """The resident closes their live view."""
        await self._release(self._session(resident_id, session_id).id)

    async def close_all(self) -> None:
        """Every session ends (the server stops)."""
        for session_id in list(self._sessions):
            await self._release(session_id)
        await asyncio.gather(*self._background, return_exceptions=True)

    def stats(self) -> dict[str, object]:
        """Open sessions and counts, for the control API."""
        return {
            "open": len(self._sessions),
            "opened": self.opened,
            "closed": self.closed,
            "sessions": [session.stats() for session in self._sessions.values()],
        }

    def _session(self, resident_id: str, session_id: str) -> LiveSession:
        session = self._sessions.get(session_id)
        if session is None or session.resident_id != resident_id:
            raise not_found("live view session")
        return session

    def _on_state(self, session: LiveSession) -> None:
        if session.peer.connectionState in {"failed", "closed"}:
            self._spawn(lambda: self._release(session.id))
        self._change()

    def _spawn(self, job: Callable[[], Coroutine[object, object, None]]) -> None:
        task = asyncio.get_running_loop().create_task(job())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _release(self, session_id: str) -> None:
        session = self._sessions.pop(session_id, None)
        if session is None:
            return
        self.closed += 1
        await self._close(session)
        self._change()

    @staticmethod
    async def _close(session: LiveSession) -> None:
        if session.expiry is not None:
            session.expiry.cancel()
        await session.peer.close()
        # A track that never started (no media arrived yet) does not end by itself.
        for listener in session.listeners:
            listener.cancel()
        await asyncio.gather(*session.listeners, return_exceptions=True)
