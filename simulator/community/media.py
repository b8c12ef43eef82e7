"""What a door station sends over WebRTC, and what it measures of the resident's voice.

The picture is drawn afresh for every frame (the station's name and the community's local
time, with a bar sweeping across), so a viewer can tell a live picture from a still one.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from functools import cache
import math
import time
from zoneinfo import ZoneInfo

from aiortc import MediaStreamTrack, VideoStreamTrack
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame, VideoFrame
import numpy as np
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 480, 360
SAMPLE_RATE = 48_000
# 20 ms per audio frame, as WebRTC packetises Opus.
SAMPLES_PER_FRAME = 960
TONE_HZ = 440.0
_TONE_AMPLITUDE = 0.2
_FULL_SCALE = 32768.0
_BAR_SECONDS = 4.0


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def gate_picture(station_name: str, moment: datetime) -> Image.Image:
    """One frame: the station's name, the local time to the tenth of a second, a moving bar."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (52, 60, 70))
    draw = ImageDraw.Draw(image)
    # The gate itself: posts and bars, so the picture reads as a gate at a glance.
    for x in range(40, WIDTH - 30, 40):
        draw.rectangle((x, 120, x + 8, HEIGHT - 40), fill=(120, 128, 138))
    draw.rectangle((20, 110, WIDTH - 20, 122), fill=(150, 158, 168))
    phase = (moment.timestamp() % _BAR_SECONDS) / _BAR_SECONDS
    left = int(phase * (WIDTH - 60))
    draw.rectangle((left, HEIGHT - 30, left + 60, HEIGHT - 14), fill=(230, 160, 40))
    draw.text((16, 14), station_name, font=_font(30), fill=(245, 245, 245))
    stamp = f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 100_000}"
    draw.text((16, 56), stamp, font=_font(26), fill=(245, 220, 120))
    return image


class GateVideoTrack(VideoStreamTrack):
    """The station's camera: a drawn picture at the pace aiortc sets for video (30 fps)."""

    def __init__(self, station_name: str, clock: Callable[[], datetime], zone: str) -> None:
        """Draw station_name and clock() in the community's time zone on every frame."""
        super().__init__()
        self._name = station_name
        self._clock = clock
        self._zone = ZoneInfo(zone)
        self.frames_sent = 0

    async def recv(self) -> VideoFrame:
        """The next frame, when it is due."""
        pts, time_base = await self.next_timestamp()
        picture = gate_picture(self._name, self._clock().astimezone(self._zone))
        frame = VideoFrame.from_ndarray(np.asarray(picture), format="rgb24")
        frame.pts = pts
        frame.time_base = time_base
        self.frames_sent += 1
        return frame


class ToneTrack(MediaStreamTrack):
    """A microphone hearing a steady tone (the station's 440 Hz), paced in real time."""

    kind = "audio"

    def __init__(self, hertz: float = TONE_HZ, level: float = _TONE_AMPLITUDE) -> None:
        """level is 0 (a muted microphone) to 1 (full scale)."""
        super().__init__()
        self._hertz = hertz
        self._level = level
        self._started: float | None = None
        self._samples = 0

    async def recv(self) -> AudioFrame:
        """The next 20 ms of tone, when they are due."""
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._started is None:
            self._started = now
        else:
            await asyncio.sleep(self._started + self._samples / SAMPLE_RATE - now)
        frame = AudioFrame.from_ndarray(self._tone(), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self._samples
        frame.time_base = Fraction(1, SAMPLE_RATE)
        self._samples += SAMPLES_PER_FRAME
        return frame

    def _tone(self) -> np.ndarray[tuple[int, int], np.dtype[np.int16]]:
        index = np.arange(self._samples, self._samples + SAMPLES_PER_FRAME)
        wave = np.sin(2 * math.pi * self._hertz * index / SAMPLE_RATE) * self._level
        return (wave * (_FULL_SCALE - 1)).astype(np.int16).reshape(1, -1)


async def frames(track: MediaStreamTrack) -> AsyncIterator[object]:
    """Every frame a received track delivers, until it ends."""
    while True:
        try:
            yield await track.recv()
        except MediaStreamError:
            return


@dataclass(slots=True)
class HeardAudio:
    """What reached the station's loudspeaker: how much, and how loud at its loudest."""

    frames: int = 0
    seconds: float = 0.0
    peak: float = 0.0
    on_change: Callable[[], None] = field(default=lambda: None, repr=False)

    def hear(self, frame: AudioFrame) -> None:
        """Count one decoded frame; peak is 0 (silence) to 1 (full scale)."""
        self.frames += 1
        self.seconds += frame.samples / frame.sample_rate
        samples = frame.to_ndarray()
        if samples.size:
            loudest = float(np.abs(samples.astype(np.int32)).max()) / _FULL_SCALE
            self.peak = max(self.peak, loudest)
        self.on_change()

    async def listen(self, track: MediaStreamTrack) -> None:
        """Hear every frame of the resident's track until it ends."""
        async for frame in frames(track):
            if isinstance(frame, AudioFrame):
                self.hear(frame)

    def to_wire(self) -> dict[str, object]:
        """As the control API reports it."""
        return {"frames": self.frames, "seconds": round(self.seconds, 3), "peak": self.peak}
