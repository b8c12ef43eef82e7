"""XBee API mode 2 (escaped) framing and the API frames the virtual coordinator exchanges.

Frame layout: 0x7E, big-endian length, frame data, checksum (0xFF minus the byte sum of the
frame data). Bytes 0x7E, 0x7D, 0x11 and 0x13 after the start byte are escaped as 0x7D, b ^ 0x20.
Multi-byte fields in XBee API frames are big-endian, unlike ZDO/ZCL payloads.
"""

from __future__ import annotations

from dataclasses import dataclass
import logging

from .errors import FrameError

_LOGGER = logging.getLogger(__name__)

START = 0x7E
_ESCAPE = 0x7D
_RESERVED = frozenset({START, _ESCAPE, 0x11, 0x13})

# Frame types sent by the host.
AT_COMMAND = 0x08
QUEUED_AT_COMMAND = 0x09
EXPLICIT_TRANSMIT = 0x11
REMOTE_AT_COMMAND = 0x17
REGISTER_JOINING_DEVICE = 0x24
# Frame types sent by the coordinator.
AT_RESPONSE = 0x88
MODEM_STATUS = 0x8A
TRANSMIT_STATUS = 0x8B
EXPLICIT_RECEIVE = 0x91
REMOTE_AT_RESPONSE = 0x97
REGISTRATION_STATUS = 0xA4

UNKNOWN_IEEE = 0xFFFF_FFFF_FFFF_FFFF
UNKNOWN_NWK = 0xFFFE


def checksum(data: bytes) -> int:
    """Return the XBee checksum of frame data."""
    return 0xFF - (sum(data) & 0xFF)


def encode_frame(data: bytes) -> bytes:
    """Wrap frame data in start byte, length and checksum, escaping reserved bytes."""
    body = len(data).to_bytes(2, "big") + data + bytes([checksum(data)])
    escaped = bytearray()
    for byte in body:
        if byte in _RESERVED:
            escaped += bytes([_ESCAPE, byte ^ 0x20])
        else:
            escaped.append(byte)
    return bytes([START]) + bytes(escaped)


class FrameDecoder:
    """Reassemble frame data from a byte stream; drops noise and frames with bad checksums."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes and return every complete frame's data."""
        self._buffer += data
        frames: list[bytes] = []
        while (frame := self._next_frame()) is not None:
            frames.append(frame)
        return frames

    def _next_frame(self) -> bytes | None:
        start = self._buffer.find(START)
        if start < 0:
            self._buffer.clear()
            return None
        del self._buffer[:start]
        unescaped = bytearray()
        index = 1
        while index < len(self._buffer):
            byte = self._buffer[index]
            if byte == START:
                # A new start byte inside a frame means the previous frame was cut short.
                del self._buffer[:index]
                return self._next_frame()
            if byte == _ESCAPE:
                if index + 1 >= len(self._buffer):
                    return None
                index += 1
                byte = self._buffer[index] ^ 0x20
            unescaped.append(byte)
            index += 1
            if len(unescaped) >= 3 and len(unescaped) == int.from_bytes(unescaped[:2]) + 3:
                del self._buffer[:index]
                data = bytes(unescaped[2:-1])
                if checksum(data) != unescaped[-1]:
                    _LOGGER.debug("Dropping frame with a bad checksum: %s", data.hex())
                    return self._next_frame()
                return data
        return None


@dataclass(frozen=True, slots=True)
class AtCommand:
    """Local AT command; queued commands wait for AC/WR before taking effect."""

    frame_id: int
    command: str
    parameter: bytes
    queued: bool


@dataclass(frozen=True, slots=True)
class ExplicitTransmit:
    """Explicit addressing transmit request: one APS frame to a node, group or broadcast."""

    frame_id: int
    ieee: int
    nwk: int
    src_ep: int
    dst_ep: int
    cluster: int
    profile: int
    radius: int
    options: int
    data: bytes


@dataclass(frozen=True, slots=True)
class RemoteAtCommand:
    """AT command for another XBee module; virtual devices are not XBee modules."""

    frame_id: int
    ieee: int
    nwk: int
    command: str


