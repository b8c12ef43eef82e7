"""A WebRTC peer that plays the resident's browser: it watches, listens and talks."""

import asyncio
from collections.abc import AsyncIterator
import contextlib

from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
)
from av import AudioFrame, VideoFrame

from simulator.community.media import ToneTrack, frames


def loopback_only(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    """ICE host addresses for peers on one machine: loopback, which ICE skips by default.

    Home Assistant's test harness replaces the machine's interfaces with a made-up one
    (10.10.10.10), which no packet reaches; both peers gather on 127.0.0.1 instead.
    """
    return ["127.0.0.1"] if use_ipv4 else []


# The resident speaks up: far louder than the station's own tone could echo back.
VOICE_LEVEL = 0.5


def voice(level: float = VOICE_LEVEL) -> ToneTrack:
    """The resident's microphone: a 300 Hz tone at level (0: muted)."""
    return ToneTrack(hertz=300.0, level=level)


class Browser:
    """One peer connection: video and audio received, the resident's voice sent."""

    def __init__(self, voice: ToneTrack | None = None) -> None:
        """Talk with voice (None: watch and listen only, as the stock frontend does)."""
        self.peer = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.video: asyncio.Queue[VideoFrame] = asyncio.Queue()
        self.audio: asyncio.Queue[AudioFrame] = asyncio.Queue()
        self._readers: set[asyncio.Task[None]] = set()
        self.peer.addTransceiver("video", direction="recvonly")
        if voice is None:
            self.peer.addTransceiver("audio", direction="recvonly")
        else:
            self.peer.addTrack(voice)
        self.peer.on("track", self._on_track)

    def _on_track(self, track: MediaStreamTrack) -> None:
        task = asyncio.get_running_loop().create_task(self._read(track))
        self._readers.add(task)

    async def _read(self, track: MediaStreamTrack) -> None:
        async for frame in frames(track):
            if isinstance(frame, VideoFrame):
                self.video.put_nowait(frame)
            elif isinstance(frame, AudioFrame):
                self.audio.put_nowait(frame)

    async def offer(self) -> str:
        """The SDP offer, with every candidate in it."""
        await self.peer.setLocalDescription(await self.peer.createOffer())
        return self.peer.localDescription.sdp

    async def answer(self, sdp: str) -> None:
        """The station's answer."""
        await self.peer.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))

    def first_candidate(self) -> str:
        """The offer's first candidate as a browser trickles it ("candidate:...", media 0)."""
        lines = self.peer.localDescription.sdp.splitlines()
        return next(line[2:] for line in lines if line.startswith("a=candidate:"))

    async def close(self) -> None:
        """Hang up."""
        await self.peer.close()
        for reader in self._readers:
            reader.cancel()
        await asyncio.gather(*self._readers, return_exceptions=True)


@contextlib.asynccontextmanager
async def browser(voice: ToneTrack | None = None) -> AsyncIterator[Browser]:
    """A Browser, closed on exit."""
    peer = Browser(voice)
    try:
        yield peer
    finally:
        await peer.close()