@dataclass(frozen=True, slots=True)
class RegisterJoiningDevice:
    """Pre-authorise a joining device with a link key or install code."""

    frame_id: int
    ieee: int


HostFrame = AtCommand | ExplicitTransmit | RemoteAtCommand | RegisterJoiningDevice


def _at_name(raw: bytes) -> str:
    try:
        name = raw.decode("ascii")
    except UnicodeDecodeError as err:
        raise FrameError(f"AT command name is not ASCII: {raw.hex()}") from err
    if len(name) != 2:
        raise FrameError(f"AT command name must be two characters: {raw.hex()}")
    return name.upper()


def _require(data: bytes, length: int, what: str) -> None:
    if len(data) < length:
        raise FrameError(f"{what} frame too short: {data.hex()}")


def parse_host_frame(data: bytes) -> HostFrame:
    """Parse frame data sent by the host; raise FrameError for anything else."""
    if not data:
        raise FrameError("empty frame")
    kind = data[0]
    if kind in (AT_COMMAND, QUEUED_AT_COMMAND):
        _require(data, 4, "AT command")
        return AtCommand(
            frame_id=data[1],
            command=_at_name(data[2:4]),
            parameter=bytes(data[4:]),
            queued=kind == QUEUED_AT_COMMAND,
        )
    if kind == EXPLICIT_TRANSMIT:
        _require(data, 20, "Explicit transmit")
        return ExplicitTransmit(
            frame_id=data[1],
            ieee=int.from_bytes(data[2:10]),
            nwk=int.from_bytes(data[10:12]),
            src_ep=data[12],
            dst_ep=data[13],
            cluster=int.from_bytes(data[14:16]),
            profile=int.from_bytes(data[16:18]),
            radius=data[18],
            options=data[19],
            data=bytes(data[20:]),
        )
    if kind == REMOTE_AT_COMMAND:
        _require(data, 15, "Remote AT command")
        return RemoteAtCommand(
            frame_id=data[1],
            ieee=int.from_bytes(data[2:10]),
            nwk=int.from_bytes(data[10:12]),
            command=_at_name(data[13:15]),
        )
    if kind == REGISTER_JOINING_DEVICE:
        _require(data, 10, "Register joining device")
        return RegisterJoiningDevice(frame_id=data[1], ieee=int.from_bytes(data[2:10]))
    raise FrameError(f"unsupported frame type 0x{kind:02X}")


def at_response(frame_id: int, command: str, status: int, value: bytes) -> bytes:
    """Frame data of an AT command response."""
    return bytes([AT_RESPONSE, frame_id]) + command.encode("ascii") + bytes([status]) + value


def remote_at_response(frame_id: int, ieee: int, nwk: int, command: str, status: int) -> bytes:
    """Frame data of a remote AT command response."""
    return (
        bytes([REMOTE_AT_RESPONSE, frame_id])
        + ieee.to_bytes(8)
        + nwk.to_bytes(2)
        + command.encode("ascii")
        + bytes([status])
    )


def modem_status(status: int) -> bytes:
    """Frame data of a modem status notification."""
    return bytes([MODEM_STATUS, status])


def transmit_status(frame_id: int, nwk: int, status: int) -> bytes:
    """Frame data of a transmit status: delivered on the first try, no discovery needed."""
    return bytes([TRANSMIT_STATUS, frame_id]) + nwk.to_bytes(2) + bytes([0, status, 0])


def registration_status(frame_id: int, status: int) -> bytes:
    """Frame data of a joining-device registration status."""
    return bytes([REGISTRATION_STATUS, frame_id, status])


def explicit_receive(
    *, ieee: int, nwk: int, src_ep: int, dst_ep: int, cluster: int, profile: int, data: bytes
) -> bytes:
    """Frame data of an explicit receive indicator (an acknowledged unicast)."""
    return (
        bytes([EXPLICIT_RECEIVE])
        + ieee.to_bytes(8)
        + nwk.to_bytes(2)
        + bytes([src_ep, dst_ep])
        + cluster.to_bytes(2)
        + profile.to_bytes(2)
        + b"\x01"
        + data
    )
